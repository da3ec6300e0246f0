package io.meshupgrade.junit.internal;

import io.kubernetes.client.openapi.ApiClient;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.azure.AzureMeshControlPlane;
import io.meshupgrade.junit.RecordedEvents;
import io.meshupgrade.junit.SimulatedAksAdapters;
import io.meshupgrade.k8s.ConfigMapPlanStore;
import io.meshupgrade.k8s.KubernetesMeshDataPlane;
import io.meshupgrade.k8s.LeaseUpgradeLock;
import io.meshupgrade.spi.MeshControlPlane;
import io.meshupgrade.spi.MeshDataPlane;
import io.meshupgrade.spi.PlanStore;
import io.meshupgrade.spi.UpgradeLock;
import io.meshupgrade.testkit.SimulatedAksCluster;
import io.meshupgrade.testkit.arm.ArmFaults;
import io.meshupgrade.testkit.arm.FakeArmServer;
import io.meshupgrade.testkit.k8s.Faults;
import io.meshupgrade.testkit.k8s.KubernetesSimulator;
import io.meshupgrade.testkit.k8s.RequestLog;
import io.meshupgrade.testkit.k8s.Workloads;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One started cluster with its adapters, upgrader and recorded events, kept in an {@link ExtensionContext.Store}
 * and closed with it. Not API. Thread-safe.
 */
@SuppressWarnings("deprecation") // CloseableResource: still honoured by every JUnit 5 release
public final class Environment implements AutoCloseable, ExtensionContext.Store.CloseableResource {

  private final SimulatedAksCluster cluster;
  private final SimulatedAksAdapters adapters;
  private final RecordedEvents events = new RecordedEvents();
  private final MeshUpgrader upgrader;
  private final Map<Class<?>, Supplier<Object>> parameters = new LinkedHashMap<>();

  private Environment(SimulatedAksCluster cluster) {
    this.cluster = cluster;
    this.adapters = SimulatedAksAdapters.of(cluster);
    this.upgrader = adapters.upgraderBuilder().listener(events).build();
    parameters.put(SimulatedAksCluster.class, () -> cluster);
    parameters.put(SimulatedAksAdapters.class, () -> adapters);
    parameters.put(MeshUpgrader.class, () -> upgrader);
    parameters.put(RecordedEvents.class, () -> events);
    parameters.put(UpgradeOptions.class, () -> SimulatedAksAdapters.options().build());
    parameters.put(AzureMeshControlPlane.class, adapters::controlPlane);
    parameters.put(MeshControlPlane.class, adapters::controlPlane);
    parameters.put(KubernetesMeshDataPlane.class, adapters::dataPlane);
    parameters.put(MeshDataPlane.class, adapters::dataPlane);
    parameters.put(ConfigMapPlanStore.class, adapters::planStore);
    parameters.put(PlanStore.class, adapters::planStore);
    parameters.put(LeaseUpgradeLock.class, adapters::lock);
    parameters.put(UpgradeLock.class, adapters::lock);
    parameters.put(ApiClient.class, adapters::apiClient);
    parameters.put(FakeArmServer.class, cluster::arm);
    parameters.put(ArmFaults.class, cluster::armFaults);
    parameters.put(KubernetesSimulator.class, cluster::kubernetes);
    parameters.put(Faults.class, cluster::kubernetesFaults);
    parameters.put(RequestLog.class, cluster::kubernetesRequests);
    parameters.put(Workloads.class, cluster::workloads);
  }

  /** The types a test may ask for. */
  public static final Set<Class<?>> TYPES = Set.of(SimulatedAksCluster.class, SimulatedAksAdapters.class,
      MeshUpgrader.class, RecordedEvents.class, UpgradeOptions.class, AzureMeshControlPlane.class,
      MeshControlPlane.class, KubernetesMeshDataPlane.class, MeshDataPlane.class, ConfigMapPlanStore.class,
      PlanStore.class, LeaseUpgradeLock.class, UpgradeLock.class, ApiClient.class, FakeArmServer.class,
      ArmFaults.class, KubernetesSimulator.class, Faults.class, RequestLog.class, Workloads.class);

  /** Starts the cluster the settings describe and builds the adapters. */
  public static Environment start(ClusterSettings settings) {
    SimulatedAksCluster cluster = settings.clusterBuilder().start();
    try {
      return new Environment(cluster);
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The object of a type in {@link #TYPES}. */
  public Object get(Class<?> type) {
    Supplier<Object> s = parameters.get(type);
    if (s == null) {
      throw new IllegalArgumentException("no " + type.getName() + " here; supported: " + TYPES);
    }
    return s.get();
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } finally {
      okhttp3.OkHttpClient http = adapters.apiClient().getHttpClient();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
