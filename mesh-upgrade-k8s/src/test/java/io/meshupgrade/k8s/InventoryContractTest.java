package io.meshupgrade.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.PodRecord;
import io.meshupgrade.exception.RemoteCallException;
import io.meshupgrade.model.SidecarState;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.testkit.k8s.ApiResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryContractTest extends SimulatedClusterTest {

  private void seedShop() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).ingressGateway("external")
        .namespace("shop", rev(ASM_1_18))
        .deployment("shop", "web", 2)
        .statefulSet("shop", "db", 2)
        .daemonSet("shop", "agent")
        .job("shop", "batch")
        .pod("shop", "debug")
        .optOutDeployment("shop", "legacy", 1)
        .namespace("skipped", Map.of("istio-injection", "enabled"))
        .deployment("skipped", "old", 1)
        .namespace("plain")
        .deployment("plain", "outside", 1)
        .apply();
  }

  @Test
  void findsEveryPodsRevisionProxyImageAndOwner() {
    seedShop();

    PodInventory inventory = dataPlane.inventory();

    assertThat(inventory.podsOn(ASM_1_18)).extracting(PodRecord::owner).containsOnly(
        WorkloadRef.deployment("shop", "web"), WorkloadRef.statefulSet("shop", "db"),
        WorkloadRef.daemonSet("shop", "agent"), new WorkloadRef(WorkloadKind.JOB, "shop", "batch"),
        new WorkloadRef(WorkloadKind.BARE_POD, "shop", "debug"));
    assertThat(inventory.podsOn(ASM_1_18)).hasSize(2 + 2 + 3 + 1 + 1)
        .allSatisfy(p -> assertThat(p.proxyImage()).isEqualTo(IMAGE_1_18));
    assertThat(inventory.workloadsOn(ASM_1_18)).hasSize(5);
  }

  @Test
  void reportsOptedOutPodsAndPodsWithoutSidecarInMeshNamespacesOnly() {
    seedShop();

    PodInventory inventory = dataPlane.inventory();

    assertThat(inventory.podsIn(SidecarState.OPTED_OUT)).extracting(PodRecord::namespace, p -> p.owner().name())
        .containsExactly(tuple("shop", "legacy"));
    assertThat(inventory.podsIn(SidecarState.NOT_INJECTED)).extracting(PodRecord::namespace, p -> p.owner().name())
        .containsExactly(tuple("skipped", "old"));
    assertThat(inventory.pods()).noneMatch(p -> p.namespace().equals("plain") || p.namespace().startsWith("aks-"));
  }

  @Test
  void reportsPodsCreatedBeforeTheirNamespaceWasLabelled() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).namespace("late").deployment("late", "web", 2).apply();
    sim.store().patch(ApiResource.NAMESPACES, null, "late",
        io.meshupgrade.testkit.k8s.ObjectStore.PatchType.JSON_MERGE,
        "{\"metadata\":{\"labels\":{\"istio.io/rev\":\"asm-1-18\"}}}");

    PodInventory inventory = dataPlane.inventory();

    assertThat(inventory.podsIn(SidecarState.NOT_INJECTED)).hasSize(2)
        .allSatisfy(p -> assertThat(p.owner()).isEqualTo(WorkloadRef.deployment("late", "web")));
    assertThat(inventory.countByRevision()).containsEntry("", 2);
  }

  @Test
  void pagesThroughPodsAndReplicaSetsWithOneListOfReplicaSetsNotOneGetPerPod() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).namespace("shop", rev(ASM_1_18))
        .deployments("shop", "web", 6, 3).apply();
    KubernetesMeshDataPlane paged = dataPlane().pageSize(4).build();

    PodInventory inventory = paged.inventory();

    assertThat(inventory.podsOn(ASM_1_18)).hasSize(18);
    assertThat(inventory.workloadsOn(ASM_1_18)).hasSize(6).allSatisfy(w ->
        assertThat(w.kind()).isEqualTo(WorkloadKind.DEPLOYMENT));
    assertThat(requests("list", "pods")).isGreaterThanOrEqualTo(5);
    assertThat(requests("get", "replicasets")).isZero();
    assertThat(requests("get", "pods")).isZero();
    long replicaSets = sim.store().count(ApiResource.REPLICA_SETS, null);
    long pages = (replicaSets + 3) / 4;
    assertThat(requests("list", "replicasets")).isBetween(pages, pages + 1);
  }

  @Test
  void readsNativeSidecarsFromInitContainers() {
    sim.addon().nativeSidecars(true);
    sim.seed().revision("asm-1-18", IMAGE_1_18).namespace("shop", rev(ASM_1_18)).deployment("shop", "web", 1).apply();

    assertThat(dataPlane.inventory().podsOn(ASM_1_18)).singleElement()
        .satisfies(p -> assertThat(p.proxyImage()).isEqualTo(IMAGE_1_18));
  }

  @Test
  void retriesAFailedPage() {
    seedShop();
    sim.faults().failNext(1, "list", "pods", 500);
    sim.faults().failNext(1, "list", "replicasets", 429);

    assertThat(dataPlane.inventory().podsOn(ASM_1_18)).hasSize(9);
  }

  @Test
  void leavesOutTerminatingPodsSoAFinishedRolloutIsNotRestartedAgain() {
    seedShop();
    // an old pod of Deployment api still shutting down after its rollout: its ReplicaSet api-6f7d8 is gone
    sim.store().create(ApiResource.PODS, pod("shop", "api-6f7d8-abcde",
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"api-6f7d8\",\"uid\":\"u1\","
            + "\"controller\":true}",
        "\"pod-template-hash\":\"6f7d8\"", true));
    sim.store().create(ApiResource.PODS, pod("shop", "running", null, "\"app\":\"running\"", false));

    PodInventory inventory = dataPlane.inventory();

    assertThat(inventory.pods()).extracting(PodRecord::name).contains("running").doesNotContain("api-6f7d8-abcde");
    assertThat(inventory.workloadsOn(ASM_1_18)).doesNotContain(WorkloadRef.deployment("shop", "api"));
  }

  @Test
  void startsAListAgainFromItsFirstPageWhenItsContinueTokenExpired() {
    seedShop();
    KubernetesMeshDataPlane paged = dataPlane().pageSize(2).build();
    PodInventory expected = paged.inventory();
    sim.faults().expireContinueTokens(3, "pods").expireContinueTokens(1, "replicasets");

    PodInventory inventory = paged.inventory();

    assertThat(sim.faults().pending()).isZero();
    assertThat(inventory.pods()).containsExactlyElementsOf(expected.pods());
  }

  @Test
  void givesUpOnAListWhoseContinueTokenKeepsExpiring() {
    seedShop();
    KubernetesMeshDataPlane paged = dataPlane().pageSize(2).build();
    sim.faults().expireContinueTokens(4, "pods");

    assertThatThrownBy(paged::inventory).isInstanceOfSatisfying(RemoteCallException.class,
        e -> assertThat(e.httpStatus()).isEqualTo(410)).hasMessageContaining("list pods")
        .hasMessageContaining("expired 4 times");
    assertThat(sim.faults().pending()).isZero();
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode pod(String namespace, String name, String owner,
      String labels, boolean terminating) {
    String json = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\""
        + namespace + "\",\"labels\":{" + labels + "}"
        + (owner == null ? "" : ",\"ownerReferences\":[" + owner + "]")
        + (terminating ? ",\"deletionTimestamp\":\"2026-11-26T08:00:00Z\",\"deletionGracePeriodSeconds\":30" : "")
        + "},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx\"}]}}";
    try {
      return (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
