package io.meshupgrade.benchmarks;

import io.kubernetes.client.openapi.ApiClient;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.model.Revision;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.azure.AzureMeshControlPlane;
import io.meshupgrade.k8s.ConfigMapPlanStore;
import io.meshupgrade.k8s.KubernetesMeshDataPlane;
import io.meshupgrade.k8s.LeaseUpgradeLock;
import io.meshupgrade.testkit.SimulatedAksCluster;
import io.meshupgrade.testkit.k8s.ClusterSeed;
import io.meshupgrade.testkit.k8s.KubernetesSimulator;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The request cost of one whole canary upgrade, asm-1-18 to asm-1-19, driven by {@link MeshUpgrader} through the
 * production adapters ({@link AzureMeshControlPlane}, {@link KubernetesMeshDataPlane}, {@link ConfigMapPlanStore},
 * {@link LeaseUpgradeLock}) on a fresh {@link SimulatedAksCluster} with W Deployments (one replica, five per
 * namespace labelled {@code istio.io/rev=asm-1-18}) and the same timing model as {@link RestartCostBenchmark}. ARM
 * requests come from the fake ARM server's log, Kubernetes requests from the simulator's. Not thread-safe.
 */
public final class UpgradeCostBenchmark {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private final RestartCostBenchmark.Settings settings;

  public UpgradeCostBenchmark(RestartCostBenchmark.Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Runs one upgrade of a cluster with {@code w} workloads. */
  public UpgradeCost upgrade(int w) {
    try (SimulatedAksCluster aks = SimulatedAksCluster.builder()
        .startDelay(settings.startDelay(), settings.startDelay())
        .nodes(1)
        .seedTimeout(Duration.ofMinutes(2))
        .workloads(seed -> seedWorkloads(seed, w))
        .start()) {
      ApiClient client = RestartCostBenchmark.client(aks.kubernetes());
      MeshUpgrader upgrader = MeshUpgrader.builder()
          .controlPlane(AzureMeshControlPlane.builder()
              .subscriptionId(aks.subscriptionId())
              .resourceGroup(aks.resourceGroup())
              .clusterName(aks.clusterName())
              .unauthenticatedEndpoint(aks.armEndpoint())
              .pollInterval(settings.pollInterval())
              .maxPollInterval(settings.pollInterval())
              .operationTimeout(TIMEOUT)
              .build())
          .dataPlane(KubernetesMeshDataPlane.builder().apiClient(client).pollInterval(settings.pollInterval()).build())
          .planStore(new ConfigMapPlanStore(client))
          .lock(new LeaseUpgradeLock(client))
          .build();
      UpgradeOptions options = UpgradeOptions.builder()
          .concurrency(settings.concurrency())
          .rolloutTimeout(TIMEOUT)
          .controlPlaneTimeout(TIMEOUT)
          .podDrainTimeout(TIMEOUT)
          .soak(Duration.ZERO, settings.pollInterval())
          .build();
      KubernetesSimulator kube = aks.kubernetes();
      kube.requestLog().reset();
      int armBefore = aks.armRequests().size();
      long start = System.nanoTime();
      UpgradeReport report = upgrader.upgrade(Revision.parse("asm-1-19"), options);
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (!report.isSuccess() || !aks.podsOn("asm-1-18").isEmpty()) {
        throw new MeshUpgradeException("the measured upgrade did not succeed: " + report + "; pods left on asm-1-18: "
            + aks.podsOn("asm-1-18").size() + "; the figures would be meaningless");
      }
      Map<String, Long> byVerb = kube.requestLog().countsByVerb();
      return new UpgradeCost(w, aks.armRequests().size() - armBefore, kube.requestLog().size(), byVerb, millis);
    }
  }

  private void seedWorkloads(ClusterSeed seed, int w) {
    Map<String, String> rev = Map.of("istio.io/rev", "asm-1-18");
    for (int ns = 0; ns * settings.perNamespace() < w; ns++) {
      String namespace = String.format("team-%03d", ns);
      seed.namespace(namespace, rev);
      for (int i = 0; i < settings.perNamespace() && ns * settings.perNamespace() + i < w; i++) {
        seed.deployment(namespace, "app-" + i, 1);
      }
    }
  }
}
