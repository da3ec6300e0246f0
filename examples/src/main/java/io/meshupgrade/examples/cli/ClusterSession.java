package io.meshupgrade.examples.cli;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.meshupgrade.FilePlanStore;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.MeshUpgraderBuilder;
import io.meshupgrade.azure.AzureMeshControlPlane;
import io.meshupgrade.event.UpgradeListener;
import io.meshupgrade.junit.SimulatedAksAdapters;
import io.meshupgrade.k8s.ConfigMapPlanStore;
import io.meshupgrade.k8s.KubernetesMeshDataPlane;
import io.meshupgrade.k8s.LeaseUpgradeLock;
import io.meshupgrade.spi.MeshControlPlane;
import io.meshupgrade.spi.MeshDataPlane;
import io.meshupgrade.spi.PlanStore;
import io.meshupgrade.spi.UpgradeLock;
import io.meshupgrade.testkit.SimulatedAksCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.time.Duration;

/**
 * The adapters for one cluster: a real AKS cluster named on the command line, or the embedded simulated one. Closing
 * it stops the embedded cluster.
 */
final class ClusterSession implements AutoCloseable {
  private final String description;
  private final String planKey;
  private final MeshControlPlane controlPlane;
  private final MeshDataPlane dataPlane;
  private final PlanStore planStore;
  private final UpgradeLock lock;
  private final SimulatedAksCluster simulated;
  private final LockOptions lockOptions;

  private ClusterSession(String description, MeshControlPlane controlPlane, MeshDataPlane dataPlane,
      PlanStore planStore, UpgradeLock lock, SimulatedAksCluster simulated, LockOptions lockOptions) {
    this.lockOptions = lockOptions;
    this.description = description;
    this.planKey = planKeyOf(description);
    this.controlPlane = controlPlane;
    this.dataPlane = dataPlane;
    this.planStore = planStore;
    this.lock = lock;
    this.simulated = simulated;
  }

  /** Opens the cluster {@code options} name; call {@link ClusterOptions#validate()} first. */
  static ClusterSession open(ClusterOptions options, LockOptions lock, PrintStream out) {
    options.validate();
    return options.simulated ? embedded(options, lock, out) : real(options, lock, out);
  }

  private static ClusterSession real(ClusterOptions options, LockOptions lockOptions, PrintStream out) {
    MeshControlPlane controlPlane = AzureMeshControlPlane.builder()
        .subscriptionId(options.subscription)
        .resourceGroup(options.resourceGroup)
        .clusterName(options.cluster)
        .build();
    ApiClient client = kubernetesClient(options);
    out.println("cluster: " + options.resourceGroup + "/" + options.cluster);
    return new ClusterSession(options.resourceGroup + "/" + options.cluster, controlPlane,
        KubernetesMeshDataPlane.builder().apiClient(client).build(), planStore(options, client),
        new LeaseUpgradeLock(client), null, lockOptions);
  }

  private static ApiClient kubernetesClient(ClusterOptions options) {
    try {
      if (options.kubeconfig == null) {
        return ClientBuilder.standard().build();
      }
      try (Reader reader = Files.newBufferedReader(options.kubeconfig)) {
        return ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(reader)).build();
      }
    } catch (IOException e) {
      throw new MeshUpgradeException("cannot read the kubeconfig" + (options.kubeconfig == null ? ""
          : " " + options.kubeconfig) + ": " + e.getMessage() + "; pass --kubeconfig <file>", e);
    }
  }

  private static PlanStore planStore(ClusterOptions options, ApiClient client) {
    return options.planDirectory != null ? new FilePlanStore(options.planDirectory) : new ConfigMapPlanStore(client);
  }

  private static ClusterSession embedded(ClusterOptions options, LockOptions lockOptions, PrintStream out) {
    out.println("--simulated: starting the embedded simulated AKS cluster (fake ARM + Kubernetes API on "
        + "127.0.0.1; nothing real is touched)...");
    Duration delay = options.simulatedStartDelay;
    SimulatedAksCluster.Builder builder = SimulatedAksCluster.builder().startDelay(delay.dividedBy(2), delay);
    if (!options.simulatedRevisions.isEmpty()) {
      builder.revisions(options.simulatedRevisions.toArray(String[]::new));
    }
    SimulatedAksCluster sim = builder.start();
    try {
      SimulatedAksAdapters adapters = SimulatedAksAdapters.of(sim);
      out.println("simulated cluster " + sim.resourceGroup() + "/" + sim.clusterName() + " ready: revision "
          + sim.installedRevisions() + ", " + sim.pods().size() + " workload pods, ARM at " + sim.armEndpoint()
          + ", Kubernetes API at " + sim.kubernetesUri());
      PlanStore store = options.planDirectory != null ? new FilePlanStore(options.planDirectory) : adapters.planStore();
      return new ClusterSession(sim.resourceGroup() + "/" + sim.clusterName(), adapters.controlPlane(),
          adapters.dataPlane(), store, adapters.lock(), sim, lockOptions);
    } catch (RuntimeException e) {
      sim.close();
      throw e;
    }
  }

  /**
   * The plan's key: one per cluster, so that plans of several clusters kept in one --plan-dir never mix (a DNS-1123
   * name made of the resource group and cluster name).
   */
  static String planKeyOf(String cluster) {
    String key = ("mesh-upgrade-" + cluster).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-")
        .replaceAll("-{2,}", "-").replaceAll("[^a-z0-9]+$", "");
    return key.length() > 200 ? key.substring(0, 200).replaceAll("[^a-z0-9]+$", "") : key;
  }

  MeshControlPlane controlPlane() {
    return controlPlane;
  }

  MeshDataPlane dataPlane() {
    return dataPlane;
  }

  /** A MeshUpgrader over this session's adapters, reporting to {@code listener}. */
  MeshUpgrader upgrader(UpgradeListener listener) {
    MeshUpgraderBuilder b = MeshUpgrader.builder()
        .planKey(planKey)
        .controlPlane(controlPlane)
        .dataPlane(dataPlane)
        .planStore(planStore)
        .lock(lock)
        .holder(LockOptions.holderName())
        .lockTtl(lockOptions.ttl)
        .listener(listener);
    if (lockOptions.takeOver != null) {
      b.takeOver(lockOptions.takeOver);
    }
    return b.build();
  }

  @Override
  public String toString() {
    return description;
  }

  @Override
  public void close() {
    if (simulated != null) {
      simulated.close();
    }
  }
}
