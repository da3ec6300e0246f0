package io.meshupgrade.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.meshupgrade.spi.UpgradeLock;
import io.meshupgrade.tck.UpgradeLockContract;
import io.meshupgrade.tck.fakes.MutableClock;
import io.meshupgrade.testkit.k8s.KubernetesSimulator;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The TCK's lock contract against {@link LeaseUpgradeLock} (a Lease in aks-istio-system) over real HTTP against the
 * Kubernetes simulator; a second process is a second client on the same Lease.
 */
class LeaseUpgradeLockTckTest extends UpgradeLockContract {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T08:00:00Z"));
  private KubernetesSimulator sim;

  @BeforeEach
  void startSimulator() {
    sim = KubernetesSimulator.builder().build();
    sim.seed().revision("asm-1-18", SimulatedClusterTest.IMAGE_1_18).apply();
  }

  @AfterEach
  void checkRbacAndStop() {
    try {
      TckRbac.assertGranted(sim);
    } finally {
      sim.close();
    }
  }

  private LeaseUpgradeLock newClient() {
    ApiClient client = new ClientBuilder().setBasePath(sim.uri().toString()).build();
    return new LeaseUpgradeLock(client, "aks-istio-system", "mesh-upgrade-lock", clock);
  }

  @Override
  protected UpgradeLock createLock() {
    return newClient();
  }

  @Override
  protected UpgradeLock sameLockElsewhere() {
    return newClient();
  }

  @Override
  protected void advanceClock(Duration duration) {
    clock.advance(duration);
  }
}
