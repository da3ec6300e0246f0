package io.meshupgrade.spi;

import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.MeshUpgrades;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;

/**
 * What ARM does for the mesh add-on of one managed cluster: the {@code az aks mesh} verbs.
 *
 * <p>Every mutation is idempotent: asking for a state the cluster is already in succeeds without a write. Every
 * mutation waits for the long-running operation to end and for the cluster to be Succeeded again, and returns the
 * state re-read afterwards. Failures are {@link io.meshupgrade.exception.MeshUpgradeException}s; SDK types never cross this
 * port. Implementations must be thread-safe.
 */
public interface MeshControlPlane {

  /**
   * Discover (seed step 1): the cluster's mesh profile, provisioning state, Kubernetes version, location and eTag.
   * A cluster without the add-on is returned with {@code meshEnabled() == false}, never as an NPE.
   *
   * @return the cluster mesh state
   * @throws io.meshupgrade.exception.ClusterNotFoundException if the cluster does not exist
   */
  ClusterMeshState readMeshState();

  /**
   * {@code az aks mesh get-upgrades} (seed step 1): the offered upgrades of the installed revision. While a canary
   * is in progress ARM may answer 409 ServiceMeshUpgradeInProgress; that returns
   * {@link MeshUpgrades#inProgress()}.
   *
   * @return the mesh upgrades
   * @throws io.meshupgrade.exception.MeshNotEnabledException if the add-on is not enabled
   */
  MeshUpgrades getUpgrades();

  /**
   * {@code az aks mesh get-revisions} (seed step 1): what AKS supports in the cluster's location.
   *
   * @return the revision catalog
   */
  RevisionCatalog getRevisions();

  /**
   * {@code az aks mesh upgrade start --revision target} (seed step 3): revisions {@code [current]} become
   * {@code [current, target]}. Succeeds without a write when both are already installed.
   *
   * @param target the revision to upgrade to
   * @return the cluster mesh state
   * @throws io.meshupgrade.exception.RequestRejectedException if ARM rejects the revision change (400)
   * @throws io.meshupgrade.exception.ClusterNotReadyException if the cluster is not Succeeded
   */
  ClusterMeshState startCanary(Revision target);

  /**
   * {@code az aks mesh upgrade complete} (seed step 7, "Complete the canary upgrade"): keep the highest revision, drop the lowest. Succeeds
   * without a write when only {@code target} remains.
   *
   * @param target the revision expected to remain
   * @return the cluster mesh state
   * @throws io.meshupgrade.exception.NoUpgradeInProgressException if one revision is installed and it is not {@code target}
   */
  ClusterMeshState complete(Revision target);

  /**
   * {@code az aks mesh upgrade rollback} (seed step 7, "Rollback the canary upgrade"): keep the lowest revision, drop the highest. Succeeds without
   * a write when only {@code previous} remains.
   *
   * @param previous the revision expected to remain
   * @return the cluster mesh state
   * @throws io.meshupgrade.exception.NoUpgradeInProgressException if one revision is installed and it is not
   *     {@code previous}
   */
  ClusterMeshState rollback(Revision previous);

  /**
   * Repairs a cluster whose last operation ended Failed, as AKS recovers one: re-applies the cluster's current body
   * unchanged (a reconcile PUT guarded by the eTag just read, like {@code az aks update} with no change) and waits
   * for the operation. Every property, the mesh revisions included, is sent back as read. Succeeds without a write
   * when the cluster is already Succeeded.
   *
   * <p>The default implementation refuses: an adapter that cannot re-apply the cluster says so.
   *
   * @return the state re-read after the operation
   * @throws io.meshupgrade.exception.ClusterNotReadyException if an operation is still running (Updating, Deleting, ...)
   * @throws io.meshupgrade.exception.OperationFailedException if the reconcile operation fails too
   */
  default ClusterMeshState repair() {
    throw new io.meshupgrade.exception.MeshUpgradeException(getClass().getName() + " cannot repair a cluster: re-apply it"
        + " unchanged with 'az aks update --resource-group <rg> --name <name>', then call again");
  }
}
