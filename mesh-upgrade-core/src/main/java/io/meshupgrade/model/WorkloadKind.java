package io.meshupgrade.model;

/**
 * What owns a pod. Only Deployments, StatefulSets and DaemonSets can be restarted.
 *
 * <p>Immutable and thread-safe.
 */
public enum WorkloadKind {
  /** An {@code apps/v1} Deployment. */
  DEPLOYMENT("Deployment"),
  /** An {@code apps/v1} StatefulSet. */
  STATEFUL_SET("StatefulSet"),
  /** An {@code apps/v1} DaemonSet. */
  DAEMON_SET("DaemonSet"),
  /** A Job's pod (or a CronJob's); reported, never restarted. */
  JOB("Job"),
  /** A pod with no controller; reported, never restarted. */
  BARE_POD("Pod"),
  /** Any other controller (e.g. a custom resource); reported, never restarted. */
  OTHER("Other");

  private final String kubernetesKind;

  WorkloadKind(String kubernetesKind) {
    this.kubernetesKind = kubernetesKind;
  }

  /** {@return the Kubernetes kind, e.g. {@code Deployment}} */
  public String kubernetesKind() {
    return kubernetesKind;
  }

  /** {@return whether a rollout restart applies} */
  public boolean isRestartable() {
    return this == DEPLOYMENT || this == STATEFUL_SET || this == DAEMON_SET;
  }
}
