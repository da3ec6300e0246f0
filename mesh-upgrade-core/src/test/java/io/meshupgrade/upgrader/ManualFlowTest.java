package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.AGENT;
import static io.meshupgrade.upgrader.World.CART;
import static io.meshupgrade.upgrader.World.FRONTEND;
import static io.meshupgrade.upgrader.World.ORDERS;
import static io.meshupgrade.upgrader.World.R18;
import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.exception.NoUpgradeInProgressException;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.event.UpgradeEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ManualFlowTest {

  private static UpgradeOptions stopAfter(UpgradeStage stage) {
    return UpgradeOptions.builder().stopAfter(stage).build();
  }

  @ParameterizedTest
  @EnumSource(value = UpgradeStage.class, names = {"MESH_CONFIG_COPIED", "CANARY_STARTED", "CONTROL_PLANES_VERIFIED",
      "INJECTION_SWITCHED", "WORKLOADS_RESTARTED", "HEALTH_VERIFIED"})
  void stopsAfterTheAskedStageAndGoesOnWhenCalledAgain(UpgradeStage stage) {
    World w = new World();

    UpgradeReport stopped = w.upgrader().upgrade(R19, stopAfter(stage));

    assertThat(stopped.outcome()).isEqualTo(UpgradeReport.Outcome.STOPPED_AFTER);
    assertThat(stopped.stoppedAfter()).contains(stage);
    assertThat(w.upgrader().currentPlan().orElseThrow().stage()).isEqualTo(stage);
    assertThat(w.events(UpgradeEvent.Stopped.class)).singleElement()
        .satisfies(e -> assertThat(e.stage()).isEqualTo(stage));

    UpgradeReport again = w.upgrader().upgrade(R19, stopAfter(stage));
    assertThat(again.outcome()).as("the same stop point does not move the plan").isEqualTo(
        UpgradeReport.Outcome.STOPPED_AFTER);
    assertThat(again.stageTimings()).isEmpty();

    UpgradeReport done = w.upgrader().upgrade(R19);

    assertThat(done.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R19);
    assertThat(w.dp.restarts()).isEqualTo(Map.of(CART, 1, ORDERS, 1, FRONTEND, 1, AGENT, 1));
    assertThat(w.upgrader().currentPlan().orElseThrow().history()).extracting(UpgradePlan.Transition::to)
        .containsExactly(UpgradeStage.MESH_CONFIG_COPIED, UpgradeStage.CANARY_STARTED,
            UpgradeStage.CONTROL_PLANES_VERIFIED, UpgradeStage.INJECTION_SWITCHED, UpgradeStage.WORKLOADS_RESTARTED,
            UpgradeStage.HEALTH_VERIFIED, UpgradeStage.COMPLETED);
  }

  @Test
  void completeRefusesWhilePodsStillRunTheOldRevisionNamingThemPerNamespace() {
    World w = new World();
    w.upgrader().upgrade(R19, stopAfter(UpgradeStage.INJECTION_SWITCHED));
    int mutations = w.log.mutations();

    assertThatThrownBy(() -> w.upgrader().complete())
        .isInstanceOf(UpgradeRefusedException.class)
        .hasMessageContaining("3 pods in namespace shop still run asm-1-18: restart them or pass force")
        .hasMessageContaining("4 pods in namespace web still run asm-1-18: restart them or pass force");

    assertThat(w.log.mutations()).as("a refusal changes nothing").isEqualTo(mutations);
    assertThat(w.cp.installed()).containsExactly(R18, R19);
  }

  @Test
  void completeRefusesWhileANamespaceStillPointsAtTheOldRevision() {
    World w = new World();
    w.upgrader().upgrade(R19, stopAfter(UpgradeStage.CONTROL_PLANES_VERIFIED));

    assertThatThrownBy(() -> w.upgrader().complete())
        .isInstanceOf(UpgradeRefusedException.class)
        .hasMessageContaining("namespace shop is still labelled istio.io/rev=asm-1-18: relabel it or pass force");
  }

  @Test
  void aForcedCompleteGoesThroughAndRecordsItsReason() {
    World w = new World();
    w.upgrader().upgrade(R19, stopAfter(UpgradeStage.INJECTION_SWITCHED));

    UpgradeReport report = w.upgrader().forceComplete("batch jobs finish tonight");

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(report.forcedReasons()).containsExactly("batch jobs finish tonight");
    assertThat(w.cp.installed()).containsExactly(R19);
    assertThat(w.dp.restarts()).as("a forced complete restarts nothing").isEmpty();
    UpgradePlan plan = w.upgrader().currentPlan().orElseThrow();
    assertThat(plan.details().forcedReason()).contains("batch jobs finish tonight");
    assertThat(plan.details().detachedByForce()).hasValueSatisfying(o -> assertThat(o).contains("3 pods in namespace shop"));
    assertThat(plan.details().skippedByForce()).isTrue();
  }

  @Test
  void aForcedCompleteNeedsAReason() {
    World w = new World();
    assertThatThrownBy(() -> w.upgrader().forceComplete(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reason");
    assertThatThrownBy(() -> w.upgrader().forceComplete(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("reason");
  }

  @Test
  void completeFinishesTheManualFlowOnceEverythingRunsTheNewRevision() {
    World w = new World();
    w.upgrader().upgrade(R19, stopAfter(UpgradeStage.HEALTH_VERIFIED));

    UpgradeReport report = w.upgrader().complete();

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R19);
    assertThat(w.dp.meshConfigs()).containsOnlyKeys(R19);
  }

  @Test
  void completeAdoptsACanaryStartedOutsideTheLibraryOnceWorkloadsAreRolledOver() {
    World w = new World();
    w.cp.setRevisions(List.of(R18, R19));
    w.dp.relabelNamespaces(List.of("shop", "web"), "asm-1-19");
    w.dp.restartWorkloads(List.of(CART, ORDERS, FRONTEND, AGENT), io.meshupgrade.options.RestartOptions.defaults(),
        io.meshupgrade.spi.MeshDataPlane.RestartListener.NONE);

    UpgradeReport report = w.upgrader().complete();

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R19);
  }

  @Test
  void completeWithoutACanaryInProgressSaysSo() {
    World w = new World();
    assertThatThrownBy(() -> w.upgrader().complete()).isInstanceOf(NoUpgradeInProgressException.class)
        .hasMessageContaining("not in progress");
  }

  @Test
  void completeRefusesBeforeTheCanaryIsStarted() {
    World w = new World();
    w.upgrader().upgrade(R19, stopAfter(UpgradeStage.MESH_CONFIG_COPIED));
    assertThatThrownBy(() -> w.upgrader().complete()).isInstanceOf(NoUpgradeInProgressException.class)
        .hasMessageContaining("start it with upgrade");
  }

  @Test
  void completeAfterCompletionReportsItWasAlreadyDone() {
    World w = new World();
    w.upgrader().upgrade(R19);

    UpgradeReport report = w.upgrader().complete();

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(report.message()).contains("already completed");
  }

  @Test
  void rollbackMovesInjectionAndWorkloadsBackThenRemovesTheNewRevision() {
    World w = new World();
    w.upgrader().upgrade(R19, stopAfter(UpgradeStage.HEALTH_VERIFIED));

    UpgradeReport report = w.upgrader().rollback();

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThat(w.cp.installed()).containsExactly(R18);
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-18", 7, "", 1));
    assertThat(w.dp.namespaceLabels()).containsEntry("shop", "asm-1-18").containsEntry("web", "asm-1-18");
    assertThat(w.dp.meshConfigs()).containsOnlyKeys(R18);
    assertThat(w.dp.restarts()).isEqualTo(Map.of(CART, 2, ORDERS, 2, FRONTEND, 2, AGENT, 2));
    assertThat(w.upgrader().currentPlan().orElseThrow().history()).extracting(UpgradePlan.Transition::to)
        .endsWith(UpgradeStage.ROLLBACK_STARTED, UpgradeStage.INJECTION_REVERTED, UpgradeStage.WORKLOADS_REVERTED,
            UpgradeStage.ROLLED_BACK);
    assertThat(w.events(UpgradeEvent.RolledBack.class)).hasSize(1);
    assertThat(report.namespacesRelabelled()).isEqualTo(2);
    assertThat(report.workloadsRestarted()).isEqualTo(4);
  }

  @Test
  void rollbackRightAfterTheCanaryStartedRemovesIt() {
    World w = new World();
    w.upgrader().upgrade(R19, stopAfter(UpgradeStage.CANARY_STARTED));

    assertThat(w.upgrader().rollback().outcome()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThat(w.cp.installed()).containsExactly(R18);
    assertThat(w.dp.restarts()).isEmpty();
  }

  @Test
  void rollbackBeforeTheCanaryStartedRemovesTheCopiedMeshConfigAndThePlan() {
    World w = new World();
    w.upgrader().upgrade(R19, stopAfter(UpgradeStage.MESH_CONFIG_COPIED));
    assertThat(w.dp.meshConfigs()).containsOnlyKeys(R18, R19);

    UpgradeReport report = w.upgrader().rollback();

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThat(w.dp.meshConfigs()).containsOnlyKeys(R18);
    assertThat(w.upgrader().currentPlan()).isEmpty();
    assertThat(w.cp.writes()).isZero();
  }

  @Test
  void rollbackAdoptsACanaryStartedOutsideTheLibrary() {
    World w = new World();
    w.cp.setRevisions(List.of(R18, R19));
    w.dp.relabelNamespaces(List.of("shop"), "asm-1-19");
    w.dp.restartWorkloads(List.of(CART), io.meshupgrade.options.RestartOptions.defaults(),
        io.meshupgrade.spi.MeshDataPlane.RestartListener.NONE);

    UpgradeReport report = w.upgrader().rollback();

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThat(w.cp.installed()).containsExactly(R18);
    assertThat(w.dp.namespaceLabels()).containsEntry("shop", "asm-1-18");
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-18", 7, "", 1));
  }

  @Test
  void rollbackAfterCompletionIsRefused() {
    World w = new World();
    w.upgrader().upgrade(R19);

    assertThatThrownBy(() -> w.upgrader().rollback())
        .isInstanceOf(UpgradeRefusedException.class)
        .hasMessageContaining("AKS cannot roll back after complete");
    assertThat(w.cp.installed()).containsExactly(R19);
  }

  @Test
  void rollbackWithNothingInProgressSaysSo() {
    World w = new World();
    assertThatThrownBy(() -> w.upgrader().rollback()).isInstanceOf(NoUpgradeInProgressException.class);
  }

  @Test
  void aSecondRollbackReportsItWasAlreadyDone() {
    World w = new World();
    MeshUpgrader upgrader = w.upgrader();
    upgrader.upgrade(R19, stopAfter(UpgradeStage.WORKLOADS_RESTARTED));
    upgrader.rollback();

    UpgradeReport again = upgrader.rollback();

    assertThat(again.outcome()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThat(again.message()).contains("already rolled back");
  }

  @Test
  void completeRefusesWhileARollbackIsInProgress() {
    World w = new World();
    w.upgrader().upgrade(R19, stopAfter(UpgradeStage.WORKLOADS_RESTARTED));
    w.log.crashAt(w.log.calls() + 12);
    assertThatThrownBy(() -> w.upgrader().rollback()).isInstanceOf(RuntimeException.class);
    assertThat(w.upgrader().currentPlan().orElseThrow().stage()).isIn(UpgradeStage.ROLLBACK_STARTED,
        UpgradeStage.INJECTION_REVERTED, UpgradeStage.WORKLOADS_REVERTED);

    assertThatThrownBy(() -> w.upgrader().complete()).isInstanceOf(UpgradeRefusedException.class)
        .hasMessageContaining("finish it with rollback");
    assertThat(w.upgrader().rollback().outcome()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
  }

  @Test
  void issue5CompleteAndRollbackSayTheSameWhenNoUpgradeIsInProgress() {
    World w = new World();

    String complete = catchNoUpgrade(() -> w.upgrader().complete());
    String rollback = catchNoUpgrade(() -> w.upgrader().rollback());

    String same = "Azure Service Mesh upgrade is not in progress on cluster /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/cluster1 (installed: [asm-1-18])";
    assertThat(complete).startsWith(same).contains("nothing to complete").contains("start one with upgrade");
    assertThat(rollback).startsWith(same).contains("nothing to roll back").contains("start one with upgrade");
  }

  private static String catchNoUpgrade(Runnable call) {
    try {
      call.run();
    } catch (NoUpgradeInProgressException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a NoUpgradeInProgressException");
  }

  @Test
  void rollbackTakesTheCallersRestartOptions() {
    World w = new World();
    w.upgrader().upgrade(R19, stopAfter(UpgradeStage.WORKLOADS_RESTARTED));
    w.events.clear();

    UpgradeReport report = w.upgrader().rollback(UpgradeOptions.builder().namespaceOrder(List.of("web")).build());

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThat(w.events(UpgradeEvent.WorkloadRestarted.class)).extracting(UpgradeEvent.WorkloadRestarted::workload)
        .as("namespace web first, as asked").containsExactly(FRONTEND, AGENT, CART, ORDERS);
  }

  @Test
  void completeAndForceCompleteRefuseNullOptions() {
    World w = new World();
    assertThatThrownBy(() -> w.upgrader().complete(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("options");
    assertThatThrownBy(() -> w.upgrader().forceComplete("why", null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("options");
    assertThatThrownBy(() -> w.upgrader().rollback(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("options");
  }
}
