package io.meshupgrade.junit.e2e;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_18;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_19;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_20;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.plan.Situation;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.testkit.SimulatedAksCluster;
import org.junit.jupiter.api.Test;

/**
 * A canary asm-1-18 -> asm-1-19 left behind by someone else (both revisions installed, no saved plan, workloads still
 * on asm-1-18). Since issue 5's review it is adopted whenever asm-1-19 lies on the way to the target.
 */
@SimulatedAks(revisions = {"asm-1-18", "asm-1-19"})
class StaleCanaryTest {

  @Test
  void upgradingToTheCanaryRevisionFinishesTheCanary(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    assertThat(upgrader.plan(ASM_1_19).situation()).isInstanceOf(Situation.ResumeCanary.class);

    UpgradeReport report = upgrader.upgrade(ASM_1_19, options);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasAllPodsOn(ASM_1_19).hasPodsOn(ASM_1_19, 10)
        .hasNamespacesOn(ASM_1_19, "shop", "payments", "monitoring");
    assertThat(E2e.sorted(cluster.workloadGenerations())).isEqualTo(E2e.sorted(E2e.DEMO_RESTARTED_ONCE));
  }

  @Test
  void aTargetBeyondTheCanaryResumesTheCanaryAsItsFirstHopThenGoesOn(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    // asm-1-19 is the first hop from asm-1-18 toward asm-1-20: the canary is adopted and finished, then the next hop
    assertThat(upgrader.plan(ASM_1_20).situation()).isInstanceOf(Situation.ResumeCanary.class);
    assertThat(upgrader.plan(ASM_1_20).hops()).containsExactly(ASM_1_19, ASM_1_20);

    UpgradeReport report = upgrader.upgrade(ASM_1_20, options);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(report.plans()).extracting(UpgradePlan::from, UpgradePlan::to)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(ASM_1_18, ASM_1_19),
            org.assertj.core.groups.Tuple.tuple(ASM_1_19, ASM_1_20));
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_20).hasAllPodsOn(ASM_1_20).hasPodsOn(ASM_1_20, 10)
        .hasNoPodsOn(ASM_1_18).hasNoPodsOn(ASM_1_19);
  }

  @Test
  void aDowngradeBelowTheCanaryIsRefusedAndChangesNothing(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> upgrader.upgrade(io.meshupgrade.model.Revision.parse("asm-1-17"), options));

    assertThat(report).as("refused: thrown, nothing changed").isNotNull();
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_18, ASM_1_19).hasPodsOn(ASM_1_18, 10);
    assertThat(E2e.sorted(cluster.workloadGenerations())).isEqualTo(E2e.sorted(E2e.DEMO_SEEDED));
  }
}
