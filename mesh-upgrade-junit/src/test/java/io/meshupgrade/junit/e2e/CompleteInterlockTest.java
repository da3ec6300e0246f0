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
import io.meshupgrade.testkit.arm.ArmCall;
import org.junit.jupiter.api.Test;

/** complete() refuses while anything still uses the old revision. */
@SimulatedAks
class CompleteInterlockTest {

  @Test
  void completeIsRefusedWhilePodsStillRunTheOldRevision(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    upgrader.upgrade(ASM_1_19, options.toBuilder().stopAfter(UpgradeStage.INJECTION_SWITCHED).build());
    assertThatCluster(cluster).hasNamespacesOn(ASM_1_19, "shop", "payments", "monitoring").hasPodsOn(ASM_1_18, 10);
    int puts = cluster.arm().requests(ArmCall.PUT_CLUSTER).size();

    assertThatThrownBy(upgrader::complete)
        .isInstanceOf(UpgradeRefusedException.class)
        .hasMessageContaining("6 pods in namespace shop still run asm-1-18")
        .hasMessageContaining("in namespace payments")
        .hasMessageContaining("in namespace monitoring");

    assertThat(cluster.arm().requests(ArmCall.PUT_CLUSTER)).hasSize(puts);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_18, ASM_1_19).hasPodsOn(ASM_1_18, 10);
  }

  @Test
  void completeIsRefusedWhileANamespaceIsStillLabelledWithTheOldRevision(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    upgrader.upgrade(ASM_1_19, options.toBuilder().stopAfter(UpgradeStage.CONTROL_PLANES_VERIFIED).build());

    assertThatThrownBy(upgrader::complete)
        .isInstanceOf(UpgradeRefusedException.class)
        .hasMessageContaining("namespace shop is still labelled istio.io/rev=asm-1-18");
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_18, ASM_1_19);
  }

  @Test
  void theUpgradeCanGoOnAfterARefusedCompleteAndThenCompletes(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    upgrader.upgrade(ASM_1_19, options.toBuilder().stopAfter(UpgradeStage.INJECTION_SWITCHED).build());
    assertThatThrownBy(upgrader::complete).isInstanceOf(UpgradeRefusedException.class);

    UpgradeReport report = upgrader.upgrade(ASM_1_19, options);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasNoPodsOn(ASM_1_18).hasPodsOn(ASM_1_19, 10);
    assertThat(E2e.sorted(cluster.workloadGenerations())).isEqualTo(E2e.sorted(E2e.DEMO_RESTARTED_ONCE));
  }

  @Test
  void aForcedCompleteRecordsItsReasonAndLeavesTheOldPodsDetached(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    upgrader.upgrade(ASM_1_19, options.toBuilder().stopAfter(UpgradeStage.INJECTION_SWITCHED).build());

    UpgradeReport report = upgrader.forceComplete("batch jobs finish tonight");

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(report.forcedReasons()).anySatisfy(r -> assertThat(r).contains("batch jobs finish tonight"));
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasPodsOn(ASM_1_18, 10);
  }
}
