package io.meshupgrade.k8s.internal;

import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1DaemonSetStatus;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentCondition;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetStatus;

/**
 * kubectl's rollout-status rules ({@code kubectl rollout status}, polymorphichelpers/rollout_status.go) for
 * Deployments, StatefulSets and DaemonSets. Pure; thread-safe.
 */
public final class RolloutStatus {

  /** Where a rollout stands. */
  public enum Phase {
    /** Still rolling; look again later. */
    PROGRESSING,
    /** Every pod is new and available. */
    DONE,
    /** The rollout cannot finish on its own (ProgressDeadlineExceeded, OnDelete strategy). */
    FAILED,
    /** The Deployment is paused. */
    PAUSED
  }

  /**
   * One evaluation.
   *
   * @param phase where it stands
   * @param message kubectl's message (why it is not done)
   */
  public record State(Phase phase, String message) {}

  private RolloutStatus() {}

  /** A Deployment's rollout. */
  public static State of(V1Deployment d) {
    String name = name(d.getMetadata());
    if (d.getSpec() != null && Boolean.TRUE.equals(d.getSpec().getPaused())) {
      return new State(Phase.PAUSED, "deployment " + name + " is paused: resume it (kubectl rollout resume)"
          + " and restart it again");
    }
    V1DeploymentStatus s = d.getStatus() == null ? new V1DeploymentStatus() : d.getStatus();
    if (generation(d.getMetadata()) > n(s.getObservedGeneration())) {
      return progressing("Waiting for deployment " + name + " spec update to be observed...");
    }
    if (s.getConditions() != null) {
      for (V1DeploymentCondition c : s.getConditions()) {
        if ("Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason())) {
          return new State(Phase.FAILED, "ProgressDeadlineExceeded: deployment " + name
              + " exceeded its progress deadline" + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")"));
        }
      }
    }
    int desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    int updated = n(s.getUpdatedReplicas());
    if (updated < desired) {
      return progressing("Waiting for deployment " + name + " rollout to finish: " + updated + " out of "
          + desired + " new replicas have been updated...");
    }
    if (n(s.getReplicas()) > updated) {
      return progressing("Waiting for deployment " + name + " rollout to finish: " + (n(s.getReplicas()) - updated)
          + " old replicas are pending termination...");
    }
    if (n(s.getAvailableReplicas()) < updated) {
      return progressing("Waiting for deployment " + name + " rollout to finish: " + n(s.getAvailableReplicas())
          + " of " + updated + " updated replicas are available...");
    }
    return new State(Phase.DONE, "deployment " + name + " successfully rolled out");
  }

  /** A StatefulSet's rollout. */
  public static State of(V1StatefulSet sts) {
    String name = name(sts.getMetadata());
    String strategy = sts.getSpec() == null || sts.getSpec().getUpdateStrategy() == null
        || sts.getSpec().getUpdateStrategy().getType() == null
        ? "RollingUpdate" : sts.getSpec().getUpdateStrategy().getType();
    if (!"RollingUpdate".equals(strategy)) {
      return new State(Phase.FAILED, "statefulset " + name + " uses the " + strategy + " update strategy: its pods"
          + " are not replaced by a restart; delete them to move them to the new revision");
    }
    V1StatefulSetStatus s = sts.getStatus() == null ? new V1StatefulSetStatus() : sts.getStatus();
    long observed = n(s.getObservedGeneration());
    if (observed == 0 || generation(sts.getMetadata()) > observed) {
      return progressing("Waiting for statefulset " + name + " spec update to be observed...");
    }
    int desired = sts.getSpec() == null || sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
    if (n(s.getReadyReplicas()) < desired) {
      return progressing("Waiting for " + (desired - n(s.getReadyReplicas())) + " pods of statefulset " + name
          + " to be ready...");
    }
    Integer partition = sts.getSpec() == null || sts.getSpec().getUpdateStrategy() == null
        || sts.getSpec().getUpdateStrategy().getRollingUpdate() == null
        ? null : sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition();
    if (partition != null && partition > 0) {
      if (n(s.getUpdatedReplicas()) < desired - partition) {
        return progressing("Waiting for partitioned roll out of statefulset " + name + " to finish: "
            + n(s.getUpdatedReplicas()) + " out of " + (desired - partition) + " new pods have been updated...");
      }
      return new State(Phase.DONE, "partitioned roll out of statefulset " + name + " complete: "
          + n(s.getUpdatedReplicas()) + " new pods have been updated");
    }
    if (s.getUpdateRevision() == null || !s.getUpdateRevision().equals(s.getCurrentRevision())) {
      return progressing("Waiting for statefulset " + name + " rolling update to complete " + n(s.getUpdatedReplicas())
          + " pods at revision " + s.getUpdateRevision() + "...");
    }
    return new State(Phase.DONE, "statefulset " + name + " rolling update complete " + n(s.getCurrentReplicas())
        + " pods at revision " + s.getCurrentRevision());
  }

  /** A DaemonSet's rollout. */
  public static State of(V1DaemonSet ds) {
    String name = name(ds.getMetadata());
    String strategy = ds.getSpec() == null || ds.getSpec().getUpdateStrategy() == null
        || ds.getSpec().getUpdateStrategy().getType() == null
        ? "RollingUpdate" : ds.getSpec().getUpdateStrategy().getType();
    if (!"RollingUpdate".equals(strategy)) {
      return new State(Phase.FAILED, "daemonset " + name + " uses the " + strategy + " update strategy: its pods"
          + " are not replaced by a restart; delete them to move them to the new revision");
    }
    V1DaemonSetStatus s = ds.getStatus() == null ? new V1DaemonSetStatus() : ds.getStatus();
    if (generation(ds.getMetadata()) > n(s.getObservedGeneration())) {
      return progressing("Waiting for daemon set " + name + " spec update to be observed...");
    }
    int desired = n(s.getDesiredNumberScheduled());
    if (n(s.getUpdatedNumberScheduled()) < desired) {
      return progressing("Waiting for daemon set " + name + " rollout to finish: " + n(s.getUpdatedNumberScheduled())
          + " out of " + desired + " new pods have been updated...");
    }
    if (n(s.getNumberAvailable()) < desired) {
      return progressing("Waiting for daemon set " + name + " rollout to finish: " + n(s.getNumberAvailable())
          + " of " + desired + " updated pods are available...");
    }
    return new State(Phase.DONE, "daemon set " + name + " successfully rolled out");
  }

  private static State progressing(String message) {
    return new State(Phase.PROGRESSING, message);
  }

  private static String name(V1ObjectMeta meta) {
    return meta == null ? "?" : "\"" + meta.getName() + "\"";
  }

  private static long generation(V1ObjectMeta meta) {
    return meta == null || meta.getGeneration() == null ? 0 : meta.getGeneration();
  }

  private static int n(Integer i) {
    return i == null ? 0 : i;
  }

  private static long n(Long l) {
    return l == null ? 0 : l;
  }
}
