package io.meshupgrade.junit.e2e;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_18;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.report.RollOverReport;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.testkit.SimulatedAksCluster;
import io.meshupgrade.testkit.k8s.ApiResource;
import io.meshupgrade.testkit.k8s.ObjectStore.PatchType;
import org.junit.jupiter.api.Test;

/** A patch release changes a revision's proxy image; rollOverPatch restarts exactly the stale workloads. */
@SimulatedAks
class PatchRollOverTest {
  private static final String OLD = "mcr.microsoft.com/oss/istio/proxyv2:1.18.0-distroless";
  private static final String NEW = "mcr.microsoft.com/oss/istio/proxyv2:1.18.1-distroless";

  @Test
  void restartsExactlyTheWorkloadsWhoseProxyIsStale(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    assertThat(cluster.patchRelease("asm-1-18")).isEqualTo(NEW);
    // someone already restarted frontend after the patch release: it runs the new image
    cluster.store().patch(ApiResource.DEPLOYMENTS, "shop", "frontend", PatchType.JSON_MERGE,
        "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"before\"}}}}}");
    E2e.awaitUntil(cluster, "frontend on the new image", () -> cluster.podsOn("asm-1-18").stream()
        .filter(p -> p.name().startsWith("frontend-")).allMatch(p -> p.proxyImage().orElse("").equals(NEW))
        && cluster.podsOn("asm-1-18").size() == 10);

    RollOverReport report = upgrader.rollOverPatch(options);

    assertThat(report.currentImages()).containsEntry(ASM_1_18, NEW);
    assertThat(report.restarted()).containsExactlyInAnyOrder(WorkloadRef.deployment("shop", "cart"),
        WorkloadRef.statefulSet("shop", "orders-db"), WorkloadRef.deployment("payments", "api"),
        WorkloadRef.daemonSet("monitoring", "node-agent"));
    assertThat(report.allSucceeded()).isTrue();
    assertThat(cluster.workloadGenerations())
        .containsEntry("Deployment shop/frontend", 2L)   // our restart only
        .containsEntry("Deployment shop/cart", 2L)
        .containsEntry("StatefulSet shop/orders-db", 2L)
        .containsEntry("Deployment payments/api", 2L)
        .containsEntry("DaemonSet monitoring/node-agent", 2L)
        .containsEntry("Deployment legacy/old-app", 1L);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_18).hasPodsOn(ASM_1_18, 10).hasNoStaleProxies()
        .hasAllPodsReady();
    assertThat(cluster.podsOn("asm-1-18")).allSatisfy(p -> assertThat(p.proxyImage()).contains(NEW));
  }

  @Test
  void withoutAPatchReleaseNothingIsStaleAndNothingRestarts(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
    RollOverReport report = upgrader.rollOverPatch(options);

    assertThat(report.staleWorkloads()).isEmpty();
    assertThat(report.restarted()).isEmpty();
    assertThat(E2e.sorted(cluster.workloadGenerations())).isEqualTo(E2e.sorted(E2e.DEMO_SEEDED));
    assertThat(cluster.podsOn("asm-1-18")).allSatisfy(p -> assertThat(p.proxyImage()).contains(OLD));
  }
}
