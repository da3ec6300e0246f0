package io.meshupgrade.testkit.k8s;

import static io.meshupgrade.testkit.k8s.SimulatorSupport.await;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.options.PatchOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official client's generic API and shared informers (list, then watch from the list's version) work. */
class InformerCompatibilityTest {
  private KubernetesSimulator sim;
  private SharedInformerFactory factory;

  @BeforeEach
  void start() {
    sim = KubernetesSimulator.start();
    sim.seed().namespace("shop").deployments("shop", "web", 3, 2).apply();
  }

  @AfterEach
  void stop() {
    if (factory != null) {
      factory.stopAllRegisteredInformers();
    }
    sim.close();
  }

  @Test
  void anInformerSeesARestartConvergeAndSurvivesADroppedWatch() throws Exception {
    ApiClient client = client(sim);
    GenericKubernetesApi<V1Deployment, V1DeploymentList> api =
        new GenericKubernetesApi<>(V1Deployment.class, V1DeploymentList.class, "apps", "v1", "deployments", client);
    factory = new SharedInformerFactory(client);
    SharedIndexInformer<V1Deployment> informer = factory.sharedIndexInformerFor(api, V1Deployment.class, 0);
    factory.startAllRegisteredInformers();
    await("informer synced", informer::hasSynced);
    assertThat(informer.getIndexer().list()).hasSize(3);

    var result =
        api.patch(
            "shop",
            "web-1",
            V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
            new V1Patch(
                "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":"
                    + "{\"kubectl.kubernetes.io/restartedAt\":\"2026-11-26T08:00:00Z\"}}}}}"),
            new PatchOptions());
    assertThat(result.isSuccess()).isTrue();

    await(
        "the informer's copy of web-1 to show the finished rollout",
        () -> {
          V1Deployment d = informer.getIndexer().getByKey("shop/web-1");
          return d != null
              && d.getMetadata().getGeneration() == 2L
              && d.getStatus().getObservedGeneration() == 2L
              && Integer.valueOf(2).equals(d.getStatus().getUpdatedReplicas())
              && Integer.valueOf(2).equals(d.getStatus().getAvailableReplicas())
              && Integer.valueOf(2).equals(d.getStatus().getReplicas());
        });

    await("a watch to be open", () -> sim.openWatches() > 0);
    sim.faults().dropWatches();
    sim.seed().deployment("shop", "late", 1).apply();

    await("the informer to see a deployment created after the drop", () -> informer.getIndexer().getByKey("shop/late") != null);
    // After a dropped watch the client's reflector may relist before it watches again (the relist alone can deliver
    // "late"), so wait for the second watch instead of reading the count at once.
    await("the informer to open a new watch after the drop",
        () -> sim.requestLog().count("watch", "deployments") >= 2);
    assertThat(sim.requestLog().count(e -> e.verb().equals("list") && e.resource().equals("deployments")))
        .isGreaterThanOrEqualTo(1);
  }
}
