package io.meshupgrade.internal;

import static io.meshupgrade.model.UpgradeStage.COMPLETED;
import static io.meshupgrade.model.UpgradeStage.HALTED;
import static io.meshupgrade.model.UpgradeStage.MESH_CONFIG_COPIED;
import static io.meshupgrade.model.UpgradeStage.PLANNED;
import static io.meshupgrade.model.UpgradeStage.ROLLBACK_STARTED;
import static io.meshupgrade.model.UpgradeStage.ROLLED_BACK;

import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.options.HealthFailurePolicy;
import io.meshupgrade.plan.TransitionTable;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives one hop's {@link UpgradePlan} through the steps of the seed procedure: asks the {@link TransitionTable}
 * which stage comes next on the call's route, lets that stage's {@link Step} perform it (every step idempotent,
 * deciding from the observed cluster), records the result and saves the checkpoint. Between steps it passes a safe
 * point (cancellation, deadline, lock renewal). Not API. One instance serves one call; not thread-safe.
 */
final class HopRunner {

  /** How driving a plan ended. */
  enum Ending { COMPLETED, ROLLED_BACK, HALTED, STOPPED }

  /** The plan as it was left, how it ended, and why. */
  record Result(UpgradePlan plan, Ending ending, UpgradeStage stoppedAfter, String message) {}

  private final StepContext c;
  private final RestartBatches batches;
  private final CompleteStep complete;
  private final RollBackStep rollBack;
  private final Map<UpgradeStage, Step> steps = new EnumMap<>(UpgradeStage.class);
  private boolean takeOverRecorded;

  HopRunner(StepContext c) {
    this.c = c;
    this.batches = new RestartBatches(c);
    this.complete = new CompleteStep(c);
    this.rollBack = new RollBackStep(c, batches);
    steps.put(MESH_CONFIG_COPIED, new CopyMeshConfigStep(c));
    steps.put(UpgradeStage.CANARY_STARTED, new StartCanaryStep(c));
    steps.put(UpgradeStage.CONTROL_PLANES_VERIFIED, new VerifyControlPlanesStep(c));
    steps.put(UpgradeStage.INJECTION_SWITCHED, new SwitchInjectionStep(c));
    steps.put(UpgradeStage.WORKLOADS_RESTARTED, new RestartWorkloadsStep(c, batches));
    steps.put(UpgradeStage.HEALTH_VERIFIED, new HealthGateStep(c));
    steps.put(COMPLETED, complete);
    for (UpgradeStage s : List.of(ROLLBACK_STARTED, UpgradeStage.INJECTION_REVERTED,
        UpgradeStage.WORKLOADS_REVERTED, ROLLED_BACK)) {
      steps.put(s, rollBack);
    }
  }

  StepContext context() {
    return c;
  }

  /** Whether {@code plan} is in its rollback chain, or halted there. */
  static boolean inRollback(UpgradePlan plan) {
    return TransitionTable.isInRollbackChain(plan.stage())
        || plan.stage() == HALTED && TransitionTable.isInRollbackChain(plan.haltedFrom().orElseThrow());
  }

  /** The stage a plan is effectively at for going forward (a halted plan resumes where it stopped). */
  static UpgradeStage effectiveStage(UpgradePlan plan) {
    return TransitionTable.resumeStage(plan.stage(), plan.haltedFrom().orElse(null));
  }

  /**
   * Whether going forward with {@code plan} needs its canary installed: it is at CANARY_STARTED or later, and not
   * rolling back (a rollback, or a retry after one, may start the canary again).
   */
  static boolean expectsCanary(UpgradePlan plan) {
    UpgradeStage at = effectiveStage(plan);
    return !inRollback(plan) && at != PLANNED && at != MESH_CONFIG_COPIED && !at.isTerminal();
  }

  /** Why a rollback started (recorded in ROLLBACK_STARTED), when the caller asks for one. */
  void rollbackReason(String reason) {
    rollBack.reason(reason);
  }

  /** Saves a newly created plan (the first checkpoint of a hop). */
  UpgradePlan start(UpgradePlan plan, boolean resumed) {
    if (!resumed) {
      c.save(plan);
    }
    c.report.plan(plan);
    c.control.saved(plan);
    c.bus.emit(new UpgradeEvent.PlanStarted(c.now(), plan.planId(), plan.from(), plan.to(), plan.stage(), resumed));
    return plan;
  }

  /** Restarts {@code workloads} in the options' order and batches (the patch roll-over). */
  List<RolloutResult> restart(List<WorkloadRef> workloads) {
    return batches.restart(workloads);
  }

  /** After COMPLETED (seed step 8 for the old revision). */
  void finishComplete(UpgradePlan plan) {
    complete.finish(plan);
  }

  /** After ROLLED_BACK (seed step 8 for the new revision). */
  void finishRollback(UpgradePlan plan) {
    rollBack.finish(plan);
  }

