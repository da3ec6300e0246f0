package io.meshupgrade.junit.e2e;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_17;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_18;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.UpgradeRefusedException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.exception.DanglingInjectionException;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradePreview;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.junit.ClusterCustomizer;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.spi.MeshDataPlane;
import io.meshupgrade.testkit.MeshPod;
import io.meshupgrade.testkit.SimulatedAksCluster;
import io.meshupgrade.testkit.k8s.ApiResource;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, item 2, end to end: revision tag prod-stable was left at asm-1-17, removed long ago; namespace pay uses it,
 * so the tag's webhook (failurePolicy Fail, its istiod gone) rejects every pod there. shop is on asm-1-18.
 */
@SimulatedAks(demoWorkloads = false, customizers = DanglingTagTest.Dangling.class)
class DanglingTagTest {

  /** prod-stable -> asm-1-17 (not installed); pay uses it; shop on asm-1-18. */
  static final class Dangling implements ClusterCustomizer {
    @Override
    public void customize(SimulatedAksCluster.Builder cluster) {
      cluster.workloads(seed -> seed
          .tag("prod-stable", "asm-1-17")
          .namespace("pay", Map.of("istio.io/rev", "prod-stable"))
          .namespace("shop", Map.of("istio.io/rev", "asm-1-18"))
          .deployment("shop", "web", 2));
    }
  }

  /** A bare pod, as {@code kubectl run} would create it. */
  private static ObjectNode pod(String namespace, String name) {
    try {
      return (ObjectNode) new ObjectMapper().readTree("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{"
          + "\"name\":\"" + name + "\",\"namespace\":\"" + namespace + "\"},\"spec\":{\"containers\":[{"
          + "\"name\":\"app\",\"image\":\"nginx\"}]}}");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void issue8_theSimulatorRejectsPodsInTheNamespacesOfADanglingTag(SimulatedAksCluster cluster) {
    assertThatThrownBy(() -> cluster.store().create(ApiResource.PODS, pod("pay", "probe")))
        .hasMessageContaining("failed calling webhook").hasMessageContaining("istiod-asm-1-17");
  }

  @Test
  void issue8_planAndStatusReportTheDanglingTagAndTheUpgradeRefusesChangingNothing(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    UpgradePreview preview = upgrader.plan(ASM_1_19, options);
    assertThat(preview.dangling().tagNames()).containsExactly("prod-stable");
    assertThat(preview.dangling().namespaces()).containsExactly(Map.entry("pay", "prod-stable"));
    assertThat(preview.wouldChangeCluster()).isFalse();
    assertThat(upgrader.danglingInjection().tagNames()).containsExactly("prod-stable");
    Map<String, Long> generations = cluster.workloadGenerations();

    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> upgrader.upgrade(ASM_1_19, options));

    assertThat(report).as("refused: thrown, nothing changed").isNotNull();
    assertThat(report).isInstanceOf(DanglingInjectionException.class);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_18).hasPodsOn(ASM_1_18, 2);
    assertThat(cluster.workloadGenerations()).isEqualTo(generations);
    assertThat(cluster.sharedMeshConfig(ASM_1_19.toString())).isEmpty();
  }

  @Test
  void issue8_repointDanglingTagsPointsTheTagAtTheTargetAndPodsStartThereAgain(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options, MeshDataPlane dataPlane) {
    UpgradeReport report = upgrader.upgrade(ASM_1_19, options.toBuilder().repointDanglingTags(true).build());

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(report.warnings()).isEmpty();
    assertThat(dataPlane.revisionTags()).extracting(RevisionTag::tag, RevisionTag::revision)
        .containsExactly(Tuple.tuple("prod-stable", ASM_1_19));
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasPodsOn(ASM_1_19, 2);
    assertThat(upgrader.danglingInjection().isEmpty()).isTrue();
    cluster.store().create(ApiResource.PODS, pod("pay", "probe"));
    assertThat(cluster.pods()).filteredOn(p -> p.namespace().equals("pay")).extracting(MeshPod::revision)
        .containsExactly(Optional.of(ASM_1_19.toString()));
  }

  @Test
  void issue8_completeRefusesWhileATagWouldPointAtARemovedRevision(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    UpgradeOptions repoint = options.toBuilder().repointDanglingTags(true).build();
    upgrader.upgrade(ASM_1_19, repoint.toBuilder().stopAfter(UpgradeStage.HEALTH_VERIFIED).build());
    cluster.addon().setTag("late", ASM_1_17.toString());

    assertThatThrownBy(upgrader::complete).isInstanceOf(DanglingInjectionException.class)
        .hasMessageContaining("revision tag late points at asm-1-17");
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_18, ASM_1_19);

    UpgradeReport report = upgrader.complete(repoint);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19);
    assertThat(upgrader.danglingInjection().isEmpty()).isTrue();
  }
}
