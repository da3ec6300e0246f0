package io.meshupgrade.k8s.internal;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a pod's owning workload: Pod -> ReplicaSet -> Deployment, StatefulSet, DaemonSet, Job; a pod without a
 * controller is a bare pod. ReplicaSet owners come from ONE list of ReplicaSets fed in with {@link #addReplicaSet},
 * never from a GET per pod; only the ReplicaSet-to-Deployment names are kept. Not thread-safe while being fed;
 * read-only afterwards.
 */
public final class OwnerResolver {
  /** namespace + '/' + ReplicaSet name -> owning Deployment name, or "" for a ReplicaSet without a Deployment. */
  private final Map<String, String> replicaSetOwners = new HashMap<>();

  /** Records one ReplicaSet of the list. */
  public void addReplicaSet(V1ReplicaSet rs) {
    V1ObjectMeta meta = rs.getMetadata();
    if (meta == null || meta.getName() == null) {
      return;
    }
    String deployment = controller(meta.getOwnerReferences())
        .filter(o -> "Deployment".equals(o.getKind()))
        .map(V1OwnerReference::getName)
        .orElse("");
    replicaSetOwners.put(meta.getNamespace() + "/" + meta.getName(), deployment);
  }

  /** Forgets every ReplicaSet (the list is read again from its first page). */
  public void clear() {
    replicaSetOwners.clear();
  }

  /** How many ReplicaSets are known. */
  public int replicaSetCount() {
    return replicaSetOwners.size();
  }

  /** The workload owning {@code pod}. */
  public WorkloadRef ownerOf(V1Pod pod) {
    V1ObjectMeta meta = pod.getMetadata();
    String namespace = meta.getNamespace();
    Optional<V1OwnerReference> controller = controller(meta.getOwnerReferences());
    if (controller.isEmpty()) {
      return new WorkloadRef(WorkloadKind.BARE_POD, namespace, meta.getName());
    }
    V1OwnerReference owner = controller.get();
    String kind = owner.getKind() == null ? "" : owner.getKind();
    switch (kind) {
      case "ReplicaSet":
        return replicaSetOwner(namespace, owner.getName(), meta.getLabels());
      case "StatefulSet":
        return new WorkloadRef(WorkloadKind.STATEFUL_SET, namespace, owner.getName());
      case "DaemonSet":
        return new WorkloadRef(WorkloadKind.DAEMON_SET, namespace, owner.getName());
      case "Job":
        return new WorkloadRef(WorkloadKind.JOB, namespace, owner.getName());
      default:
        return new WorkloadRef(WorkloadKind.OTHER, namespace, owner.getName());
    }
  }

  private WorkloadRef replicaSetOwner(String namespace, String rsName, Map<String, String> podLabels) {
    String deployment = replicaSetOwners.get(namespace + "/" + rsName);
    if (deployment == null) {
      // The ReplicaSet appeared after the list was taken: a Deployment names its ReplicaSets
      // <deployment>-<pod-template-hash>, and the hash is on the pod.
      String hash = podLabels == null ? null : podLabels.get("pod-template-hash");
      if (hash != null && rsName.endsWith("-" + hash) && rsName.length() > hash.length() + 1) {
        return WorkloadRef.deployment(namespace, rsName.substring(0, rsName.length() - hash.length() - 1));
      }
      return new WorkloadRef(WorkloadKind.OTHER, namespace, rsName);
    }
    return deployment.isEmpty()
        ? new WorkloadRef(WorkloadKind.OTHER, namespace, rsName)
        : WorkloadRef.deployment(namespace, deployment);
  }

  private static Optional<V1OwnerReference> controller(List<V1OwnerReference> owners) {
    if (owners == null || owners.isEmpty()) {
      return Optional.empty();
    }
    for (V1OwnerReference o : owners) {
      if (Boolean.TRUE.equals(o.getController())) {
        return Optional.of(o);
      }
    }
    // Some tools leave out the controller flag; the first owner is then the best guess.
    return Optional.of(owners.get(0));
  }
}
