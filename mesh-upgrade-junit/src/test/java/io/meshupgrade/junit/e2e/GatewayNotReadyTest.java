package io.meshupgrade.junit.e2e;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_18;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_19;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.junit.ClusterCustomizer;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.testkit.SimulatedAksCluster;
import io.meshupgrade.testkit.k8s.ApiResource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The new revision's external ingress gateway never becomes ready: nothing is switched to the new revision. */
@SimulatedAks(ingressGateways = true, customizers = GatewayNotReadyTest.BrokenGateway.class)
class GatewayNotReadyTest {

  static final class BrokenGateway implements ClusterCustomizer {
    @Override
    public void customize(SimulatedAksCluster.Builder cluster) {
      cluster.neverReady(ApiResource.DEPLOYMENTS, SimulatedAksCluster.INGRESS_NAMESPACE,
          "aks-istio-ingressgateway-external-asm-1-19");
    }
  }

  @Test
  void aGatewayThatNeverBecomesReadyStopsTheUpgradeBeforeInjectionIsSwitched(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    UpgradeReport report = upgrader.upgrade(ASM_1_19,
        options.toBuilder().controlPlaneTimeout(Duration.ofSeconds(2)).build());

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.HALTED);
    assertThat(report.message()).contains("aks-istio-ingressgateway-external");
    assertThat(upgrader.currentPlan()).hasValueSatisfying(p -> {
      assertThat(p.stage()).isEqualTo(UpgradeStage.HALTED);
      assertThat(p.hasReached(UpgradeStage.INJECTION_SWITCHED)).isFalse();
    });
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_18, ASM_1_19).hasPodsOn(ASM_1_18, 10)
        .hasNamespacesOn(ASM_1_18, "shop", "payments", "monitoring");
    assertThat(E2e.sorted(cluster.workloadGenerations())).isEqualTo(E2e.sorted(E2e.DEMO_SEEDED));

    // once the gateway is fixed, the run resumes and completes
    cluster.workloads().becomeReady(ApiResource.DEPLOYMENTS, SimulatedAksCluster.INGRESS_NAMESPACE,
        "aks-istio-ingressgateway-external-asm-1-19");
    UpgradeReport resumed = upgrader.upgrade(ASM_1_19, options);
    assertThat(resumed.outcome()).as(resumed.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasAllPodsOn(ASM_1_19);
  }
}
