package io.meshupgrade.internal;

import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.exception.DanglingInjectionException;
import io.meshupgrade.exception.ForeignPlanException;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.exception.UpgradeNotAllowedException;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.Situation;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.report.UpgradeReport.Outcome;
import io.meshupgrade.spi.Checkpoint;
import io.meshupgrade.spi.UpgradeLock;
import java.util.List;
import java.util.Optional;

/**
 * {@link io.meshupgrade.MeshUpgrader#upgrade}: one canary hop after the other toward the target, each its own plan;
 * a saved plan is resumed when it fits the observed cluster, refused when it does not. Not API. Stateless.
 */
final class UpgradeCall {

  private static final int MAX_HOPS = 64;

  private final Calls calls;
  private final Settings s;

  UpgradeCall(Calls calls) {
    this.calls = calls;
    this.s = calls.s;
  }

  UpgradeReport upgrade(Revision target, UpgradeOptions options, UpgradeLock.Held held, RunControl control) {
    EventBus bus = new EventBus(s.listeners());
    ReportBuilder report = new ReportBuilder(s.clock().instant());
    report.target(target);
    ClusterMeshState first = s.controlPlane().readMeshState();
    report.before(first.revisions(), s.dataPlane().inventory().countByRevision());
    int hopsCompleted = 0;
    for (int i = 0; i < MAX_HOPS; i++) {
      ClusterMeshState state = s.controlPlane().readMeshState();
      Optional<Checkpoint> saved = s.planStore().load(s.planKey());
      Optional<String> version = saved.map(Checkpoint::version);
      UpgradePlan saved0 = saved.map(c -> UpgradePlan.fromCheckpoint(c.json())).orElse(null);
      HopRunner runner = calls.runner(bus, report, held, options, null, version, control);
      UpgradePlan stored;
      try {
        stored = calls.own(saved0, state, options);
      } catch (ForeignPlanException e) {
        return refuse(report, bus, hopsCompleted, e);
      }
      if (stored != saved0) {
        runner.save(stored); // the explicit adoption of an older plan, recorded before anything else
      }
      RevisionCatalog catalog = s.controlPlane().getRevisions();
      Situation situation;
      UpgradePlan plan;
      if (stored != null && !stored.isTerminal()) {
        if (stored.to().isAfter(target)) {
          return refuse(report, bus, hopsCompleted, new UpgradeRefusedException("the upgrade " + stored.from() + " -> "
              + stored.to() + " is in progress (stage " + stored.stage() + ") and goes beyond " + target
              + ": finish it with upgrade(" + stored.to() + ") or call rollback"));
        }
        situation = Situation.classify(state, calls.upgradesOf(state), catalog, stored.to(), s.policy());
        if (HopRunner.expectsCanary(stored) && situation instanceof Situation.StartCanary sc
            && sc.from().equals(stored.from())) {
          return refuse(report, bus, hopsCompleted, calls.canaryRemoved(stored, state));
        }
        boolean fits = situation instanceof Situation.NothingToDo
            || situation instanceof Situation.StartCanary sc && sc.from().equals(stored.from())
            || situation instanceof Situation.ResumeCanary rc && rc.from().equals(stored.from());
        if (!fits) {
          return refuse(report, bus, hopsCompleted, Calls.errorOf(situation, "the saved plan " + stored + " does not match the cluster "
              + state.revisions() + ": " + situation.message()));
        }
        if (situation instanceof Situation.NothingToDo && !stored.hasReached(UpgradeStage.CANARY_STARTED)) {
          // the plan never started its canary and the cluster already runs only its target: it is obsolete (a plan
          // that did start it, even one halted mid-rollback, goes on: namespaces or pods may still point at from)
          s.planStore().delete(s.planKey());
          return calls.finish(report, bus, hopsCompleted > 0 ? Outcome.COMPLETED : Outcome.NOTHING_TO_DO, null,
              "the saved plan " + stored.from() + " -> " + stored.to() + " never started its canary and the cluster"
                  + " already runs only " + stored.to() + ": discarded it; " + situation.message());
        }
        if (!HopRunner.inRollback(stored)) {
          Optional<DanglingInjectionException> dangling = calls.danglingRefusal(state, stored.to(), options);
          if (dangling.isPresent()) {
            return refuse(report, bus, hopsCompleted, dangling.get());
          }
        }
        plan = runner.start(stored, true);
      } else {
        if (i == 0 && stored != null && stored.stage() == UpgradeStage.COMPLETED
            && state.revisions().equals(List.of(stored.to()))) {
          s.dataPlane().deleteSharedMeshConfig(stored.from()); // idempotent end of a run that died after complete
        }
        Revision hop;
        try {
          hop = calls.hopToward(state, target, catalog);
        } catch (UpgradeNotAllowedException e) {
          return refuse(report, bus, hopsCompleted, e);
        }
        situation = Situation.classify(state, calls.upgradesOf(state), catalog, hop, s.policy());
        if (situation instanceof Situation.NothingToDo) {
          return calls.finish(report, bus, hopsCompleted > 0 ? Outcome.COMPLETED : Outcome.NOTHING_TO_DO, null,
              hopsCompleted > 0 ? "upgraded to " + target : situation.message());
        }
        Revision from;
        if (situation instanceof Situation.StartCanary sc) {
          from = sc.from();
        } else if (situation instanceof Situation.ResumeCanary rc) {
          from = rc.from();
        } else {
          return refuse(report, bus, hopsCompleted, Calls.errorOf(situation, situation.message()));
        }
        Optional<DanglingInjectionException> dangling = calls.danglingRefusal(state, hop, options);
        if (dangling.isPresent()) {
          return refuse(report, bus, hopsCompleted, dangling.get());
        }
        plan = runner.start(UpgradePlan.create(calls.newPlanId(from, hop), state.cluster(), from, hop, s.clock()), false);
      }
      HopRunner.Result result = runner.drive(plan, Mode.FORWARD);
      switch (result.ending()) {
        case COMPLETED -> {
          hopsCompleted++;
          boolean more = !result.plan().to().equals(target);
          if (more && options.stopAfter().orElse(null) == UpgradeStage.COMPLETED) {
            bus.emit(new UpgradeEvent.Stopped(s.clock().instant(), result.plan().from(), result.plan().to(),
                UpgradeStage.COMPLETED));
            return calls.finish(report, bus, Outcome.STOPPED_AFTER, UpgradeStage.COMPLETED, "completed "
                + result.plan().from() + " -> " + result.plan().to() + " and stopped as asked; call upgrade again"
                + " to go on to " + target);
          }
        }
        case STOPPED -> {
          return calls.finish(report, bus, Outcome.STOPPED_AFTER, result.stoppedAfter(), result.message());
        }
        case HALTED -> {
          return calls.finish(report, bus, Outcome.HALTED, null, result.message());
        }
        case ROLLED_BACK -> {
          return calls.finish(report, bus, Outcome.ROLLED_BACK, null, result.message());
        }
        default -> throw new IllegalStateException(result.ending().name());
      }
    }
    throw new MeshUpgradeException("more than " + MAX_HOPS + " hops toward " + target + ": giving up");
  }


  /**
   * A refusal: thrown when this call changed nothing yet; after a hop completed, the call ends with what it did
   * (stopped after COMPLETED of that hop), the refusal of the next hop as a warning and in the message.
   */
  private UpgradeReport refuse(ReportBuilder report, EventBus bus, int hopsCompleted, UpgradeRefusedException e) {
    if (hopsCompleted == 0) {
      throw e;
    }
    report.warn(e.getMessage());
    bus.emit(new UpgradeEvent.Refused(s.clock().instant(), e.getMessage()));
    return calls.finish(report, bus, Outcome.STOPPED_AFTER, UpgradeStage.COMPLETED, "completed " + hopsCompleted
        + (hopsCompleted == 1 ? " hop" : " hops") + ", then refused to go on: " + e.getMessage());
  }
}
