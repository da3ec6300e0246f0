package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.AGENT;
import static io.meshupgrade.upgrader.World.CART;
import static io.meshupgrade.upgrader.World.FRONTEND;
import static io.meshupgrade.upgrader.World.MESHED;
import static io.meshupgrade.upgrader.World.ORDERS;
import static io.meshupgrade.upgrader.World.R18;
import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.event.UpgradeEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HappyPathTest {

  @Test
  void upgradesTheClusterToTheNextRevisionAndRemovesTheOldOne() {
    World w = new World();

    UpgradeReport report = w.upgrader().upgrade(R19);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R19);
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-19", 7, "", 1));
    assertThat(w.dp.namespaceLabels()).containsEntry("shop", "asm-1-19").containsEntry("web", "asm-1-19")
        .containsEntry("legacy", "");
    assertThat(w.dp.meshConfigs()).containsOnlyKeys(R19);
    assertThat(w.dp.restarts()).isEqualTo(Map.of(CART, 1, ORDERS, 1, FRONTEND, 1, AGENT, 1));
    assertThat(w.lock.holder()).as("the lock is released").isNull();
    assertThat(w.lock.acquisitions()).isEqualTo(1);
    assertThat(w.lock.renewals()).isGreaterThan(6);
  }

  @Test
  void recordsEveryStageInThePlanAndSavesItAfterEveryTransition() {
    World w = new World();

    UpgradeReport report = w.upgrader().upgrade(R19);

    UpgradePlan plan = w.upgrader().currentPlan().orElseThrow();
    assertThat(plan.stage()).isEqualTo(UpgradeStage.COMPLETED);
    assertThat(plan.history()).extracting(UpgradePlan.Transition::to).containsExactly(
        UpgradeStage.MESH_CONFIG_COPIED, UpgradeStage.CANARY_STARTED, UpgradeStage.CONTROL_PLANES_VERIFIED,
        UpgradeStage.INJECTION_SWITCHED, UpgradeStage.WORKLOADS_RESTARTED, UpgradeStage.HEALTH_VERIFIED,
        UpgradeStage.COMPLETED);
    assertThat(w.store.saves()).as("the plan, its 7 transitions, and the restart progress before the one batch")
        .isEqualTo(1 + 7 + 1);
    assertThat(plan.details().meshConfigCopy()).contains(io.meshupgrade.model.MeshConfigCopy.COPIED);
    assertThat(plan.details().relabelledNamespaces()).containsExactly("shop", "web");
    assertThat(plan.details().istioInjectionNamespaces()).containsExactly("legacy");
    assertThat(plan.details().restartedCount()).isEqualTo(4);
    assertThat(plan.details().restartedWorkloads()).hasSize(4);
    assertThat(report.plans()).containsExactly(plan);
  }

  @Test
  void reportsCountsTimingsAndPodsPerRevisionBeforeAndAfter() {
    World w = new World();

    UpgradeReport report = w.upgrader().upgrade(R19);

    assertThat(report.isSuccess()).isTrue();
    assertThat(report.target()).contains(R19);
    assertThat(report.revisionsBefore()).containsExactly(R18);
    assertThat(report.revisionsAfter()).containsExactly(R19);
    assertThat(report.namespacesRelabelled()).isEqualTo(2);
    assertThat(report.workloadsRestarted()).isEqualTo(4);
    assertThat(report.podsBefore()).isEqualTo(Map.of("asm-1-18", 7, "", 1));
    assertThat(report.podsAfter()).isEqualTo(Map.of("asm-1-19", 7, "", 1));
    assertThat(report.namespacesWithIstioInjection()).containsExactly("legacy");
    assertThat(report.stageTimings()).extracting(UpgradeReport.StageTiming::stage).containsExactly(
        UpgradeStage.MESH_CONFIG_COPIED, UpgradeStage.CANARY_STARTED, UpgradeStage.CONTROL_PLANES_VERIFIED,
        UpgradeStage.INJECTION_SWITCHED, UpgradeStage.WORKLOADS_RESTARTED, UpgradeStage.HEALTH_VERIFIED,
        UpgradeStage.COMPLETED);
    assertThat(report.failedRollouts()).isEmpty();
    assertThat(report.forcedReasons()).isEmpty();
    assertThat(report.warnings()).isEmpty();
    assertThat(report.listenerFailures()).isZero();
  }

  @Test
  void emitsTypedProgressEventsInOrder() {
    World w = new World();

    w.upgrader().upgrade(R19);

    assertThat(w.events.get(0)).isInstanceOf(UpgradeEvent.PlanStarted.class);
    assertThat(w.events(UpgradeEvent.StageCompleted.class)).hasSize(7);
    assertThat(w.events(UpgradeEvent.StageStarted.class)).hasSize(7);
    List<UpgradeEvent.WorkloadRestarted> restarted = w.events(UpgradeEvent.WorkloadRestarted.class);
    assertThat(restarted).extracting(UpgradeEvent.WorkloadRestarted::index).containsExactly(1, 2, 3, 4);
    assertThat(restarted).allSatisfy(e -> assertThat(e.total()).isEqualTo(4));
    assertThat(restarted).extracting(UpgradeEvent.WorkloadRestarted::workload).containsExactlyElementsOf(MESHED);
    assertThat(w.events(UpgradeEvent.RolloutFinished.class)).hasSize(4);
    assertThat(w.events(UpgradeEvent.NamespacesRelabelled.class)).singleElement()
        .satisfies(e -> assertThat(e.namespaces()).containsExactly("shop", "web"));
    assertThat(w.events.get(w.events.size() - 1)).isInstanceOf(UpgradeEvent.Completed.class);
  }

  @Test
  void aSecondCallFindsNothingToDo() {
    World w = new World();
    w.upgrader().upgrade(R19);
    int writes = w.cp.writes();

    UpgradeReport again = w.upgrader().upgrade(R19);

    assertThat(again.outcome()).isEqualTo(UpgradeReport.Outcome.NOTHING_TO_DO);
    assertThat(w.cp.writes()).isEqualTo(writes);
    assertThat(w.dp.restarts()).isEqualTo(Map.of(CART, 1, ORDERS, 1, FRONTEND, 1, AGENT, 1));
  }
}
