package io.meshupgrade.junit.e2e;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_18;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_19;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.junit.ClusterCustomizer;
import io.meshupgrade.junit.RecordedEvents;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.testkit.SimulatedAksCluster;
import io.meshupgrade.testkit.k8s.ApiResource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Deployment shop/cart never becomes ready after a restart: the health gate fails, the workloads are rolled back
 * to asm-1-18, the run halts with both control planes kept, and it resumes once cart is fixed.
 */
@SimulatedAks(customizers = NeverReadyTest.CartNeverReady.class)
class NeverReadyTest {

  static final class CartNeverReady implements ClusterCustomizer {
    @Override
    public void customize(SimulatedAksCluster.Builder cluster) {
      cluster.neverReady(ApiResource.DEPLOYMENTS, "shop", "cart");
    }
  }

  @Test
  void aWorkloadThatNeverBecomesReadyRollsTheWorkloadsBackAndHaltsResumably(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options, RecordedEvents events) {
    cluster.workloads().progressDeadline(Duration.ofMillis(500));
    UpgradeOptions quick = options.toBuilder().rolloutTimeout(Duration.ofSeconds(3)).build();

    UpgradeReport halted = upgrader.upgrade(ASM_1_19, quick);

    assertThat(halted.outcome()).as(halted.message()).isEqualTo(UpgradeReport.Outcome.HALTED);
    assertThat(halted.failedRollouts()).extracting(r -> r.workload())
        .contains(WorkloadRef.deployment("shop", "cart"));
    assertThat(upgrader.currentPlan()).hasValueSatisfying(p -> assertThat(p.stage()).isEqualTo(UpgradeStage.HALTED));
    assertThat(events.ofType(UpgradeEvent.Halted.class)).hasSize(1);
    // both control planes kept; injection and the other workloads back on asm-1-18
    assertThatCluster(cluster)
        .hasRevisionsInstalled(ASM_1_18, ASM_1_19)
        .hasNamespacesOn(ASM_1_18, "shop", "payments", "monitoring")
        .hasNoNamespacesOn(ASM_1_19);
    assertThat(cluster.podsOn("asm-1-19")).noneMatch(p -> !p.name().startsWith("cart-") && p.ready());
    assertThat(cluster.podsOn("asm-1-18")).extracting(p -> p.name().replaceAll("-[^-]+(-[^-]+)?$", ""))
        .contains("frontend", "api");

    // the owner fixes cart; the run resumes from its checkpoint and completes
    cluster.workloads().becomeReady(ApiResource.DEPLOYMENTS, "shop", "cart");
    UpgradeReport resumed = upgrader.upgrade(ASM_1_19, options);

    assertThat(resumed.outcome()).as(resumed.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasNoPodsOn(ASM_1_18).hasPodsOn(ASM_1_19, 10)
        .hasAllPodsReady();
  }
}
