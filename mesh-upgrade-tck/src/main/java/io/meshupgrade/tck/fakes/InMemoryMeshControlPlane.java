package io.meshupgrade.tck.fakes;

import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.exception.ClusterNotReadyException;
import io.meshupgrade.model.IngressGateway;
import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.exception.MeshNotEnabledException;
import io.meshupgrade.model.MeshUpgradeProfile;
import io.meshupgrade.model.MeshUpgrades;
import io.meshupgrade.exception.NoUpgradeInProgressException;
import io.meshupgrade.exception.OperationFailedException;
import io.meshupgrade.exception.RequestRejectedException;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.spi.MeshControlPlane;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link MeshControlPlane} in memory that follows ARM's rules for revisions: at most two, start only to an
 * offered (or, from an unsupported revision, the lowest supported compatible) revision, complete keeps the highest,
 * rollback the lowest, every call idempotent.
 */
public final class InMemoryMeshControlPlane implements MeshControlPlane {

  /** The fake's cluster: subscription A, rg1/cluster1, as a full ARM resource id. */
  public static final String CLUSTER_ID = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1"
      + "/providers/Microsoft.ContainerService/managedClusters/cluster1";

  private final CallLog log;
  private ClusterMeshState state;
  private RevisionCatalog catalog;
  private int writes;
  private int repairs;
  private boolean failNextWrite;
  private int etag;

  /**
   * Creates the cluster {@link #CLUSTER_ID} with the mesh enabled and provisioningState Succeeded.
   *
   * @param log the world's call log, which records every port call as {@code cp.method}
   * @param catalog the revisions ARM offers and supports
   * @param kubernetes the cluster's Kubernetes version
   * @param revisions the installed revisions
   * @param gateways the enabled ingress gateways
   */
  public InMemoryMeshControlPlane(CallLog log, RevisionCatalog catalog, KubernetesVersion kubernetes,
      List<Revision> revisions, Set<IngressGateway> gateways) {
    this.log = log;
    this.catalog = catalog;
    this.state = ClusterMeshState.builder().cluster(CLUSTER_ID).meshEnabled(true).revisions(revisions)
        .provisioningState("Succeeded").kubernetesVersion(kubernetes).location("westeurope").ingressGateways(gateways)
        .eTag("etag-0").build();
  }

  /** {@return the installed revisions, without counting a call (for the data plane fake)} */
  public synchronized List<Revision> installed() {
    return state.revisions();
  }

  /**
   * Replaces the installed revisions, as if changed outside the library, without counting a write.
   *
   * @param revisions the revisions installed from now on
   */
  public synchronized void setRevisions(List<Revision> revisions) {
    state = state.withRevisions(revisions);
  }

  /**
   * Sets the cluster's provisioningState, e.g. {@code Updating} or {@code Failed} to make the cluster not ready.
   *
   * @param provisioningState the ARM provisioningState the cluster reports from now on
   */
  public synchronized void setProvisioningState(String provisioningState) {
    state = state.toBuilder().provisioningState(provisioningState).build();
  }

  /**
   * Enables or disables the Istio add-on; disabling it removes every revision.
   *
   * @param enabled whether the mesh is enabled from now on
   */
  public synchronized void setMeshEnabled(boolean enabled) {
    state = state.toBuilder().meshEnabled(enabled).revisions(enabled ? state.revisions() : List.of()).build();
  }

  /**
   * The same cluster under another id, e.g. another subscription's cluster of the same group and name.
   *
   * @param clusterId the full ARM resource id the cluster reports from now on
   */
  public synchronized void setClusterId(String clusterId) {
    state = state.toBuilder().cluster(clusterId).build();
  }

  /**
   * The next revision write fails as an ARM operation that ends Failed does: nothing changes but the cluster is left
   * in provisioningState Failed, and the call throws {@link OperationFailedException}.
   */
  public synchronized void failNextWrite() {
    failNextWrite = true;
  }

  /** {@return how many reconcile PUTs {@link #repair()} sent} */
  public synchronized int repairs() {
    return repairs;
  }

  private void write(List<Revision> revisions) {
    if (failNextWrite) {
      failNextWrite = false;
      setProvisioningState("Failed");
      throw new OperationFailedException(200, "InternalOperationError", "the operation failed",
          "the long-running operation on cluster " + state.cluster() + " ended Failed", null);
    }
    state = state.toBuilder().revisions(revisions).eTag("etag-" + ++etag).build();
    writes++;
  }

