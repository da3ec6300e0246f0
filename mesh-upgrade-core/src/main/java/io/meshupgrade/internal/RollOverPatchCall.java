package io.meshupgrade.internal;

import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.PatchRollover;
import io.meshupgrade.report.RollOverReport;
import io.meshupgrade.spi.UpgradeLock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link io.meshupgrade.MeshUpgrader#rollOverPatch}: the seed's "Patch version upgrade": restarts the workloads whose
 * proxy image differs from the image their revision injects now. Not API. Stateless.
 */
final class RollOverPatchCall {

  private final Calls calls;
  private final Settings s;

  RollOverPatchCall(Calls calls) {
    this.calls = calls;
    this.s = calls.s;
  }

  RollOverReport rollOverPatch(UpgradeOptions options, UpgradeLock.Held held, RunControl control) {
    EventBus bus = new EventBus(s.listeners());
    ReportBuilder report = new ReportBuilder(s.clock().instant());
    ClusterMeshState state = s.controlPlane().readMeshState();
    PodInventory inventory = s.dataPlane().inventory();
    Map<Revision, String> images = new LinkedHashMap<>();
    List<PatchRollover.StaleWorkload> stale = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Revision r : state.revisions()) {
      Optional<String> image = s.dataPlane().currentProxyImage(r);
      if (image.isEmpty()) {
        warnings.add("the injector config of " + r + " (istio-sidecar-injector-" + r + ") was not found: its"
            + " workloads were not checked");
        continue;
      }
      images.put(r, image.get());
      stale.addAll(PatchRollover.staleWorkloads(r, image.get(), inventory));
    }
    List<WorkloadRef> restartable = stale.stream().filter(PatchRollover.StaleWorkload::isRestartable)
        .map(PatchRollover.StaleWorkload::workload).distinct().toList();
    List<WorkloadRef> notRestartable = stale.stream().filter(w -> !w.isRestartable())
        .map(PatchRollover.StaleWorkload::workload).distinct().toList();
    HopRunner runner = calls.runner(bus, report, held, options, null, Optional.empty(), control);
    List<RolloutResult> failures = runner.restart(restartable);
    return RollOverReport.builder().currentImages(images).staleWorkloads(stale).restarted(restartable)
        .notRestartable(notRestartable).failedRollouts(failures).warnings(warnings)
        .listenerFailures(bus.failures()).build();
  }
}
