package io.meshupgrade.internal;

import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.ControlPlaneStatus;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.PodRecord;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.spi.HealthCheck;
import io.meshupgrade.spi.HealthCheckContext;
import io.meshupgrade.spi.HealthResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Seed step 7, "Check your monitoring tools and dashboards to determine whether your workloads are all running in a
 * healthy state after the restart": no failed rollout, no pod left on the old revision after the drain timeout, the
 * new control plane ready, and the user's health checks passing at every check interval over the soak period
 * (stage {@link UpgradeStage#HEALTH_VERIFIED}); a failure goes to the failure policy. A forced complete skips the
 * pod checks. Every wait is a safe point. Not API.
 */
final class HealthGateStep implements Step {

  private final StepContext c;

  HealthGateStep(StepContext c) {
    this.c = c;
  }

  @Override
  public Outcome perform(UpgradePlan plan, UpgradeStage next, Mode mode) {
    Map<String, String> d = new TreeMap<>();
    PodInventory drained = null;
    if (!c.forced()) {
      List<String> failed = plan.details().failedRollouts();
      if (!failed.isEmpty()) {
        return fail("rollouts", "rollouts failed: " + String.join("; ", failed));
      }
      PodInventory inv = c.waitForPodsToLeave(plan.from());
      drained = inv;
      Map<String, Integer> left = inv.countOnRevisionByNamespace(plan.from());
      List<PodRecord> stuck = inv.podsOn(plan.from());
      if (!stuck.isEmpty() && stuck.stream().noneMatch(p -> p.owner().kind().isRestartable())) {
        return haltOnNotRestartable(plan, stuck);
      }
      if (!left.isEmpty()) {
        return fail("pods-on-old-revision", new Orphans(plan.from(), left, List.of(), List.of())
            .describe("") + " after " + c.options.podDrainTimeout());
      }
    } else {
      d.put("forced", c.forceReason);
    }
    ClusterMeshState state = c.cp().readMeshState();
    ControlPlaneStatus st = c.dp.awaitControlPlane(plan.to(), state.ingressGateways(),
        c.options.controlPlaneTimeout());
    if (!st.ready()) {
      return fail("control-plane", "control plane not ready: " + st.describe());
    }
    Duration soak = mode == Mode.COMPLETE ? Duration.ZERO : c.options.soakPeriod();
    Instant began = c.now();
    Instant deadline = began.plus(soak);
    List<WorkloadRef> restarted = c.restartedThisCall != null ? c.restartedThisCall
        : drained == null ? List.of() : drained.workloadsOn(plan.to()).stream()
            .filter(w -> w.kind().isRestartable()).toList();
    int rounds = 0;
    while (true) {
      rounds++;
      HealthCheckContext context = HealthCheckContext.builder().from(plan.from()).to(plan.to()).attempt(rounds)
          .elapsed(Duration.between(began, c.now())).deadline(deadline).restartedWorkloads(restarted).build();
      for (HealthCheck check : c.s.healthChecks()) {
        HealthResult r;
        try {
          r = check.check(context);
        } catch (RuntimeException e) {
          r = HealthResult.failed("threw " + e);
        }
        if (!r.healthy()) {
          return fail(check.name(), "health check " + check.name() + " failed: " + r.detail());
        }
      }
      if (!c.now().isBefore(deadline)) {
        break;
      }
      c.pauseUntil(deadline);
    }
    d.put("soak", soak.toString());
    d.put("rounds", String.valueOf(rounds));
    return new Proceed(d);
  }

  /**
   * Only pods of owners that cannot be restarted (Jobs, bare pods) are left on the old revision: moving every
   * workload back would not help, so halt where we are and say how to go on.
   */
  private Halt haltOnNotRestartable(UpgradePlan plan, List<PodRecord> stuck) {
    Map<WorkloadRef, Integer> byOwner = new TreeMap<>();
    stuck.forEach(p -> byOwner.merge(p.owner(), 1, Integer::sum));
    String left = byOwner.entrySet().stream().map(e -> e.getValue() + (e.getValue() == 1 ? " pod of " : " pods of ")
        + e.getKey() + (e.getValue() == 1 ? " still runs " : " still run ") + plan.from())
        .collect(Collectors.joining(", "));
    String owners = byOwner.keySet().stream().map(WorkloadRef::toString).collect(Collectors.joining(", "));
    c.bus.emit(new UpgradeEvent.CheckFailed(c.now(), "pods-on-old-revision", left));
    return new Halt("health gate: " + left + " after " + c.options.podDrainTimeout() + " and cannot be restarted:"
        + " delete the pods of " + owners + " (or let them finish), then call upgrade again, or forceComplete to"
        + " detach them; nothing was moved back");
  }

  private Fail fail(String check, String reason) {
    c.bus.emit(new UpgradeEvent.CheckFailed(c.now(), check, reason));
    return new Fail("health gate failed: " + reason);
  }
}
