package io.meshupgrade.k8s;

import io.kubernetes.client.util.ClientBuilder;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.spi.MeshDataPlane;
import io.meshupgrade.tck.MeshDataPlaneContract;
import io.meshupgrade.testkit.k8s.ApiResource;
import io.meshupgrade.testkit.k8s.ClusterSeed;
import io.meshupgrade.testkit.k8s.KubernetesSimulator;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * The TCK's data plane contract against {@link KubernetesMeshDataPlane} over real HTTP with the official client,
 * against the testkit's Kubernetes simulator seeded as each test describes. The adapter's own behaviour (request
 * counts, paging, retries, RBAC) is pinned by the *ContractTest classes of this package.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KubernetesMeshDataPlaneTckTest extends MeshDataPlaneContract {
  private KubernetesSimulator sim;

  @AfterEach
  void checkRbacAndStop() {
    if (sim != null) {
      try {
        TckRbac.assertGranted(sim);
      } finally {
        sim.close();
      }
    }
  }

  @Override
  protected MeshDataPlane givenCluster(Cluster cluster) {
    sim = KubernetesSimulator.builder().build();
    ClusterSeed seed = sim.seed();
    cluster.revisions().forEach((r, image) -> seed.revision(r.toString(), image));
    cluster.tags().forEach((tag, r) -> seed.tag(tag, r.toString()));
    cluster.namespaces().forEach((n, label) -> seed.namespace(n, Map.of("istio.io/rev", label)));
    cluster.legacyNamespaces().forEach(n -> seed.namespace(n, Map.of("istio-injection", "enabled")));
    cluster.plainNamespaces().forEach(seed::namespace);
    cluster.sharedMeshConfigs().forEach((r, mesh) -> seed.sharedMeshConfig(r.toString(), mesh));
    for (WorkloadRef d : cluster.deployments()) {
      seed.deployment(d.namespace(), d.name(), cluster.replicas(d));
    }
    seed.apply();
    return KubernetesMeshDataPlane.builder().apiClient(new ClientBuilder().setBasePath(sim.uri().toString()).build())
        .pollInterval(SimulatedClusterTest.POLL).retries(5, Duration.ofMillis(1), Duration.ofMillis(20)).build();
  }

  @Override
  protected Optional<String> sharedMeshConfig(Revision revision) {
    return sim.store().get(ApiResource.CONFIG_MAPS, "aks-istio-system", "istio-shared-configmap-" + revision)
        .map(cm -> cm.path("data").path("mesh").asText());
  }

  @Override
  protected void installRevision(Revision revision, String proxyImage) {
    sim.addon().installRevision(revision.toString(), proxyImage);
  }
}
