package io.meshupgrade.junit;

import io.meshupgrade.testkit.SimulatedAksCluster;

/**
 * Entry point of the AssertJ-style assertions on a simulated cluster.
 *
 * <pre>{@code
 * import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
 *
 * assertThatCluster(cluster)
 *     .hasRevisionsInstalled(asm_1_19)
 *     .hasNoPodsOn(asm_1_18)
 *     .hasAllPodsOn(asm_1_19)
 *     .hasNamespacesOn(asm_1_19, "shop", "payments");
 * }</pre>
 *
 * <p>Thread-safe (stateless).
 */
public final class MeshAssertions {

  private MeshAssertions() {}

  /**
   * Assertions on the cluster's mesh state.
   *
   * @param cluster the cluster
   * @return the cluster assert
   */
  public static ClusterAssert assertThatCluster(SimulatedAksCluster cluster) {
    return new ClusterAssert(cluster);
  }
}