  /** {@return how many times the revisions were written (failed writes excluded)} */
  public synchronized int writes() {
    return writes;
  }

  @Override
  public synchronized ClusterMeshState readMeshState() {
    log.call("cp.readMeshState", false);
    return state;
  }

  @Override
  public synchronized MeshUpgrades getUpgrades() {
    log.call("cp.getUpgrades", false);
    if (!state.meshEnabled()) {
      throw new MeshNotEnabledException(state.cluster());
    }
    if (state.isCanaryInProgress()) {
      return MeshUpgrades.inProgress();
    }
    Revision current = state.revisions().get(0);
    return catalog.entry(current)
        .map(e -> new MeshUpgrades(List.of(new MeshUpgradeProfile(current,
            new TreeSet<>(e.upgrades().stream().filter(u -> catalog.isCompatible(u, state.kubernetesVersion()))
                .toList()),
            e.compatibleWith())), false))
        .orElse(new MeshUpgrades(List.of(), false));
  }

  @Override
  public synchronized RevisionCatalog getRevisions() {
    log.call("cp.getRevisions", false);
    return catalog;
  }

  private RequestRejectedException rejected(String reason) {
    String msg = "Requested change in revisions is not allowed. Reason: " + reason;
    return new RequestRejectedException(400, "BadRequest", msg, msg, null);
  }

  private void requireReady() {
    if (!state.meshEnabled()) {
      throw new MeshNotEnabledException(state.cluster());
    }
    if (!state.isSucceeded()) {
      throw new ClusterNotReadyException(state.cluster(), state.provisioningState());
    }
  }

  @Override
  public synchronized ClusterMeshState startCanary(Revision target) {
    log.call("cp.startCanary", true);
    requireReady();
    List<Revision> revs = state.revisions();
    if (revs.contains(target)) {
      return state; // both installed, or the target alone (as the Azure adapter does)
    }
    if (revs.size() != 1) {
      throw rejected("an upgrade is already in progress: " + revs);
    }
    Revision current = revs.get(0);
    if (!catalog.supports(target)) {
      throw rejected("Revision " + target + " is not supported by the service mesh add-on.");
    }
    if (!catalog.isCompatible(target, state.kubernetesVersion())) {
      throw rejected("Revision " + target + " is not compatible with Kubernetes " + state.kubernetesVersion());
    }
    boolean allowed = catalog.supports(current)
        ? catalog.upgradesOf(current).contains(target)
        : catalog.lowestCompatibleWith(state.kubernetesVersion()).filter(target::equals).isPresent();
    if (!allowed) {
      throw rejected("Revision " + current + " cannot be upgraded to " + target + ".");
    }
    write(List.of(current, target));
    return state;
  }

  @Override
  public synchronized ClusterMeshState complete(Revision target) {
    log.call("cp.complete", true);
    requireReady();
    List<Revision> revs = state.revisions();
    if (revs.size() == 1) {
      if (revs.get(0).equals(target)) {
        return state;
      }
      throw new NoUpgradeInProgressException("Azure Service Mesh upgrade is not in progress.");
    }
    if (!revs.get(1).equals(target)) {
      throw rejected("complete keeps " + revs.get(1) + ", not " + target);
    }
    write(List.of(target));
    return state;
  }

  @Override
  public synchronized ClusterMeshState rollback(Revision previous) {
    log.call("cp.rollback", true);
    requireReady();
    List<Revision> revs = state.revisions();
    if (revs.size() == 1) {
      if (revs.get(0).equals(previous)) {
        return state;
      }
      throw new NoUpgradeInProgressException("Azure Service Mesh upgrade is not in progress.");
    }
    if (!revs.get(0).equals(previous)) {
      throw rejected("rollback keeps " + revs.get(0) + ", not " + previous);
    }
    write(List.of(previous));
    return state;
  }

  /** As AKS: a Failed (or Canceled) cluster re-applied unchanged is Succeeded again; a Succeeded one needs no write. */
  @Override
  public synchronized ClusterMeshState repair() {
    log.call("cp.repair", true);
    if (state.isSucceeded()) {
      return state;
    }
    if (!state.isFailed() && !"Canceled".equalsIgnoreCase(state.provisioningState())) {
      throw new ClusterNotReadyException(state.cluster(), state.provisioningState());
    }
    repairs++;
    state = state.toBuilder().provisioningState("Succeeded").eTag("etag-" + ++etag).build();
    return state;
  }
}
