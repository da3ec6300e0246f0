package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.AGENT;
import static io.meshupgrade.upgrader.World.CART;
import static io.meshupgrade.upgrader.World.FRONTEND;
import static io.meshupgrade.upgrader.World.ORDERS;
import static io.meshupgrade.upgrader.World.R18;
import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.options.HealthFailurePolicy;
import io.meshupgrade.spi.HealthResult;
import io.meshupgrade.model.Revision;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.spi.HealthCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FailurePolicyTest {

  /** A check that fails while {@code broken} is set. */
  private static final class Switchable implements HealthCheck {
    final AtomicBoolean broken = new AtomicBoolean(true);
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public HealthResult check(io.meshupgrade.spi.HealthCheckContext context) {
      calls.incrementAndGet();
      return broken.get() ? HealthResult.failed("error rate 12% > 1%") : HealthResult.ok();
    }

    @Override
    public String name() {
      return "error-rate";
    }
  }

  private static UpgradeOptions policy(HealthFailurePolicy p) {
    return UpgradeOptions.builder().onHealthFailure(p).build();
  }

  @Test
  void byDefaultAFailedHealthGateMovesWorkloadsBackAndHaltsKeepingBothControlPlanes() {
    World w = new World();
    Switchable check = new Switchable();

    UpgradeReport report = w.builder().healthCheck(check).build().upgrade(R19);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.HALTED);
    assertThat(report.message()).contains("health check error-rate failed: error rate 12% > 1%")
        .contains("both control planes are kept");
    assertThat(w.cp.installed()).containsExactly(R18, R19);
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-18", 7, "", 1));
    assertThat(w.dp.namespaceLabels()).containsEntry("shop", "asm-1-18").containsEntry("web", "asm-1-18");
    UpgradePlan plan = w.upgrader().currentPlan().orElseThrow();
    assertThat(plan.stage()).isEqualTo(UpgradeStage.HALTED);
    assertThat(plan.haltedFrom()).contains(UpgradeStage.WORKLOADS_REVERTED);
    assertThat(w.events(UpgradeEvent.CheckFailed.class)).singleElement()
        .satisfies(e -> assertThat(e.check()).isEqualTo("error-rate"));
    assertThat(w.events(UpgradeEvent.Halted.class)).hasSize(1);
  }

  @Test
  void afterAHaltTheUpgradeCanBeRetriedOnceTheCauseIsFixed() {
    World w = new World();
    Switchable check = new Switchable();
    w.builder().healthCheck(check).build().upgrade(R19);
    check.broken.set(false);

    UpgradeReport retry = w.builder().healthCheck(check).build().upgrade(R19);

    assertThat(retry.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R19);
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-19", 7, "", 1));
    assertThat(w.dp.restarts()).isEqualTo(Map.of(CART, 3, ORDERS, 3, FRONTEND, 3, AGENT, 3));
  }

  @Test
  void afterAHaltRollbackFinishesTheJob() {
    World w = new World();
    w.builder().healthCheck(new Switchable()).build().upgrade(R19);

    UpgradeReport report = w.upgrader().rollback();

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThat(w.cp.installed()).containsExactly(R18);
  }

  @Test
  void rollbackFullyRemovesTheNewRevision() {
    World w = new World();

    UpgradeReport report = w.builder().healthCheck(new Switchable()).build()
        .upgrade(R19, policy(HealthFailurePolicy.ROLLBACK_FULLY));

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThat(w.cp.installed()).containsExactly(R18);
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-18", 7, "", 1));
    assertThat(w.dp.meshConfigs()).containsOnlyKeys(R18);
    assertThat(w.upgrader().currentPlan().orElseThrow().details().rollbackRoute())
        .contains(io.meshupgrade.plan.TransitionTable.Route.ROLLBACK_FULLY);
  }

  @Test
  void haltLeavesEverythingWhereItIs() {
    World w = new World();

    UpgradeReport report = w.builder().healthCheck(new Switchable()).build()
        .upgrade(R19, policy(HealthFailurePolicy.HALT));

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.HALTED);
    assertThat(report.message()).contains("nothing was moved back");
    assertThat(w.cp.installed()).containsExactly(R18, R19);
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-19", 7, "", 1));
    assertThat(w.upgrader().currentPlan().orElseThrow().haltedFrom()).contains(UpgradeStage.WORKLOADS_RESTARTED);
  }

  @Test
  void aWorkloadThatNeverBecomesReadyRollsTheWorkloadsBackAndHaltsResumably() {
    World w = new World();
    w.dp.setFailing(CART, true);

    UpgradeReport report = w.upgrader().upgrade(R19);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.HALTED);
    assertThat(report.message()).contains("rollouts failed: Deployment shop/cart: FAILED");
    assertThat(report.failedRollouts()).extracting(r -> r.workload()).contains(CART);
    assertThat(w.cp.installed()).containsExactly(R18, R19);
    assertThat(w.dp.namespaceLabels()).containsEntry("shop", "asm-1-18");

    w.dp.setFailing(CART, false);
    assertThat(w.upgrader().upgrade(R19).outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-19", 7, "", 1));
  }

  @Test
  void aWorkloadThatCannotBeMovedBackHaltsTheRollback() {
    World w = new World();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.WORKLOADS_RESTARTED).build());
    w.dp.setFailing(FRONTEND, true);

    UpgradeReport report = w.upgrader().rollback();

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.HALTED);
    assertThat(report.message()).contains("could not be moved back to asm-1-18").contains("web/frontend");
    assertThat(w.cp.installed()).containsExactly(R18, R19);

    w.dp.setFailing(FRONTEND, false);
    assertThat(w.upgrader().rollback().outcome()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThat(w.cp.installed()).containsExactly(R18);
  }

  @Test
  void aHealthCheckThatThrowsCountsAsUnhealthy() {
    World w = new World();
    HealthCheck throwing = context -> {
      throw new IllegalStateException("prometheus unreachable");
    };

    UpgradeReport report = w.builder().healthCheck(throwing).build().upgrade(R19, policy(HealthFailurePolicy.HALT));

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.HALTED);
    assertThat(report.message()).contains("prometheus unreachable");
  }

  @Test
  void healthChecksAreEvaluatedRepeatedlyOverTheSoakPeriodWithoutRealWaiting() {
    World w = new World();
    Switchable check = new Switchable();
    check.broken.set(false);
    List<Instant> seen = new ArrayList<>();
    HealthCheck timing = context -> {
      seen.add(w.clock.instant());
      return HealthResult.ok();
    };

    UpgradeReport report = w.builder().healthCheck(check).healthCheck(timing).build()
        .upgrade(R19, UpgradeOptions.builder().soak(Duration.ofMinutes(10), Duration.ofMinutes(3)).build());

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(check.calls.get()).isEqualTo(5);
    assertThat(Duration.between(seen.get(0), seen.get(seen.size() - 1))).isEqualTo(Duration.ofMinutes(10));
    assertThat(report.stageTimings()).filteredOn(t -> t.stage() == UpgradeStage.HEALTH_VERIFIED).singleElement()
        .satisfies(t -> assertThat(t.took()).isEqualTo(Duration.ofMinutes(10)));
  }

  @Test
  void aCheckThatFailsDuringTheSoakStopsTheGate() {
    World w = new World();
    AtomicInteger calls = new AtomicInteger();
    HealthCheck flaky = context -> calls.incrementAndGet() == 3 ? HealthResult.failed("p99 latency") : HealthResult.ok();

    UpgradeReport report = w.builder().healthCheck(flaky).build().upgrade(R19,
        UpgradeOptions.builder().soak(Duration.ofMinutes(10), Duration.ofMinutes(1)).build());

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.HALTED);
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void theGateWaitsForTerminatingPodsToGo() {
    World w = new World();
    w.dp.lingerFor(2);

    UpgradeReport report = w.upgrader().upgrade(R19);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.events(UpgradeEvent.WaitingOnPods.class)).isNotEmpty()
        .first().satisfies(e -> assertThat(e.revision()).isEqualTo(R18));
  }

  @Test
  void issue5PodsOfANonRestartableOwnerLeftOnTheOldRevisionHaltWithoutMovingTheWorkloadsBack() {
    World w = new World();
    w.dp.workload(io.meshupgrade.model.WorkloadKind.JOB, "shop", "nightly", 1);

    UpgradeReport report = w.upgrader().upgrade(R19, UpgradeOptions.builder()
        .podDrainTimeout(Duration.ofMinutes(2)).soak(Duration.ZERO, Duration.ofSeconds(30)).build());

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.HALTED);
    assertThat(report.message()).contains("1 pod of Job shop/nightly still runs asm-1-18")
        .contains("delete the pods of Job shop/nightly").contains("forceComplete");
    // the default policy would have moved every workload back for one Job: it must not
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-19", 7, "asm-1-18", 1, "", 1));
    assertThat(w.dp.namespaceLabels()).containsEntry("shop", "asm-1-19").containsEntry("web", "asm-1-19");
    assertThat(w.dp.restarts()).isEqualTo(Map.of(CART, 1, ORDERS, 1, FRONTEND, 1, AGENT, 1));
    assertThat(w.cp.installed()).containsExactly(R18, R19);
    UpgradePlan plan = w.upgrader().currentPlan().orElseThrow();
    assertThat(plan.haltedFrom()).contains(UpgradeStage.WORKLOADS_RESTARTED);
    assertThat(plan.hasReached(UpgradeStage.ROLLBACK_STARTED)).isFalse();
    assertThat(plan.details().notRestartable())
        .containsExactly(new io.meshupgrade.model.WorkloadRef(io.meshupgrade.model.WorkloadKind.JOB, "shop", "nightly"));

    // the way out the message names
    UpgradeReport forced = w.upgrader().forceComplete("nightly runs again on asm-1-19 tonight");
    assertThat(forced.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R19);
  }

  @Test
  void aControlPlaneThatIsNotReadyHaltsBeforeInjectionIsSwitched() {
    World w = new World();
    w.dp.setReady(R19, false);

    UpgradeReport report = w.upgrader().upgrade(R19);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.HALTED);
    assertThat(report.message()).contains("istiod-asm-1-19").contains("aks-istio-ingressgateway-external-asm-1-19");
    assertThat(w.dp.namespaceLabels()).containsEntry("shop", "asm-1-18");
    assertThat(w.upgrader().currentPlan().orElseThrow().haltedFrom()).contains(UpgradeStage.CANARY_STARTED);

    w.dp.setReady(R19, true);
    assertThat(w.upgrader().upgrade(R19).outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
  }

  @Test
  void aNewControlPlaneThatBreaksBeforeTheGateFailsIt() {
    World w = new World();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.WORKLOADS_RESTARTED).build());
    w.dp.setReady(R19, false);

    UpgradeReport report = w.upgrader().upgrade(R19, policy(HealthFailurePolicy.HALT));

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.HALTED);
    assertThat(report.message()).contains("control plane not ready");
  }

  @Test
  void completeHaltsWhenTheGateFails() {
    World w = new World();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.WORKLOADS_RESTARTED).build());

    UpgradeReport report = w.builder().healthCheck(new Switchable()).build().complete();

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.HALTED);
    assertThat(w.cp.installed()).containsExactly(R18, R19);
    assertThat(w.dp.podsPerRevision()).as("complete never moves workloads back")
        .isEqualTo(Map.of("asm-1-19", 7, "", 1));
  }
}
