package io.meshupgrade.junit;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.testkit.SimulatedAksCluster;
import io.meshupgrade.testkit.k8s.ApiResource;
import io.meshupgrade.testkit.k8s.ObjectStore.PatchType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The assertions that need a changed cluster: stale proxies and pods that are not ready. */
@SimulatedAks
class ClusterAssertStaleTest {

  @Test
  void failsOnStaleProxiesAfterAPatchRelease(SimulatedAksCluster cluster) {
    cluster.patchRelease("asm-1-18");

    assertThatThrownBy(() -> assertThatCluster(cluster).hasNoStaleProxies())
        .isInstanceOf(AssertionError.class).hasMessageContaining("found 10")
        .hasMessageContaining("runs mcr.microsoft.com/oss/istio/proxyv2:1.18.0-distroless instead of "
            + "mcr.microsoft.com/oss/istio/proxyv2:1.18.1-distroless");
  }

  @Test
  void failsOnPodsThatAreNotReady(SimulatedAksCluster cluster) {
    cluster.workloads().neverReady(ApiResource.DEPLOYMENTS, "payments", "api");
    cluster.store().patch(ApiResource.DEPLOYMENTS, "payments", "api", PatchType.JSON_MERGE,
        "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"now\"}}}}}");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (cluster.pods().stream().allMatch(p -> p.ready()) && Instant.now().isBefore(deadline)) {
      cluster.awaitIdle(Duration.ofMillis(20));
    }

    assertThatThrownBy(() -> assertThatCluster(cluster).hasAllPodsReady())
        .isInstanceOf(AssertionError.class).hasMessageContaining("payments/api-");
  }
}
