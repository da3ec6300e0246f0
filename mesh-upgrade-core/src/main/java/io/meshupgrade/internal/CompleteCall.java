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
import io.meshupgrade.plan.TransitionTable;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.report.UpgradeReport.Outcome;
import io.meshupgrade.spi.UpgradeLock;
import java.util.List;
import java.util.Map;

/**
 * {@link io.meshupgrade.MeshUpgrader#complete} and {@code forceComplete}: the manual end of a canary, refused
 * (nothing changed) while anything still uses the old revision, unless forced. Not API. Stateless.
 */
final class CompleteCall {

  private final Calls calls;
  private final Settings s;

  CompleteCall(Calls calls) {
    this.calls = calls;
    this.s = calls.s;
  }

  UpgradeReport complete(String forceReason, UpgradeOptions options, UpgradeLock.Held held, RunControl control) {
    EventBus bus = new EventBus(s.listeners());
    ReportBuilder report = new ReportBuilder(s.clock().instant());
    ClusterMeshState state = s.controlPlane().readMeshState();
    PodInventory inventory = s.dataPlane().inventory();
    report.before(state.revisions(), inventory.countByRevision());
    Calls.InProgress found = calls.loadOrAdopt(state, options);
    UpgradePlan stored = found.stored();
    UpgradePlan plan = found.plan();
    boolean adopted = found.adopted();
    if (plan == null) {
      if (stored != null && stored.stage() == UpgradeStage.COMPLETED
          && state.revisions().equals(List.of(stored.to()))) {
        report.target(stored.to());
        HopRunner runner = calls.runner(bus, report, held, options, null, found.version(), control);
        report.plan(stored);
        runner.finishComplete(stored);
        return calls.finish(report, bus, Outcome.COMPLETED, null, stored.from() + " -> " + stored.to()
            + " was already completed");
      }
      throw Calls.notInProgress(state, "complete");
    }
    report.target(plan.to());
    if (plan.stage() != UpgradeStage.HALTED && TransitionTable.isInRollbackChain(plan.stage())) {
      throw new UpgradeRefusedException("a rollback of " + plan.from() + " -> " + plan.to() + " is in progress"
          + " (stage " + plan.stage() + "): finish it with rollback, then upgrade again");
    }
    if (!state.revisions().contains(plan.to()) && !adopted && HopRunner.expectsCanary(plan)
        && state.revisions().equals(List.of(plan.from()))) {
      throw calls.canaryRemoved(plan, state);
    }
    if (!state.revisions().contains(plan.to())) {
      throw new NoUpgradeInProgressException("the canary of " + plan.to() + " is not installed (installed: "
          + state.revisions() + "): start it with upgrade before completing");
    }
    Orphans orphans = Orphans.of(plan.from(), inventory, s.dataPlane().meshNamespaces(),
        s.dataPlane().revisionTags());
    if (!orphans.isEmpty() && forceReason == null) {
      throw new UpgradeRefusedException("cannot complete " + plan.from() + " -> " + plan.to() + ": "
          + orphans.describe("pass force"));
    }
    DanglingInjection afterComplete = calls.danglingWith(List.of(plan.to()));
    if (!afterComplete.isEmpty() && !options.repointDanglingTags()) {
      throw new DanglingInjectionException(afterComplete, "cannot complete " + plan.from() + " -> " + plan.to()
          + " (nothing was changed): once only " + plan.to() + " is installed, " + afterComplete.describe()
          + ": point the tags at " + plan.to() + " (istioctl tag set <tag> --revision " + plan.to() + ") and"
          + " relabel the namespaces, or pass repointDanglingTags (CLI: --repoint-dangling-tags) to do it before"
          + " complete");
    }
    if (forceReason != null) {
      report.forced(forceReason);
    }
    HopRunner runner = calls.runner(bus, report, held, options, forceReason, found.version(), control);
    plan = runner.start(plan, !adopted);
    HopRunner.Result result = runner.drive(plan, Mode.COMPLETE);
    return calls.finish(report, bus, Calls.outcomeOf(result.ending()), result.stoppedAfter(), result.message());
  }
}
