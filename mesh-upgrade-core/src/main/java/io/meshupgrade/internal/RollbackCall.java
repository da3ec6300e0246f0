package io.meshupgrade.internal;

import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.exception.DanglingInjectionException;
import io.meshupgrade.exception.NoUpgradeInProgressException;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.DanglingInjection;
import io.meshupgrade.model.MeshConfigCopy;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.report.UpgradeReport.Outcome;
import io.meshupgrade.spi.UpgradeLock;
import java.util.List;
import java.util.Map;

/**
 * {@link io.meshupgrade.MeshUpgrader#rollback}: moves injection and workloads back, then removes the new revision;
 * refused (nothing changed) after complete. Not API. Stateless.
 */
final class RollbackCall {

  private final Calls calls;
  private final Settings s;

  RollbackCall(Calls calls) {
    this.calls = calls;
    this.s = calls.s;
  }

  UpgradeReport rollback(UpgradeOptions options, UpgradeLock.Held held, RunControl control) {
    EventBus bus = new EventBus(s.listeners());
    ReportBuilder report = new ReportBuilder(s.clock().instant());
    ClusterMeshState state = s.controlPlane().readMeshState();
    report.before(state.revisions(), s.dataPlane().inventory().countByRevision());
    Calls.InProgress found = calls.loadOrAdopt(state, options);
    UpgradePlan stored = found.stored();
    UpgradePlan plan = found.plan();
    boolean adopted = found.adopted();
    if (plan == null) {
      if (stored != null && stored.stage() == UpgradeStage.COMPLETED) {
        throw new UpgradeRefusedException("the upgrade " + stored.from() + " -> " + stored.to()
            + " was completed: AKS cannot roll back after complete (" + stored.from() + " is gone);"
            + " upgrade to a newer revision instead");
      }
      if (stored != null && stored.stage() == UpgradeStage.ROLLED_BACK
          && state.revisions().equals(List.of(stored.from()))) {
        report.target(stored.from());
        report.plan(stored);
        calls.runner(bus, report, held, options, null, found.version(), control)
            .finishRollback(stored);
        return calls.finish(report, bus, Outcome.ROLLED_BACK, null,
            stored.from() + " -> " + stored.to() + " was already rolled back");
      }
      throw Calls.notInProgress(state, "roll back");
    }
    report.target(plan.from());
    HopRunner runner = calls.runner(bus, report, held, options, null, found.version(), control);
    if (!plan.hasReached(UpgradeStage.CANARY_STARTED) && !state.revisions().contains(plan.to())) {
      String copied = plan.details().meshConfigCopy().map(Enum::name).orElse("");
      if (copied.equals(MeshConfigCopy.COPIED.name()) || copied.equals(MeshConfigCopy.OVERWRITTEN.name())) {
        s.dataPlane().deleteSharedMeshConfig(plan.to());
      }
      s.planStore().delete(s.planKey());
      report.plan(plan);
      bus.emit(new UpgradeEvent.RolledBack(s.clock().instant(), plan.from(), plan.to()));
      return calls.finish(report, bus, Outcome.ROLLED_BACK, null, "the canary of " + plan.to()
          + " had not been started: removed its copied mesh config and the saved plan");
    }
    plan = runner.start(plan, !adopted);
    HopRunner.Result result = runner.drive(plan, Mode.ROLLBACK_FULLY);
    return calls.finish(report, bus, Calls.outcomeOf(result.ending()), null, result.message());
  }
}
