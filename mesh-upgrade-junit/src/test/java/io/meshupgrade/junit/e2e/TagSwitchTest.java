package io.meshupgrade.junit.e2e;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_18;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_19;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.junit.ClusterCustomizer;
import io.meshupgrade.junit.RecordedEvents;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.testkit.SimulatedAksCluster;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Injection switched by moving a revision tag instead of relabelling namespaces. */
@SimulatedAks(demoWorkloads = false, customizers = TagSwitchTest.Tagged.class)
class TagSwitchTest {

  /** prod-stable -> asm-1-18; shop and payments use the tag. */
  static final class Tagged implements ClusterCustomizer {
    @Override
    public void customize(SimulatedAksCluster.Builder cluster) {
      cluster.workloads(seed -> seed
          .tag("prod-stable", "asm-1-18")
          .namespace("shop", Map.of("istio.io/rev", "prod-stable"))
          .deployment("shop", "web", 2)
          .namespace("payments", Map.of("istio.io/rev", "prod-stable"))
          .statefulSet("payments", "ledger", 1));
    }
  }

  @Test
  void movingTheTagSwitchesItsNamespacesWithoutRelabellingThem(MeshUpgrader upgrader, SimulatedAksCluster cluster,
      UpgradeOptions options, io.meshupgrade.spi.MeshDataPlane dataPlane, RecordedEvents events) {
    assertThatCluster(cluster).hasPodsOn(ASM_1_18, 3);

    UpgradeReport report = upgrader.upgrade(ASM_1_19, options.toBuilder().revisionTag("prod-stable").build());

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(events.ofType(UpgradeEvent.TagMoved.class)).singleElement()
        .satisfies(e -> assertThat(e.revision()).isEqualTo(ASM_1_19));
    assertThat(dataPlane.revisionTags()).extracting(RevisionTag::tag, RevisionTag::revision)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("prod-stable", ASM_1_19));
    assertThat(cluster.namespacesLabelled("prod-stable")).containsExactly("payments", "shop");
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasNoPodsOn(ASM_1_18).hasPodsOn(ASM_1_19, 3)
        .hasNoNamespacesOn(ASM_1_19).hasNoNamespacesOn(ASM_1_18);
  }
}
