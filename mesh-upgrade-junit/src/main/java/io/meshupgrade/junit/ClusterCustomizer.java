package io.meshupgrade.junit;

import io.meshupgrade.testkit.SimulatedAksCluster;

/**
 * Changes the scenario of a simulated cluster before it starts, for what {@link SimulatedAks} has no attribute for
 * (custom workloads, a catalog, never-ready workloads, ...). Implementations named in
 * {@link SimulatedAks#customizers()} need a public or package-private no-argument constructor.
 *
 * <pre>{@code
 * static final class TwoShops implements ClusterCustomizer {
 *   public void customize(SimulatedAksCluster.Builder cluster) {
 *     cluster.workloads(seed -> seed.namespace("shop", Map.of("istio.io/rev", "asm-1-18"))
 *         .deployments("shop", "web", 2, 1));
 *   }
 * }
 * }</pre>
 *
 * <p>Implementations should be stateless, hence thread-safe.
 */
@FunctionalInterface
public interface ClusterCustomizer {

  /**
   * Changes the builder of the cluster about to start.
   *
   * @param cluster the cluster
   */
  void customize(SimulatedAksCluster.Builder cluster);
}
