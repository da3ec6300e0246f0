package io.meshupgrade.examples;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.model.Revision;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.spi.HealthCheckContext;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.junit.SimulatedAksAdapters;
import io.meshupgrade.testkit.SimulatedAksCluster;
import io.meshupgrade.testkit.k8s.ApiResource;
import io.meshupgrade.testkit.k8s.ObjectStore;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

@SimulatedAks
class EmbeddingSampleTest {
  private static final Revision ASM_1_18 = Revision.parse("asm-1-18");
  private static final Revision ASM_1_19 = Revision.parse("asm-1-19");
  private static final HealthCheckContext HOP = HealthCheckContext.builder().from(ASM_1_18).to(ASM_1_19)
      .deadline(Instant.EPOCH).build();

  @Test
  void theNightlyJobTakesTheNextOfferedRevisionWithItsOwnHealthGate(
      SimulatedAksCluster cluster, SimulatedAksAdapters adapters, UpgradeOptions options) {
    MeshUpgrader upgrader = adapters.upgraderBuilder()
        .healthCheck(EmbeddingSample.everyPodMeshed(adapters.dataPlane(), Set.of("shop", "payments")))
        .listener(EmbeddingSample::log)
        .build();

    Optional<UpgradeReport> report = EmbeddingSample.upgradeToNextOffered(adapters.controlPlane(), upgrader, options);

    assertThat(report).get().extracting(UpgradeReport::outcome).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasNoPodsOn(ASM_1_18);
  }

  @Test
  @SimulatedAks(revisions = {"asm-1-18", "asm-1-19"})
  void theNightlyJobLeavesACanaryInProgressAlone(SimulatedAksCluster cluster, SimulatedAksAdapters adapters,
      UpgradeOptions options) {
    Optional<UpgradeReport> report =
        EmbeddingSample.upgradeToNextOffered(adapters.controlPlane(), adapters.upgrader(), options);

    assertThat(report).isEmpty();
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_18, ASM_1_19);
  }

  @Test
  @SimulatedAks(revisions = "asm-1-20")
  void theNightlyJobDoesNothingOnTheNewestRevision(SimulatedAksAdapters adapters, UpgradeOptions options) {
    assertThat(EmbeddingSample.upgradeToNextOffered(adapters.controlPlane(), adapters.upgrader(), options)).isEmpty();
  }

  @Test
  void theHealthGateFailsWhenAPodLostItsSidecar(SimulatedAksCluster cluster, SimulatedAksAdapters adapters) {
    // A pod the injector never saw: created before its namespace joined the mesh.
    cluster.kubernetes().seed().namespace("late").pod("late", "stray").apply();
    cluster.store().patch(ApiResource.NAMESPACES, null, "late", ObjectStore.PatchType.JSON_MERGE,
        "{\"metadata\":{\"labels\":{\"istio.io/rev\":\"asm-1-18\"}}}");

    assertThat(EmbeddingSample.everyPodMeshed(adapters.dataPlane(), Set.of("late")).check(HOP)
        .healthy()).isFalse();
    assertThat(EmbeddingSample.everyPodMeshed(adapters.dataPlane(), Set.of("shop")).check(HOP)
        .healthy()).isTrue();
  }
}
