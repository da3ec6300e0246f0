package io.meshupgrade.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.model.Revision;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.azure.AzureMeshControlPlane;
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
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The declarative form: {@code @SimulatedAks} on the class, overridden on a method. */
@SimulatedAks(ingressGateways = true, kubernetesVersion = "1.27.9")
class SimulatedAksAnnotationTest {
  private static final Set<SimulatedAksCluster> SEEN = ConcurrentHashMap.newKeySet();

  private SimulatedAksCluster fromBeforeEach;

  @BeforeEach
  void remember(SimulatedAksCluster cluster) {
    this.fromBeforeEach = cluster;
  }

  @AfterAll
  static void everyTestHadItsOwnClusterAndAllAreClosed() {
    assertThat(SEEN).hasSizeGreaterThanOrEqualTo(3);
    for (SimulatedAksCluster c : SEEN) {
      assertThat(c.toString()).isNotNull();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new java.net.Socket(
          c.kubernetesUri().getHost(), c.kubernetesUri().getPort()).close())
          .as("the simulator of %s is stopped", c).isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void resolvesEveryParameterFromTheSameCluster(SimulatedAksCluster cluster, SimulatedAksAdapters adapters,
      MeshUpgrader upgrader, RecordedEvents events, UpgradeOptions options, AzureMeshControlPlane azure,
      MeshControlPlane controlPlane, KubernetesMeshDataPlane kubernetes, MeshDataPlane dataPlane,
      ConfigMapPlanStore configMapStore, PlanStore planStore, LeaseUpgradeLock lease, UpgradeLock lock,
      ApiClient apiClient, FakeArmServer arm, ArmFaults armFaults, KubernetesSimulator simulator, Faults faults,
      RequestLog requestLog, Workloads workloads) throws Exception {
    SEEN.add(cluster);
    assertThat(fromBeforeEach).isSameAs(cluster);
    assertThat(adapters.cluster()).isSameAs(cluster);
    assertThat(azure).isSameAs(controlPlane).isSameAs(adapters.controlPlane());
    assertThat(kubernetes).isSameAs(dataPlane).isSameAs(adapters.dataPlane());
    assertThat(configMapStore).isSameAs(planStore).isSameAs(adapters.planStore());
    assertThat(lease).isSameAs(lock).isSameAs(adapters.lock());
    assertThat(apiClient).isSameAs(adapters.apiClient());
    assertThat(arm).isSameAs(cluster.arm());
    assertThat(armFaults).isSameAs(cluster.armFaults());
    assertThat(simulator).isSameAs(cluster.kubernetes());
    assertThat(faults).isSameAs(cluster.kubernetesFaults());
    assertThat(requestLog).isSameAs(cluster.kubernetesRequests());
    assertThat(workloads).isSameAs(cluster.workloads());
    assertThat(events.all()).isEmpty();
    assertThat(options.controlPlaneTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(upgrader.currentPlan()).isEmpty();

    // the adapters really talk to this cluster over HTTP
    ClusterMeshState state = controlPlane.readMeshState();
    assertThat(state.revisions()).containsExactly(Revision.parse("asm-1-18"));
    assertThat(state.kubernetesVersion().toString()).startsWith("1.27");
    assertThat(dataPlane.meshNamespaces()).extracting(n -> n.name()).contains("shop", "payments", "monitoring");
    assertThat(new CoreV1Api(apiClient).readNamespace("shop").execute().getMetadata().getLabels())
        .containsEntry("istio.io/rev", "asm-1-18");
    assertThat(requestLog.count("get", "namespaces")).isPositive();
  }

  @Test
  void appliesTheClassAnnotation(SimulatedAksCluster cluster) {
    SEEN.add(cluster);
    assertThat(cluster.ingressGateways()).isTrue();
    assertThat(cluster.podCountsByRevision()).containsEntry("asm-1-18", 10);
    assertThat(cluster.arm().clusterJson()).contains("\"1.27.9\"");
  }

  @Test
  @SimulatedAks(revisions = {"asm-1-18", "asm-1-19"}, demoWorkloads = false, sharedMeshConfig = "x: 1\n",
      customizers = OneShop.class)
  void aMethodAnnotationReplacesTheClassOne(SimulatedAksCluster cluster) {
    SEEN.add(cluster);
    assertThat(cluster.ingressGateways()).isFalse();
    assertThat(cluster.installedRevisions()).containsExactly("asm-1-18", "asm-1-19");
    assertThat(cluster.namespacesLabelled("asm-1-18")).containsExactly("one-shop");
    assertThat(cluster.sharedMeshConfig("asm-1-18")).contains("x: 1\n");
  }

  static final class OneShop implements ClusterCustomizer {
    @Override
    public void customize(SimulatedAksCluster.Builder cluster) {
      cluster.workloads(seed -> seed.namespace("one-shop", Map.of("istio.io/rev", "asm-1-18"))
          .deployment("one-shop", "web", 1));
    }
  }

  @Nested
  class InANestedClass {
    @Test
    void theOuterAnnotationApplies(SimulatedAksCluster cluster) {
      SEEN.add(cluster);
      assertThat(cluster.ingressGateways()).isTrue();
      assertThat(Optional.of(cluster)).containsSame(fromBeforeEach);
    }
  }
}
