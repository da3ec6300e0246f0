package io.meshupgrade.model;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Whether a revision's control plane (istiod, and its ingress gateways when enabled) is ready, with every object
 * checked and why it is not ready.
 *
 * <p>Build one with {@link #of(Revision, List)} or {@link #builder()}; a field added later gets a default in the
 * builder, so no caller breaks. Immutable and thread-safe.
 */
public final class ControlPlaneStatus {

  private final Revision revision;
  private final List<Component> components;

  /**
   * One checked object.
   *
   * @param kind e.g. Deployment
   * @param namespace its namespace
   * @param name its name
   * @param ready whether it is ready
   * @param reason why it is not ready ("" when ready), e.g. "0/2 replicas available"
   */
  public record Component(String kind, String namespace, String name, boolean ready, String reason) {
    /**
     * Validates the component; a {@code null} reason becomes "".
     *
     * @param kind e.g. Deployment; not null
     * @param namespace its namespace; not null
     * @param name its name; not null
     * @param ready whether it is ready
     * @param reason why it is not ready; {@code null} or "" when ready
     * @throws NullPointerException when kind, namespace or name is null
     */
    public Component {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
      reason = reason == null ? "" : reason;
    }
  }

  private ControlPlaneStatus(Builder b) {
    this.revision = Objects.requireNonNull(b.revision, "revision");
    this.components = List.copyOf(b.components);
  }

  /**
   * The status of {@code revision}'s control plane, made of {@code components} (copied).
   *
   * @param revision the revision whose control plane was checked; not null
   * @param components every object checked, in the order checked; empty when none was found
   * @return the status
   */
  public static ControlPlaneStatus of(Revision revision, List<Component> components) {
    return builder().revision(revision).components(components).build();
  }

  /**
   * A builder with no revision yet (required) and no components.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these values.
   *
   * @return a new builder, initialised with this status's revision and components
   */
  public Builder toBuilder() {
    return new Builder().revision(revision).components(components);
  }

  /**
   * The revision whose control plane was checked.
   *
   * @return the checked revision; never null
   */
  public Revision revision() {
    return revision;
  }

  /**
   * Every object checked, in the order checked.
   *
   * @return the checked objects, unmodifiable; empty when nothing was found
   */
  public List<Component> components() {
    return components;
  }

  /**
   * Ready when there is at least one component and every component is ready.
   *
   * @return true when the control plane is ready
   */
  public boolean ready() {
    return !components.isEmpty() && components.stream().allMatch(Component::ready);
  }

  /**
   * What is not ready, for messages: {@code "asm-1-19: Deployment aks-istio-system/istiod-asm-1-19 (0/2 replicas
   * available), ..."}; {@code "asm-1-19 has no control plane objects"} when nothing was checked, and
   * {@code "asm-1-19: ready"} when everything is ready.
   *
   * @return a one-line, human-readable description; never empty
   */
  public String describe() {
    if (components.isEmpty()) {
      return revision + " has no control plane objects";
    }
    if (ready()) {
      return revision + ": ready";
    }
    return notReady().stream()
        .map(c -> c.kind() + " " + c.namespace() + "/" + c.name() + " (" + c.reason() + ")")
        .collect(Collectors.joining(", ", revision + ": ", ""));
  }

  /**
   * The components that are not ready.
   *
   * @return the components not ready, in the order checked; empty when all are ready
   */
  public List<Component> notReady() {
    return components.stream().filter(c -> !c.ready()).toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ControlPlaneStatus s && s.revision.equals(revision) && s.components.equals(components);
  }

  @Override
  public int hashCode() {
    return Objects.hash(revision, components);
  }

  @Override
  public String toString() {
    return "ControlPlaneStatus[revision=" + revision + ", components=" + components + "]";
  }

  /** Builds a {@link ControlPlaneStatus}; not thread-safe. */
  public static final class Builder {
    private Revision revision;
    private List<Component> components = List.of();

    private Builder() {}

    /**
     * The revision whose control plane was checked (required).
     *
     * @param revision the checked revision
     * @return this builder
     */
    public Builder revision(Revision revision) {
      this.revision = revision;
      return this;
    }

    /**
     * Every object checked (copied; null throws NPE).
     *
     * @param components the checked objects, in the order checked; empty when none was found
     * @return this builder
     */
    public Builder components(List<Component> components) {
      this.components = List.copyOf(Objects.requireNonNull(components, "components"));
      return this;
    }

    /**
     * The status.
     *
     * @return a new immutable status with this builder's values
     * @throws NullPointerException when the revision is missing
     */
    public ControlPlaneStatus build() {
      return new ControlPlaneStatus(this);
    }
  }
}
