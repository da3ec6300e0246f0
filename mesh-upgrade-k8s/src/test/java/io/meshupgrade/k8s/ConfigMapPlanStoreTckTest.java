package io.meshupgrade.k8s;

import io.kubernetes.client.util.ClientBuilder;
import io.meshupgrade.spi.PlanStore;
import io.meshupgrade.tck.PlanStoreContract;
import io.meshupgrade.testkit.k8s.KubernetesSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The TCK's plan store contract against {@link ConfigMapPlanStore} over real HTTP against the simulator. */
class ConfigMapPlanStoreTckTest extends PlanStoreContract {
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

  @Override
  protected PlanStore createStore() {
    return new ConfigMapPlanStore(new ClientBuilder().setBasePath(sim.uri().toString()).build());
  }
}
