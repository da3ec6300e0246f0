package io.meshupgrade.report;

import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.plan.PatchRollover;
import java.util.List;
import java.util.Map;

/**
 * What {@link io.meshupgrade.MeshUpgrader#rollOverPatch()} did: the proxy image each installed revision injects now, the workloads
 * found on an older image, and the restarts. Immutable and thread-safe.
 *
 * @param currentImages the proxy image each installed revision injects now, ascending by revision (revisions whose
 *     injector config could not be read are missing, and named in {@code warnings})
 * @param staleWorkloads every workload with a pod on a stale proxy, ascending
 * @param restarted the restartable stale workloads that were restarted
 * @param notRestartable the stale workloads that cannot be restarted (Jobs, bare pods): recreate them yourself
 * @param failedRollouts the restarts that did not succeed
 * @param warnings things that need a look
 * @param listenerFailures how many times a listener threw (and was ignored)
 */
public record RollOverReport(
    Map<Revision, String> currentImages,
    List<PatchRollover.StaleWorkload> staleWorkloads,
    List<WorkloadRef> restarted,
    List<WorkloadRef> notRestartable,
    List<RolloutResult> failedRollouts,
    List<String> warnings,
    int listenerFailures) {

  /**
   * Creates a {@code RollOverReport} from its components, checking them.
   *
   * @param currentImages the proxy image each installed revision injects now, ascending by revision (revisions whose
   *     injector config could not be read are missing, and named in {@code warnings})
   * @param staleWorkloads every workload with a pod on a stale proxy, ascending
   * @param restarted the restartable stale workloads that were restarted
   * @param notRestartable the stale workloads that cannot be restarted (Jobs, bare pods): recreate them yourself
   * @param failedRollouts the restarts that did not succeed
   * @param warnings things that need a look
   * @param listenerFailures how many times a listener threw (and was ignored)
   */
  public RollOverReport {
    currentImages = SortedMaps.copyOf(currentImages, "currentImages");
    staleWorkloads = List.copyOf(staleWorkloads);
    restarted = List.copyOf(restarted);
    notRestartable = List.copyOf(notRestartable);
    failedRollouts = List.copyOf(failedRollouts);
    warnings = List.copyOf(warnings);
  }

  /** {@return whether every restart succeeded (true when nothing was stale)} */
  public boolean allSucceeded() {
    return failedRollouts.isEmpty();
  }
}
