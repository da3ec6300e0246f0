package io.meshupgrade.junit.e2e;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_17;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_19;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_20;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.junit.ClusterCustomizer;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.testkit.SimulatedAksCluster;
import io.meshupgrade.testkit.arm.FakeRevisionCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * asm-1-17 is installed but no longer supported, and asm-1-18 has retired too: the lowest supported revision for
 * Kubernetes 1.28 is asm-1-19, so the cluster jumps straight there.
 */
@SimulatedAks(revisions = "asm-1-17", customizers = UnsupportedRevisionTest.Retired.class)
class UnsupportedRevisionTest {

  static final class Retired implements ClusterCustomizer {
    @Override
    public void customize(SimulatedAksCluster.Builder cluster) {
      cluster.catalog(FakeRevisionCatalog.builder()
          .revision("asm-1-19", List.of("asm-1-20"), List.of("1.27", "1.28", "1.29"))
          .revision("asm-1-20", List.of(), List.of("1.28", "1.29", "1.30"))
          .build());
    }
  }

  @Test
  void anUnsupportedRevisionJumpsToTheLowestSupportedOneInOneHop(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    assertThat(upgrader.plan(ASM_1_19).hops()).containsExactly(ASM_1_19);

    UpgradeReport report = upgrader.upgrade(ASM_1_19, options);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(report.plans()).singleElement().satisfies(p -> {
      assertThat(p.from()).isEqualTo(ASM_1_17);
      assertThat(p.to()).isEqualTo(ASM_1_19);
    });
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasAllPodsOn(ASM_1_19).hasPodsOn(ASM_1_19, 10)
        .hasNoPodsOn(ASM_1_17).hasNamespacesOn(ASM_1_19, "shop", "payments", "monitoring");
  }

  @Test
  void aTargetBeyondTheLowestSupportedGoesThroughIt(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    UpgradeReport report = upgrader.upgrade(ASM_1_20, options);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(report.plans()).extracting(UpgradePlan::to).containsExactly(ASM_1_19, ASM_1_20);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_20).hasAllPodsOn(ASM_1_20);
  }
}
