package io.meshupgrade.junit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.model.Revision;
import io.meshupgrade.testkit.SimulatedAksCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/** Shared values of the end-to-end tests. */
final class E2e {
  static final Revision ASM_1_17 = Revision.parse("asm-1-17");
  static final Revision ASM_1_18 = Revision.parse("asm-1-18");
  static final Revision ASM_1_19 = Revision.parse("asm-1-19");
  static final Revision ASM_1_20 = Revision.parse("asm-1-20");

  /** The mesh workloads of the demo (generation 1 when seeded). */
  static final Map<String, Long> DEMO_SEEDED = Map.of(
      "Deployment shop/frontend", 1L, "Deployment shop/cart", 1L, "StatefulSet shop/orders-db", 1L,
      "Deployment payments/api", 1L, "DaemonSet monitoring/node-agent", 1L, "Deployment legacy/old-app", 1L);

  /** The demo after one upgrade: every mesh workload restarted exactly once, legacy (istio-injection) untouched. */
  static final Map<String, Long> DEMO_RESTARTED_ONCE = Map.of(
      "Deployment shop/frontend", 2L, "Deployment shop/cart", 2L, "StatefulSet shop/orders-db", 2L,
      "Deployment payments/api", 2L, "DaemonSet monitoring/node-agent", 2L, "Deployment legacy/old-app", 1L);

  private E2e() {}

  /** Polls (letting the simulator's controllers run) until the condition holds; fails after 20 s. */
  static void awaitUntil(SimulatedAksCluster cluster, String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
      cluster.awaitIdle(Duration.ofMillis(20));
      Thread.onSpinWait();
    }
  }

  static Map<String, Long> sorted(Map<String, Long> m) {
    return new TreeMap<>(m);
  }
}
