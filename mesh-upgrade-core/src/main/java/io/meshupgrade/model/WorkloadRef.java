package io.meshupgrade.model;

import java.util.Comparator;
import java.util.Objects;

/**
 * A workload by kind, namespace and name (for a bare pod: the pod's name).
 *
 * <p>Immutable and thread-safe.
 */
public record WorkloadRef(WorkloadKind kind, String namespace, String name) implements Comparable<WorkloadRef> {
  private static final Comparator<WorkloadRef> ORDER = Comparator.comparing(WorkloadRef::namespace)
      .thenComparing(WorkloadRef::kind)
      .thenComparing(WorkloadRef::name);

  /**
   * Creates a {@code WorkloadRef} from its components, checking them.
   *
   * @param kind the kind
   * @param namespace the namespace
   * @param name the name
   */
  public WorkloadRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /**
   * {@return a Deployment; null arguments throw {@link NullPointerException} naming them}
   *
   * @param namespace the namespace
   * @param name the name
   */
  public static WorkloadRef deployment(String namespace, String name) {
    return new WorkloadRef(WorkloadKind.DEPLOYMENT, namespace, name);
  }

  /**
   * {@return a StatefulSet; null arguments throw {@link NullPointerException} naming them}
   *
   * @param namespace the namespace
   * @param name the name
   */
  public static WorkloadRef statefulSet(String namespace, String name) {
    return new WorkloadRef(WorkloadKind.STATEFUL_SET, namespace, name);
  }

  /**
   * {@return a DaemonSet; null arguments throw {@link NullPointerException} naming them}
   *
   * @param namespace the namespace
   * @param name the name
   */
  public static WorkloadRef daemonSet(String namespace, String name) {
    return new WorkloadRef(WorkloadKind.DAEMON_SET, namespace, name);
  }

  /** Orders by namespace, then kind, then name. */
  @Override
  public int compareTo(WorkloadRef o) {
    return ORDER.compare(this, o);
  }

  /** {@code Deployment shop/cart}. */
  @Override
  public String toString() {
    return kind.kubernetesKind() + " " + namespace + "/" + name;
  }
}
