package io.meshupgrade.k8s.internal;

import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1ReplicaSetList;
import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.PodRecord;
import io.meshupgrade.model.SidecarState;
import io.meshupgrade.k8s.internal.KubeCalls.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pod inventory: one paginated list of ReplicaSets (for Pod -> ReplicaSet -> Deployment), the mesh namespaces,
 * then one paginated list of pods, keeping a {@link PodRecord} per relevant pod and nothing else. A list whose continue
 * token expires (410) starts again from its first page (see {@link Pages}) instead of failing the inventory.
 * Thread-safe.
 */
public final class PodInventories {
  private final Cluster cluster;
  private final NamespaceLabels namespaces;

  public PodInventories(Cluster cluster, NamespaceLabels namespaces) {
    this.cluster = cluster;
    this.namespaces = namespaces;
  }

  /** See {@link io.meshupgrade.k8s.KubernetesMeshDataPlane#inventory}. */
  public PodInventory take() {
    OwnerResolver owners = new OwnerResolver();
    Pages.<V1ReplicaSetList, V1ReplicaSet>forEach(cluster.calls(), Op.of("list", "replicasets", "*", ""),
        c -> cluster.apps().listReplicaSetForAllNamespaces().limit(cluster.pageSize())._continue(c).execute(),
        V1ReplicaSetList::getItems, V1ReplicaSetList::getMetadata, owners::addReplicaSet, owners::clear);
    Set<String> meshNamespaces = new HashSet<>();
    for (MeshNamespace ns : namespaces.meshNamespaces()) {
      if (!ns.revisionLabel().isEmpty() || "enabled".equals(ns.istioInjectionLabel())) {
        meshNamespaces.add(ns.name());
      }
    }
    List<PodRecord> records = new ArrayList<>();
    Pages.<V1PodList, V1Pod>forEach(cluster.calls(), Op.of("list", "pods", "*", ""),
        c -> cluster.core().listPodForAllNamespaces().limit(cluster.pageSize())._continue(c).execute(),
        V1PodList::getItems, V1PodList::getMetadata, pod -> {
          String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
          if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return; // a finished pod runs no proxy
          }
          if (pod.getMetadata().getDeletionTimestamp() != null) {
            return; // terminating: it is going away on its own; counting it would restart its workload again
          }
          String ns = pod.getMetadata().getNamespace();
          if (isAddonPod(ns, pod)) {
            return; // istiod and the ingress gateways: AKS rolls them itself, never restart them
          }
          SidecarInspection.Sidecar sidecar = SidecarInspection.inspect(pod);
          if (sidecar.state() != SidecarState.INJECTED && !meshNamespaces.contains(ns)) {
            return;
          }
          records.add(PodRecord.builder().namespace(ns).name(pod.getMetadata().getName()).owner(owners.ownerOf(pod))
              .sidecar(sidecar.state()).revisionName(sidecar.revision()).proxyImage(sidecar.proxyImage()).build());
        }, records::clear);
    return PodInventory.of(records);
  }

  private boolean isAddonPod(String namespace, V1Pod pod) {
    if (namespace.equals(cluster.systemNamespace()) || namespace.equals(cluster.ingressNamespace())
        || namespace.equals(Names.EGRESS_NAMESPACE)) {
      return true;
    }
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels != null && "aks".equals(labels.get(Names.LABEL_MANAGED_BY_AKS));
  }
}
