package io.meshupgrade.spi;

import io.meshupgrade.model.ControlPlaneStatus;
import io.meshupgrade.model.IngressGateway;
import io.meshupgrade.model.MeshConfigCopy;
import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.options.RestartOptions;
import io.meshupgrade.report.RestartReport;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.WorkloadRef;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What kubectl does inside the cluster for a mesh upgrade. Implementations must be thread-safe; every mutation is
 * idempotent. Client types never cross this port: failures are {@link io.meshupgrade.exception.MeshUpgradeException}s
 * (for example {@link io.meshupgrade.exception.MissingPermissionException} for a 403).
 */
public interface MeshDataPlane {

  /**
   * Seed step 4: waits until istiod of {@code revision} (Deployment {@code istiod-<rev>} in aks-istio-system) and,
   * for each given gateway kind, its ingress gateway Deployment are available with Ready pods, or until
   * {@code timeout}. Returns the status either way; it lists every object and why it is not ready.
   *
   * @param revision the revision whose control plane to wait for
   * @param gateways the ingress gateway kinds whose Deployments must be available too; empty for istiod only
   * @param timeout how long to wait at most
   * @return the status of istiod and the gateways when they became ready or the timeout passed
   */
  ControlPlaneStatus awaitControlPlane(Revision revision, Set<IngressGateway> gateways, Duration timeout);

  /**
   * Seed step 2: copies ConfigMap {@code istio-shared-configmap-<from>} to {@code istio-shared-configmap-<to>}
   * in aks-istio-system (same data) when the source exists. Never touches {@code istio-<rev>}.
   *
   * @param overwrite whether a target with different data may be replaced
   * @param from the revision whose shared mesh config is copied
   * @param to the revision the copy is made for
   * @return what the copy did: copied, already present, overwritten, or no source to copy
   * @throws io.meshupgrade.exception.MeshConfigConflictException if the target exists with other data and not overwrite
   */
  MeshConfigCopy copySharedMeshConfig(Revision from, Revision to, boolean overwrite);

  /**
   * Seed step 8: deletes {@code istio-shared-configmap-<revision>} after complete or rollback removed the
   * revision.
   *
   * @param revision the removed revision
   * @return whether it existed
   */
  boolean deleteSharedMeshConfig(Revision revision);

  /**
   * Seed step 5: the namespaces labelled {@code istio.io/rev} or {@code istio-injection}, ascending by name.
   *
   * @return the namespaces with a mesh injection label, ascending by name; empty when none
   */
  List<MeshNamespace> meshNamespaces();

  /**
   * Seed step 5 (and its revert on rollback, seed step 7): sets {@code istio.io/rev=<value>} on each namespace with a JSON merge
   * patch. {@code value} is a revision or a tag name; it is validated as a label value.
   *
   * @param namespaces the names of the namespaces to relabel
   * @param value the revision or revision tag name to set as {@code istio.io/rev}
   * @return the namespaces as they are afterwards
   */
  List<MeshNamespace> relabelNamespaces(Collection<String> namespaces, String value);

  /** {@return the revision tags and the namespaces labelled with each, ascending by tag} */
  List<RevisionTag> revisionTags();

  /**
   * Seed step 5, revision-tag variant (the seed's note on revision tags): points {@code tag} at {@code revision} the way istioctl does (creating the tag's
   * MutatingWebhookConfiguration when absent).
   *
   * @param tag the revision tag name, e.g. {@code prod-stable}
   * @param revision the revision the tag points at afterwards
   * @return the tag as it is afterwards, with the namespaces labelled with it
   * @throws io.meshupgrade.exception.UpgradeRefusedException if the revision's control plane is not ready
   */
  RevisionTag moveRevisionTag(String tag, Revision revision);

  /**
   * Seed steps 6-7: every pod's sidecar revision, proxy image and owning workload.
   *
   * @return the pods found now, with their sidecar revision, proxy image and owning workload
   */
  PodInventory inventory();

  /**
   * Seed step 6: {@code kubectl rollout restart} of exactly the given workloads with bounded concurrency, then waits
   * for each rollout by kubectl's rollout-status rules. A workload that fails does not stop the others.
   *
   * @param listener told of each restart and each rollout result, as they happen
   * @param workloads the workloads to restart, in restart order
   * @param options the concurrency and rollout timeout of the restarts
   * @return each rollout's result, in the order the restarts were issued
   */
  RestartReport restartWorkloads(List<WorkloadRef> workloads, RestartOptions options, RestartListener listener);

  /**
   * Patch roll-over: the proxy image the revision injects now, from {@code istio-sidecar-injector-<rev>}; empty
   * when that ConfigMap is absent.
   *
   * @param revision the installed revision
   * @return the proxy image reference the revision injects now; empty when its injector ConfigMap is absent
   */
  Optional<String> currentProxyImage(Revision revision);

  /** Told of progress during {@link #restartWorkloads}. Called from worker threads; must be thread-safe. */
  interface RestartListener {
    /** A listener that ignores everything. */
    RestartListener NONE = new RestartListener() {};

    /**
     * {@code workload} was restarted; it is the {@code index}-th (1-based) of {@code total}.
     *
     * @param workload the workload just restarted
     * @param index its position among the workloads of this call, 1-based
     * @param total how many workloads this call restarts
     */
    default void restarted(WorkloadRef workload, int index, int total) {}

    /**
     * {@code workload}'s rollout ended.
     *
     * @param result how the rollout ended, successfully or not
     */
    default void rolloutFinished(RolloutResult result) {}
  }
}
