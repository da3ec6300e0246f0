package io.meshupgrade.examples;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.model.Revision;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.testkit.SimulatedAksCluster;
import org.junit.jupiter.api.Test;

/**
 * Sample: "JUnit-driven automation". A platform team's own test that rehearses its upgrade runbook on a simulated
 * AKS cluster before it touches a real one: the manual flow (start, inspect, complete), the interlock that protects
 * workloads, and a rollback.
 */
@SimulatedAks(revisions = "asm-1-18", ingressGateways = true)
class MeshUpgradeAutomationTest {
  static final Revision ASM_1_18 = Revision.parse("asm-1-18");
  static final Revision ASM_1_19 = Revision.parse("asm-1-19");

  @Test
  void runbookStartInspectThenComplete(MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    UpgradeReport started = upgrader.upgrade(ASM_1_19,
        options.toBuilder().stopAfter(UpgradeStage.CONTROL_PLANES_VERIFIED).build());
    assertThat(started.outcome()).isEqualTo(UpgradeReport.Outcome.STOPPED_AFTER);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_18, ASM_1_19).hasAllPodsOn(ASM_1_18);

    // The interlock: completing now would detach every workload still on asm-1-18.
    assertThatThrownBy(upgrader::complete).isInstanceOf(UpgradeRefusedException.class)
        .hasMessageContaining("still run asm-1-18");

    UpgradeReport done = upgrader.upgrade(ASM_1_19, options);
    assertThat(done.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasNoPodsOn(ASM_1_18).hasAllPodsReady();
  }

  @Test
  void runbookRollback(MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    upgrader.upgrade(ASM_1_19, options.toBuilder().stopAfter(UpgradeStage.WORKLOADS_RESTARTED).build());
    assertThatCluster(cluster).hasNoPodsOn(ASM_1_18);

    UpgradeReport report = upgrader.rollback();

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_18).hasNoPodsOn(ASM_1_19)
        .hasNamespacesOn(ASM_1_18, "monitoring", "payments", "shop");
  }
}
