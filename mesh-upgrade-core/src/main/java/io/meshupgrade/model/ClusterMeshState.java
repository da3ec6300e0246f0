package io.meshupgrade.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What ARM says about a cluster's mesh: whether the add-on is enabled, the installed revisions, the cluster's
 * provisioning state and Kubernetes version, its location, the enabled ingress gateways and the eTag.
 *
 * <p>Immutable and thread-safe.
 *
 * @param cluster the cluster's identity: its full ARM resource id
 *     ({@code /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>},
 *     see {@link ClusterId}); saved in every plan and compared, ignoring case, before a saved plan is applied
 * @param meshEnabled whether serviceMeshProfile.mode is Istio
 * @param revisions the installed revisions, ascending (one, or two during a canary)
 * @param provisioningState the cluster's provisioningState, e.g. Succeeded, Updating, Failed
 * @param kubernetesVersion the cluster's current Kubernetes version
 * @param location the Azure region, e.g. westeurope
 * @param ingressGateways the enabled ingress gateways
 * @param eTag the cluster's eTag, or "" when ARM gave none
 */
public record ClusterMeshState(
    String cluster,
    boolean meshEnabled,
    List<Revision> revisions,
    String provisioningState,
    KubernetesVersion kubernetesVersion,
    String location,
    Set<IngressGateway> ingressGateways,
    String eTag) {

  /**
   * Creates a {@code ClusterMeshState} from its components, checking them.
   *
   * @param cluster the cluster's identity: its full ARM resource id ({@code
   *     /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>}, see
   *     {@link ClusterId}); saved in every plan and compared, ignoring case, before a saved plan is applied
   * @param meshEnabled whether serviceMeshProfile.mode is Istio
   * @param revisions the installed revisions, ascending (one, or two during a canary)
   * @param provisioningState the cluster's provisioningState, e.g. Succeeded, Updating, Failed
   * @param kubernetesVersion the cluster's current Kubernetes version
   * @param location the Azure region, e.g. westeurope
   * @param ingressGateways the enabled ingress gateways
   * @param eTag the cluster's eTag, or "" when ARM gave none
   */
  public ClusterMeshState {
    Objects.requireNonNull(cluster, "cluster");
    List<Revision> sorted = new ArrayList<>(Objects.requireNonNull(revisions, "revisions"));
    Collections.sort(sorted);
    revisions = Collections.unmodifiableList(sorted);
    Objects.requireNonNull(provisioningState, "provisioningState");
    Objects.requireNonNull(kubernetesVersion, "kubernetesVersion");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(ingressGateways, "ingressGateways");
    ingressGateways = Collections.unmodifiableSet(
        ingressGateways.isEmpty() ? EnumSet.noneOf(IngressGateway.class) : EnumSet.copyOf(ingressGateways));
    eTag = eTag == null ? "" : eTag;
  }

  /**
   * {@return the cluster's id, or empty when {@link #cluster()} is not a full resource id (an adapter that has none)}
   */
  public Optional<ClusterId> clusterId() {
    return ClusterId.tryParse(cluster);
  }

  /** {@return whether provisioningState is Failed (case-insensitive): the last operation failed; see repair} */
  public boolean isFailed() {
    return "Failed".equalsIgnoreCase(provisioningState);
  }

  /** {@return whether provisioningState is Succeeded (case-insensitive, as ARM is)} */
  public boolean isSucceeded() {
    return "Succeeded".equalsIgnoreCase(provisioningState);
  }

  /** {@return whether two revisions are installed (a canary upgrade is in progress)} */
  public boolean isCanaryInProgress() {
    return revisions.size() >= 2;
  }

  /** {@return the lowest installed revision} */
  public Optional<Revision> lowestRevision() {
    return revisions.isEmpty() ? Optional.empty() : Optional.of(revisions.get(0));
  }

  /** {@return the highest installed revision} */
  public Optional<Revision> highestRevision() {
    return revisions.isEmpty() ? Optional.empty() : Optional.of(revisions.get(revisions.size() - 1));
  }

  /**
   * This state with other revisions (for fakes and tests).
   *
   * @param newRevisions the new revisions
   * @return this cluster mesh state
   */
  public ClusterMeshState withRevisions(List<Revision> newRevisions) {
    return new ClusterMeshState(cluster, meshEnabled, newRevisions, provisioningState, kubernetesVersion,
        location, ingressGateways, eTag);
  }
}
