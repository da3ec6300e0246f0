package io.meshupgrade.junit.e2e;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_18;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.testkit.SimulatedAksCluster;
import org.junit.jupiter.api.Test;

/** The manual flow: upgrade, stop to inspect, then roll back. */
@SimulatedAks(sharedMeshConfig = "accessLogFile: /dev/stdout\n")
class RollbackTest {

  @Test
  void rollingBackAfterTheRestartsMovesEverythingBackAndRemovesTheNewRevision(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    UpgradeReport stopped = upgrader.upgrade(ASM_1_19,
        options.toBuilder().stopAfter(UpgradeStage.HEALTH_VERIFIED).build());
    assertThat(stopped.outcome()).as(stopped.message()).isEqualTo(UpgradeReport.Outcome.STOPPED_AFTER);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_18, ASM_1_19).hasAllPodsOn(ASM_1_19)
        .hasSharedMeshConfig(ASM_1_19);

    UpgradeReport report = upgrader.rollback();

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThatCluster(cluster)
        .hasRevisionsInstalled(ASM_1_18)
        .hasNoPodsOn(ASM_1_19)
        .hasAllPodsOn(ASM_1_18)
        .hasPodsOn(ASM_1_18, 10)
        .hasNamespacesOn(ASM_1_18, "shop", "payments", "monitoring")
        .hasNoNamespacesOn(ASM_1_19)
        .hasAllPodsReady()
        .hasSharedMeshConfig(ASM_1_18)
        .hasNoSharedMeshConfig(ASM_1_19);
    // restarted once forward and once back
    assertThat(cluster.workloadGenerations()).containsEntry("Deployment shop/frontend", 3L)
        .containsEntry("DaemonSet monitoring/node-agent", 3L).containsEntry("Deployment legacy/old-app", 1L);
    assertThat(upgrader.currentPlan()).hasValueSatisfying(p -> assertThat(p.stage()).isEqualTo(UpgradeStage.ROLLED_BACK));
  }

  @Test
  void rollingBackRightAfterTheCanaryStartedOnlyRemovesTheNewRevision(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    upgrader.upgrade(ASM_1_19, options.toBuilder().stopAfter(UpgradeStage.CONTROL_PLANES_VERIFIED).build());
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_18, ASM_1_19).hasPodsOn(ASM_1_18, 10);

    UpgradeReport report = upgrader.rollback();

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_18).hasPodsOn(ASM_1_18, 10)
        .hasNamespacesOn(ASM_1_18, "shop", "payments", "monitoring").hasNoSharedMeshConfig(ASM_1_19);
    assertThat(E2e.sorted(cluster.workloadGenerations())).isEqualTo(E2e.sorted(E2e.DEMO_SEEDED));
  }

  @Test
  void rollbackIsRefusedAfterCompletion(MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    upgrader.upgrade(ASM_1_19, options);

    assertThatThrownBy(upgrader::rollback).isInstanceOf(UpgradeRefusedException.class);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasAllPodsOn(ASM_1_19);
  }
}
