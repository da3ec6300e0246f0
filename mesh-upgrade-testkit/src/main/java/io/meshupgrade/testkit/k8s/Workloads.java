package io.meshupgrade.testkit.k8s;

import io.meshupgrade.testkit.k8s.internal.WorkloadController;
import java.time.Duration;
import java.util.Objects;

/**
 * Controls of the simulator's workload controller: pod start delay, progress deadline, workloads that never become
 * ready, and waiting until the controllers are idle. Thread-safe.
 */
public final class Workloads {
  private final WorkloadController controller;

  Workloads(WorkloadController controller) {
    this.controller = controller;
  }

  /**
   * New pods become Ready after a delay drawn uniformly from [min, max] (zero: as soon as the controller sees them).
   *
   * @param min the shortest delay
   * @param max the longest delay
   * @return this workloads
   */
  public Workloads startDelay(Duration min, Duration max) {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    controller.startDelay(min, max);
    return this;
  }

  /**
   * Overrides every Deployment's {@code spec.progressDeadlineSeconds}: a rollout not complete within it gets
   * Progressing=False with reason ProgressDeadlineExceeded. Null restores the spec's value.
   *
   * @param deadline the deadline
   * @return this workloads
   */
  public Workloads progressDeadline(Duration deadline) {
    if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new IllegalArgumentException("progress deadline must be positive, got " + deadline);
    }
    controller.progressDeadline(deadline);
    return this;
  }

  /**
   * Pods created from now on for this workload never become Ready (existing pods are not touched).
   *
   * @param kind {@link ApiResource#DEPLOYMENTS}, {@link ApiResource#STATEFUL_SETS}, {@link ApiResource#DAEMON_SETS},
   *     {@link ApiResource#JOBS} or {@link ApiResource#PODS}
   * @param namespace the namespace
   * @param name the name
   * @return this workloads
   */
  public Workloads neverReady(ApiResource kind, String namespace, String name) {
    controller.neverReady(check(kind), Objects.requireNonNull(namespace, "namespace"), name(name), true);
    return this;
  }

  /**
   * Undoes {@link #neverReady}: waiting pods of the workload become Ready after the start delay.
   *
   * @param kind the kind
   * @param namespace the namespace
   * @param name the name
   * @return this workloads
   */
  public Workloads becomeReady(ApiResource kind, String namespace, String name) {
    controller.neverReady(check(kind), Objects.requireNonNull(namespace, "namespace"), name(name), false);
    return this;
  }

  /**
   * Waits until the controllers have nothing queued and no pod waits for its start delay.
   *
   * @param timeout how long to wait at most
   * @return whether that happened within the timeout
   */
  public boolean awaitIdle(Duration timeout) {
    return controller.awaitIdle(Objects.requireNonNull(timeout, "timeout"));
  }

  private static ApiResource check(ApiResource kind) {
    Objects.requireNonNull(kind, "kind");
    if (!(kind.equals(ApiResource.DEPLOYMENTS)
        || kind.equals(ApiResource.STATEFUL_SETS)
        || kind.equals(ApiResource.DAEMON_SETS)
        || kind.equals(ApiResource.JOBS)
        || kind.equals(ApiResource.REPLICA_SETS)
        || kind.equals(ApiResource.PODS))) {
      throw new IllegalArgumentException("not a workload kind: " + kind.kind());
    }
    return kind;
  }

  private static String name(String name) {
    return Objects.requireNonNull(name, "name");
  }
}
