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
   */
  ControlPlaneStatus awaitControlPlane(Revision revision, Set<IngressGateway> gateways, Duration timeout);

  /**
   * Seed step 2: copies ConfigMap {@code istio-shared-configmap-<from>} to {@code istio-shared-configmap-<to>}
   * in aks-istio-system (same data) when the source exists. Never touches {@code istio-<rev>}.
   *
   * @param overwrite whether a target with different data may be replaced
   * @throws io.meshupgrade.exception.MeshConfigConflictException if the target exists with other data and not overwrite
   */
  MeshConfigCopy copySharedMeshConfig(Revision from, Revision to, boolean overwrite);

  /**
   * Seed step 8: deletes {@code istio-shared-configmap-<revision>} after complete or rollback removed the
   * revision.
   *
   * @return whether it existed
   */
  boolean deleteSharedMeshConfig(Revision revision);

  /**
   * Seed step 5: the namespaces labelled {@code istio.io/rev} or {@code istio-injection}, ascending by name.
   */
  List<MeshNamespace> meshNamespaces();

  /**
   * Seed step 5 (and its revert on rollback, seed step 7): sets {@code istio.io/rev=<value>} on each namespace with a JSON merge
   * patch. {@code value} is a revision or a tag name; it is validated as a label value.
   *
   * @return the namespaces as they are afterwards
   */
  List<MeshNamespace> relabelNamespaces(Collection<String> namespaces, String value);

  /** {@return the revision tags and the namespaces labelled with each, ascending by tag} */
  List<RevisionTag> revisionTags();

  /**
   * Seed step 5, revision-tag variant (the seed's note on revision tags): points {@code tag} at {@code revision} the way istioctl does (creating the tag's
   * MutatingWebhookConfiguration when absent).
   *
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
   */
  RestartReport restartWorkloads(List<WorkloadRef> workloads, RestartOptions options, RestartListener listener);

  /**
   * Patch roll-over: the proxy image the revision injects now, from {@code istio-sidecar-injector-<rev>}; empty
   * when that ConfigMap is absent.
   */
  Optional<String> currentProxyImage(Revision revision);

  /** Told of progress during {@link #restartWorkloads}. Called from worker threads; must be thread-safe. */
  interface RestartListener {
    /** A listener that ignores everything. */
    RestartListener NONE = new RestartListener() {};

    /** {@code workload} was restarted; it is the {@code index}-th (1-based) of {@code total}. */
    default void restarted(WorkloadRef workload, int index, int total) {}

    /** {@code workload}'s rollout ended. */
    default void rolloutFinished(RolloutResult result) {}
  }
}
