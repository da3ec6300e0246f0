package io.meshupgrade.examples;

import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.spi.HealthResult;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.model.PodRecord;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.SidecarState;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.azure.AzureMeshControlPlane;
import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.junit.SimulatedAksAdapters;
import io.meshupgrade.k8s.ConfigMapPlanStore;
import io.meshupgrade.k8s.KubernetesMeshDataPlane;
import io.meshupgrade.k8s.LeaseUpgradeLock;
import io.meshupgrade.spi.HealthCheck;
import io.meshupgrade.spi.HealthCheckContext;
import io.meshupgrade.spi.MeshControlPlane;
import io.meshupgrade.spi.MeshDataPlane;
import io.meshupgrade.testkit.SimulatedAksCluster;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sample: a platform service embeds the library to keep a cluster's mesh one minor behind nothing — a nightly job
 * that takes the next revision AKS offers, with a health gate of its own, logging progress through SLF4J.
 *
 * <p>Run {@link #main} with AZURE_SUBSCRIPTION_ID, AKS_RESOURCE_GROUP and AKS_CLUSTER_NAME set (and a kubeconfig for
 * that cluster) to work on a real cluster; without them it works on the embedded simulated AKS cluster.
 */
public final class EmbeddingSample {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingSample.class);

  private EmbeddingSample() {}

  /**
   * The job: if AKS offers an upgrade of the installed revision, run the whole canary upgrade to the lowest one
   * offered; otherwise do nothing.
   *
   * @return the report, or empty when nothing is offered or a canary is already in progress
   */
  public static Optional<UpgradeReport> upgradeToNextOffered(
      MeshControlPlane arm, MeshUpgrader upgrader, UpgradeOptions options) {
    ClusterMeshState state = arm.readMeshState();
    if (!state.meshEnabled() || state.isCanaryInProgress()) {
      LOG.info("mesh on {} is {}: nothing to start", state.cluster(),
          state.meshEnabled() ? "mid-upgrade " + state.revisions() : "not enabled");
      return Optional.empty();
    }
    Optional<Revision> next = arm.getUpgrades().offeredUpgrades().stream().findFirst();
    if (next.isEmpty()) {
      LOG.info("{} runs {}, the newest revision offered", state.cluster(), state.revisions());
      return Optional.empty();
    }
    LOG.info("dry run: {}", upgrader.plan(next.get(), options).message());
    UpgradeReport report = upgrader.upgrade(next.get(), options);
    LOG.info("{}: {}", report.outcome(), report.message());
    return Optional.of(report);
  }

  /**
   * A health gate of the service's own: every pod in the given namespaces has a sidecar (a workload that lost its
   * proxy after the restart would be out of the mesh).
   */
  public static HealthCheck everyPodMeshed(MeshDataPlane dataPlane, Set<String> namespaces) {
    return new HealthCheck() {
      @Override
      public HealthResult check(HealthCheckContext context) {
        List<PodRecord> outside = dataPlane.inventory().podsIn(SidecarState.NOT_INJECTED).stream()
            .filter(p -> namespaces.contains(p.namespace()))
            .toList();
        return outside.isEmpty() ? HealthResult.ok()
            : HealthResult.failed(outside.size() + " pod(s) without a sidecar, e.g. " + outside.get(0).namespace()
                + "/" + outside.get(0).name());
      }

      @Override
      public String name() {
        return "every pod in " + namespaces + " meshed";
      }
    };
  }

  /** Logs the upgrade's progress events. */
  static void log(UpgradeEvent event) {
    if (event instanceof UpgradeEvent.StageCompleted e) {
      LOG.info("{} -> {}: {} done in {} ms", e.from(), e.to(), e.stage(), e.took().toMillis());
    } else if (event instanceof UpgradeEvent.Halted e) {
      LOG.warn("halted at {}: {}", e.haltedAt(), e.reason());
    } // other events, including kinds added in later releases, are ignored
  }

  /** Runs the job on the named cluster, or on the embedded simulated one. */
  public static void main(String[] args) {
    String subscription = System.getenv("AZURE_SUBSCRIPTION_ID");
    String group = System.getenv("AKS_RESOURCE_GROUP");
    String cluster = System.getenv("AKS_CLUSTER_NAME");
    UpgradeOptions options = UpgradeOptions.builder()
        .concurrency(10)
        .soak(Duration.ofMinutes(2), Duration.ofSeconds(20))
        .build();
    if (subscription != null && group != null && cluster != null) {
      ApiClient client;
      try {
        client = ClientBuilder.standard().build();
      } catch (IOException e) {
        throw new UncheckedIOException("no kubeconfig for " + cluster, e);
      }
      MeshControlPlane arm = AzureMeshControlPlane.builder()
          .subscriptionId(subscription).resourceGroup(group).clusterName(cluster).build();
      MeshDataPlane k8s = KubernetesMeshDataPlane.builder().apiClient(client).build();
      MeshUpgrader upgrader = MeshUpgrader.builder()
          .controlPlane(arm).dataPlane(k8s)
          .planStore(new ConfigMapPlanStore(client)).lock(new LeaseUpgradeLock(client))
          .healthCheck(everyPodMeshed(k8s, Set.of("default")))
          .listener(EmbeddingSample::log)
          .build();
      upgradeToNextOffered(arm, upgrader, options);
      return;
    }
    try (SimulatedAksCluster sim = SimulatedAksCluster.start()) {
      SimulatedAksAdapters adapters = SimulatedAksAdapters.of(sim);
      MeshUpgrader upgrader = adapters.upgraderBuilder()
          .healthCheck(everyPodMeshed(adapters.dataPlane(), Set.of("shop", "payments")))
          .listener(EmbeddingSample::log)
          .build();
      upgradeToNextOffered(adapters.controlPlane(), upgrader,
          SimulatedAksAdapters.options().soak(Duration.ofMillis(200), Duration.ofMillis(50)).build());
    }
  }
}