  /** Drives {@code plan} in {@code mode} until it ends, halts or stops. */
  Result drive(UpgradePlan plan, Mode mode) {
    if (mode.forward() && TransitionTable.isInRollbackChain(plan.stage())) {
      mode = plan.details().rollbackRoute().orElse(TransitionTable.Route.ROLLBACK_THEN_HALT) == TransitionTable.Route.ROLLBACK_FULLY
          ? Mode.ROLLBACK_FULLY : Mode.ROLLBACK_AND_HALT;
    }
    while (true) {
      UpgradeStage stage = plan.stage();
      if (stage == COMPLETED) {
        complete.finish(plan);
        return new Result(plan, Ending.COMPLETED, null, plan.from() + " -> " + plan.to() + " completed");
      }
      if (stage == ROLLED_BACK) {
        rollBack.finish(plan);
        return new Result(plan, Ending.ROLLED_BACK, null, plan.from() + " -> " + plan.to() + " rolled back: "
            + plan.to() + " removed, everything runs " + plan.from());
      }
      Optional<UpgradeStage> stopAfter = c.options.stopAfter();
      List<UpgradeStage> order = TransitionTable.forwardOrder();
      if (mode == Mode.FORWARD && stopAfter.isPresent()
          && order.indexOf(effectiveStage(plan)) >= order.indexOf(stopAfter.get())) {
        UpgradeStage at = stopAfter.get();
        c.bus.emit(new UpgradeEvent.Stopped(c.now(), plan.from(), plan.to(), at));
        return new Result(plan, Ending.STOPPED, at, "stopped after " + at + " of " + plan.from() + " -> "
            + plan.to() + " as asked: inspect the cluster, then call upgrade again to go on, or rollback");
      }
      UpgradeStage next = TransitionTable.nextOn(stage, plan.haltedFrom().orElse(null), mode.route());
      c.safePoint();
      if (next == HALTED) {
        String reason = plan.details().rollbackReason().orElse("") + "; injection and workloads were moved back to "
            + plan.from() + " and both control planes are kept: fix the cause and call upgrade again, or call"
            + " rollback to remove " + plan.to();
        plan = halt(plan, reason);
        return new Result(plan, Ending.HALTED, null, reason);
      }
      Instant t0 = c.now();
      if (stage == HALTED && next == plan.haltedFrom().orElseThrow()) {
        plan = record(plan, next, Map.of("resumed", "true"), t0);
        continue;
      }
      c.bus.emit(new UpgradeEvent.StageStarted(t0, plan.from(), plan.to(), next));
      c.control.working(next);
      Step.Outcome outcome = steps.get(next).perform(plan, next, mode);
      if (outcome instanceof Step.Proceed p) {
        plan = record(plan, next, p.details(), t0);
      } else if (outcome instanceof Step.Halt h) {
        plan = halt(plan, h.reason());
        return new Result(plan, Ending.HALTED, null, h.reason());
      } else {
        String reason = ((Step.Fail) outcome).reason();
        HealthFailurePolicy policy = mode == Mode.COMPLETE ? HealthFailurePolicy.HALT : c.options.onHealthFailure();
        if (policy == HealthFailurePolicy.HALT) {
          String why = reason + "; nothing was moved back: fix the cause and call upgrade again, or call rollback";
          plan = halt(plan, why);
          return new Result(plan, Ending.HALTED, null, why);
        }
        mode = policy == HealthFailurePolicy.ROLLBACK_FULLY ? Mode.ROLLBACK_FULLY : Mode.ROLLBACK_AND_HALT;
        plan = record(plan, ROLLBACK_STARTED, Map.of("reason", reason, "then", mode.then()), t0);
      }
    }
  }

  private UpgradePlan record(UpgradePlan plan, UpgradeStage next, Map<String, String> details, Instant t0) {
    if (c.held.takenOverFrom().isPresent() && !takeOverRecorded) {
      // the first transition after a take-over says whose lock this run took: the plan's history keeps it
      Map<String, String> withTakeOver = new java.util.TreeMap<>(details);
      withTakeOver.put("lockTakenOverFrom", c.held.takenOverFrom().get());
      withTakeOver.put("lockTakenOverBy", c.held.holder());
      details = Map.copyOf(withTakeOver);
      takeOverRecorded = true;
    }
    UpgradePlan p = Plans.moveTo(plan, next, c.s.clock(), details);
    c.save(p);
    c.control.working(null);
    Instant now = c.now();
    Duration took = Duration.between(t0, now);
    c.report.timing(p, next, took);
    c.bus.emit(new UpgradeEvent.StageCompleted(now, p.from(), p.to(), next, took, details));
    return p;
  }

  private UpgradePlan halt(UpgradePlan plan, String reason) {
    UpgradeStage at = plan.stage();
    UpgradePlan p = Plans.halt(plan, reason, c.s.clock());
    c.save(p);
    c.control.working(null);
    c.bus.emit(new UpgradeEvent.Halted(c.now(), p.from(), p.to(), at, reason));
    return p;
  }

  /** Saves {@code plan} with compare-and-set against the last version seen. */
  void save(UpgradePlan plan) {
    c.save(plan);
  }
}
