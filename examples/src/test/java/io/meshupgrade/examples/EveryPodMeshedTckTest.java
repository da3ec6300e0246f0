package io.meshupgrade.examples;

import io.meshupgrade.junit.SimulatedAksAdapters;
import io.meshupgrade.spi.HealthCheck;
import io.meshupgrade.tck.HealthCheckContract;
import io.meshupgrade.testkit.SimulatedAksCluster;
import io.meshupgrade.testkit.k8s.ApiResource;
import io.meshupgrade.testkit.k8s.ObjectStore;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The sample's own health gate ({@link EmbeddingSample#everyPodMeshed}) against the TCK, on a simulated cluster. */
class EveryPodMeshedTckTest extends HealthCheckContract {
  private SimulatedAksCluster cluster;

  @BeforeEach
  void start() {
    cluster = SimulatedAksCluster.start();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Override
  protected HealthCheck healthyCheck() {
    return EmbeddingSample.everyPodMeshed(SimulatedAksAdapters.of(cluster).dataPlane(), Set.of("shop"));
  }

  /** A pod the injector never saw: created before its namespace joined the mesh. */
  @Override
  protected HealthCheck unhealthyCheck() {
    cluster.kubernetes().seed().namespace("late").pod("late", "stray").apply();
    cluster.store().patch(ApiResource.NAMESPACES, null, "late", ObjectStore.PatchType.JSON_MERGE,
        "{\"metadata\":{\"labels\":{\"istio.io/rev\":\"asm-1-18\"}}}");
    return EmbeddingSample.everyPodMeshed(SimulatedAksAdapters.of(cluster).dataPlane(), Set.of("late"));
  }
}
