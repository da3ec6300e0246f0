package io.meshupgrade.model;

import java.util.Locale;
import java.util.Objects;

/**
 * A cluster's AKS support plan ({@code properties.supportPlan}), which picks the list of Kubernetes versions a mesh
 * revision is compatible with: ARM publishes one {@code compatibleWith} list per plan ({@code KubernetesOfficial},
 * {@code AKSLongTermSupport}). A cluster that reports no plan is on {@link #KUBERNETES_OFFICIAL}, the default.
 *
 * <p>Plans are compared by name, ignoring case; a name this library does not know is kept as ARM spelled it.
 * Immutable and thread-safe.
 *
 * @param name the plan's name as ARM spells it, e.g. {@code KubernetesOfficial}
 */
public record SupportPlan(String name) {

  /** The standard plan, the default: ARM's {@code KubernetesOfficial}. */
  public static final SupportPlan KUBERNETES_OFFICIAL = new SupportPlan("KubernetesOfficial");

  /** Long-term support (also the Premium tier): ARM's {@code AKSLongTermSupport}. */
  public static final SupportPlan AKS_LONG_TERM_SUPPORT = new SupportPlan("AKSLongTermSupport");

  /**
   * Validates the name and spells a known plan the way ARM does.
   *
   * @param name the plan's name, e.g. {@code KubernetesOfficial}
   * @throws IllegalArgumentException when the name is blank
   */
  public SupportPlan {
    Objects.requireNonNull(name, "name");
    name = name.trim();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a support plan needs a name, e.g. KubernetesOfficial or AKSLongTermSupport");
    }
    if (name.equalsIgnoreCase("KubernetesOfficial")) {
      name = "KubernetesOfficial";
    } else if (name.equalsIgnoreCase("AKSLongTermSupport")) {
      name = "AKSLongTermSupport";
    }
  }

  /**
   * {@return the plan named {@code name}; {@link #KUBERNETES_OFFICIAL} when {@code name} is null or blank (a
   * cluster that reports no plan is on the default one)}
   *
   * @param name the plan's name as ARM reports it, or null
   */
  public static SupportPlan ofNullable(String name) {
    return name == null || name.isBlank() ? KUBERNETES_OFFICIAL : new SupportPlan(name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SupportPlan p && p.name.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public int hashCode() {
    return name.toLowerCase(Locale.ROOT).hashCode();
  }

  /** {@return the plan's name as ARM spells it} */
  @Override
  public String toString() {
    return name;
  }
}
