package io.meshupgrade.junit.e2e;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.Revision;
import io.meshupgrade.UpgradeOptions;
import io.meshupgrade.UpgradeReport;
import io.meshupgrade.junit.RecordedEvents;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.testkit.SimulatedAksCluster;
import org.junit.jupiter.api.Test;

@SimulatedAks
class HappyPathTest {
  static final Revision ASM_1_18 = Revision.parse("asm-1-18");
  static final Revision ASM_1_19 = Revision.parse("asm-1-19");

  @Test
  void upgradesTheDemoClusterFromAsm118ToAsm119(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options, RecordedEvents events) {
    UpgradeReport report = upgrader.upgrade(ASM_1_19, options);

    System.out.println(report);
    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThatCluster(cluster)
        .hasRevisionsInstalled(ASM_1_19)
        .hasNoPodsOn(ASM_1_18)
        .hasAllPodsOn(ASM_1_19)
        .hasPodsOn(ASM_1_19, 10)
        .hasNamespacesOn(ASM_1_19, "shop", "payments", "monitoring")
        .hasNoNamespacesOn(ASM_1_18)
        .hasAllPodsReady();
  }
}
