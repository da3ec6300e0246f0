package io.meshupgrade.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.testkit.SimulatedAksCluster;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;

/** {@code shared = true}: the tests of a class share one cluster. */
@SimulatedAks(shared = true, demoWorkloads = false)
class SharedClusterTest {
  private static final Set<SimulatedAksCluster> SEEN = ConcurrentHashMap.newKeySet();

  @RepeatedTest(3)
  void seesTheSameClusterEveryTime(SimulatedAksCluster cluster) {
    SEEN.add(cluster);
    assertThat(cluster.pods()).isEmpty();
  }

  @AfterAll
  static void oneClusterServedAllTests() {
    assertThat(SEEN).hasSize(1);
  }
}
