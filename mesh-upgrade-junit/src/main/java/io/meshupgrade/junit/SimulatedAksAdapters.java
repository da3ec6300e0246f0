package io.meshupgrade.junit;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.MeshUpgraderBuilder;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.options.UpgradeOptionsBuilder;
import io.meshupgrade.azure.AzureMeshControlPlane;
import io.meshupgrade.k8s.ConfigMapPlanStore;
import io.meshupgrade.k8s.KubernetesMeshDataPlane;
import io.meshupgrade.k8s.LeaseUpgradeLock;
import io.meshupgrade.testkit.SimulatedAksCluster;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The production adapters, pointed at a {@link SimulatedAksCluster} over real HTTP and tuned for it (short polls
 * and back-off): {@link AzureMeshControlPlane} at the fake ARM, {@link KubernetesMeshDataPlane},
 * {@link ConfigMapPlanStore} and {@link LeaseUpgradeLock} at the Kubernetes simulator; plus a {@link MeshUpgrader}
 * wired to all four. Usable outside JUnit (the command-line program builds on it).
 *
 * <pre>{@code
 * try (SimulatedAksCluster aks = SimulatedAksCluster.start()) {
 *   SimulatedAksAdapters adapters = SimulatedAksAdapters.of(aks);
 *   UpgradeReport report = adapters.upgrader().upgrade(Revision.parse("asm-1-19"), SimulatedAksAdapters.options().build());
 * }
 * }</pre>
 *
 * <p>Thread-safe (the adapters are; nothing here changes after construction).
 */
public final class SimulatedAksAdapters {

  /** The lock holder of {@link #upgrader()} and of {@link #upgraderBuilder()} unless changed. */
  public static final String DEFAULT_HOLDER = "simulated-aks-upgrader";

  private static final Duration KUBERNETES_POLL = Duration.ofMillis(20);

  private final SimulatedAksCluster cluster;
  private final ApiClient apiClient;
  private final AzureMeshControlPlane controlPlane;
  private final KubernetesMeshDataPlane dataPlane;
  private final ConfigMapPlanStore planStore;
  private final LeaseUpgradeLock lock;
  private final MeshUpgrader upgrader;

  private SimulatedAksAdapters(SimulatedAksCluster cluster) {
    this.cluster = cluster;
    this.apiClient = new ClientBuilder().setBasePath(cluster.kubernetesUri().toString()).build();
    apiClient.setReadTimeout(30_000);
    apiClient.setWriteTimeout(30_000);
    this.controlPlane = controlPlaneBuilder(cluster).build();
    this.dataPlane = KubernetesMeshDataPlane.builder()
        .apiClient(apiClient)
        .pollInterval(KUBERNETES_POLL)
        .retries(5, Duration.ofMillis(5), Duration.ofMillis(200))
        .build();
    this.planStore = new ConfigMapPlanStore(apiClient);
    this.lock = new LeaseUpgradeLock(apiClient);
    this.upgrader = upgraderBuilder().build();
  }

  /**
   * {@return the adapters for a running cluster} Makes no call yet.
   *
   * @param cluster the cluster
   */
  public static SimulatedAksAdapters of(SimulatedAksCluster cluster) {
    return new SimulatedAksAdapters(Objects.requireNonNull(cluster, "cluster"));
  }

  /**
   * {@return an {@link AzureMeshControlPlane} builder aimed at the cluster's fake ARM (no credential; retries of 10 ms
   * to 500 ms, polls every 5 to 50 ms, 60 s operation timeout), to change before building}
   *
   * @param cluster the cluster
   */
  public static AzureMeshControlPlane.Builder controlPlaneBuilder(SimulatedAksCluster cluster) {
    Objects.requireNonNull(cluster, "cluster");
    return AzureMeshControlPlane.builder()
        .subscriptionId(cluster.subscriptionId())
        .resourceGroup(cluster.resourceGroup())
        .clusterName(cluster.clusterName())
        .unauthenticatedEndpoint(cluster.armEndpoint())
        .retry(3, Duration.ofMillis(10), Duration.ofMillis(500))
        .pollInterval(Duration.ofMillis(5))
        .maxPollInterval(Duration.ofMillis(50))
        .operationTimeout(Duration.ofSeconds(60))
        .conflictTimeout(Duration.ofSeconds(10));
  }

  /**
   * Upgrade options suited to the simulated cluster: checks every 25 ms, and 30 s for control planes, rollouts and
   * draining pods (instead of minutes), so that a test that fails does so quickly.
   *
   * @return the builder
   */
  public static UpgradeOptionsBuilder options() {
    return UpgradeOptions.builder()
        .controlPlaneTimeout(Duration.ofSeconds(30))
        .rolloutTimeout(Duration.ofSeconds(30))
        .podDrainTimeout(Duration.ofSeconds(30))
        .soak(Duration.ZERO, Duration.ofMillis(25));
  }

  /** {@return the cluster} */
  public SimulatedAksCluster cluster() {
    return cluster;
  }

  /** {@return the Kubernetes client of the data plane, plan store and lock} */
  public ApiClient apiClient() {
    return apiClient;
  }

  /** {@return the control plane adapter (ARM)} */
  public AzureMeshControlPlane controlPlane() {
    return controlPlane;
  }

  /** {@return the data plane adapter (Kubernetes)} */
  public KubernetesMeshDataPlane dataPlane() {
    return dataPlane;
  }

  /** {@return the plan store: ConfigMaps in aks-istio-system} */
  public ConfigMapPlanStore planStore() {
    return planStore;
  }

  /** {@return the cluster lock: a Lease in aks-istio-system} */
  public LeaseUpgradeLock lock() {
    return lock;
  }

  /** {@return the upgrader wired to the four adapters, holder {@value #DEFAULT_HOLDER}} */
  public MeshUpgrader upgrader() {
    return upgrader;
  }

  /**
   * {@return a new upgrader builder wired to the four adapters (holder {@value #DEFAULT_HOLDER}, system clock), e.g. to
   * add listeners or health checks, or to play a second process with another {@code holder}}
   */
  public MeshUpgraderBuilder upgraderBuilder() {
    return MeshUpgrader.builder()
        .controlPlane(controlPlane)
        .dataPlane(dataPlane)
        .planStore(planStore)
        .lock(lock)
        .clock(Clock.systemUTC())
        .holder(DEFAULT_HOLDER);
  }

  @Override
  public String toString() {
    return "SimulatedAksAdapters[" + cluster + "]";
  }
}
