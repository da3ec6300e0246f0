package io.meshupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.testkit.arm.FakeRevisionCatalog;
import io.meshupgrade.testkit.k8s.ApiResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedAksClusterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void defaultScenarioHasAsm118AndTheDemoWorkloads() {
    try (SimulatedAksCluster aks = SimulatedAksCluster.start()) {
      assertThat(aks.installedRevisions()).containsExactly("asm-1-18");
      assertThat(aks.controlPlaneRevisions()).containsExactly("asm-1-18");
      assertThat(aks.namespacesLabelled("asm-1-18")).containsExactly("monitoring", "payments", "shop");
      assertThat(aks.namespacesWithIstioInjection()).containsExactly("legacy");
      // frontend 2 + cart 2 + orders-db 2 + api 2 + node-agent 2 (nodes)
      assertThat(aks.podCountsByRevision()).containsExactly(Map.entry("asm-1-18", 10));
      assertThat(aks.podsOn("asm-1-18")).allSatisfy(p -> {
        assertThat(p.proxyImage()).contains("mcr.microsoft.com/oss/istio/proxyv2:1.18.0-distroless");
        assertThat(p.ready()).isTrue();
      });
      assertThat(aks.pods()).filteredOn(p -> p.revision().isEmpty()).extracting(MeshPod::namespace)
          .contains("shop", "legacy", "batch");
      assertThat(aks.pods()).filteredOn(p -> p.name().equals("debug")).singleElement()
          .satisfies(p -> assertThat(p.revision()).isEmpty());
      assertThat(aks.store().get(ApiResource.JOBS, "batch", "nightly-report")).isPresent();
      assertThat(aks.store().get(ApiResource.DEPLOYMENTS, SimulatedAksCluster.SYSTEM_NAMESPACE, "istiod-asm-1-18"))
          .isPresent();
      assertThat(aks.workloadGenerations()).containsEntry("Deployment shop/frontend", 1L)
          .containsEntry("StatefulSet shop/orders-db", 1L).containsEntry("DaemonSet monitoring/node-agent", 1L);
      assertThat(aks.sharedMeshConfig("asm-1-18")).isEmpty();
      assertThat(aks.ingressGateways()).isFalse();
    }
  }

  @Test
  void aRevisionAddedThroughArmOverHttpBringsUpItsControlPlaneAndGateways() throws Exception {
    try (SimulatedAksCluster aks = SimulatedAksCluster.builder().ingressGateways(true).noWorkloads().start()) {
      assertThat(aks.store().get(ApiResource.DEPLOYMENTS, SimulatedAksCluster.INGRESS_NAMESPACE,
          "aks-istio-ingressgateway-external-asm-1-18")).isPresent();

      putRevisions(aks, "asm-1-18", "asm-1-19");

      assertThat(aks.installedRevisions()).containsExactly("asm-1-18", "asm-1-19");
      assertThat(aks.controlPlaneRevisions()).containsExactly("asm-1-18", "asm-1-19");
      assertThat(aks.store().get(ApiResource.DEPLOYMENTS, SimulatedAksCluster.SYSTEM_NAMESPACE, "istiod-asm-1-19"))
          .isPresent();
      assertThat(aks.store().get(ApiResource.CONFIG_MAPS, SimulatedAksCluster.SYSTEM_NAMESPACE,
          "istio-sidecar-injector-asm-1-19")).isPresent();
      assertThat(aks.store().get(ApiResource.MUTATING_WEBHOOK_CONFIGURATIONS, null,
          "istio-sidecar-injector-asm-1-19-aks-istio-system")).isPresent();
      for (String type : List.of("external", "internal")) {
        assertThat(aks.store().get(ApiResource.DEPLOYMENTS, SimulatedAksCluster.INGRESS_NAMESPACE,
            "aks-istio-ingressgateway-" + type + "-asm-1-19")).isPresent();
      }

      putRevisions(aks, "asm-1-19");

      assertThat(aks.controlPlaneRevisions()).containsExactly("asm-1-19");
      assertThat(aks.store().get(ApiResource.DEPLOYMENTS, SimulatedAksCluster.SYSTEM_NAMESPACE, "istiod-asm-1-18"))
          .isEmpty();
      assertThat(aks.store().get(ApiResource.DEPLOYMENTS, SimulatedAksCluster.INGRESS_NAMESPACE,
          "aks-istio-ingressgateway-external-asm-1-18")).isEmpty();
    }
  }

  @Test
  void workloadPodsKeepTheirProxyUntilRestartedAndNewPodsGetTheNewRevision() {
    try (SimulatedAksCluster aks = SimulatedAksCluster.builder()
        .workloads(s -> s.namespace("shop", Map.of("istio.io/rev", "asm-1-18")).deployment("shop", "web", 1))
        .start()) {
      aks.arm().replaceRevisions("asm-1-18", "asm-1-19");
      aks.store().patch(ApiResource.NAMESPACES, null, "shop",
          io.meshupgrade.testkit.k8s.ObjectStore.PatchType.JSON_MERGE,
          "{\"metadata\":{\"labels\":{\"istio.io/rev\":\"asm-1-19\"}}}");
      assertThat(aks.podsOn("asm-1-18")).hasSize(1);

      aks.store().patch(ApiResource.DEPLOYMENTS, "shop", "web",
          io.meshupgrade.testkit.k8s.ObjectStore.PatchType.JSON_MERGE,
          "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"x\"}}}}}");
      await(aks, () -> aks.podsOn("asm-1-18").isEmpty() && aks.podsOn("asm-1-19").size() == 1);

      assertThat(aks.podsOn("asm-1-19").get(0).proxyImage())
          .contains("mcr.microsoft.com/oss/istio/proxyv2:1.19.0-distroless");
      assertThat(aks.workloadGenerations()).containsEntry("Deployment shop/web", 2L);
    }
  }

  @Test
  void aPatchReleaseChangesTheInjectedImageButNotRunningPods() {
    try (SimulatedAksCluster aks = SimulatedAksCluster.builder()
        .workloads(s -> s.namespace("shop", Map.of("istio.io/rev", "asm-1-18")).deployment("shop", "web", 1))
        .start()) {
      String image = aks.patchRelease("asm-1-18");

      assertThat(image).isEqualTo("mcr.microsoft.com/oss/istio/proxyv2:1.18.1-distroless");
      assertThat(aks.proxyImage("asm-1-18")).isEqualTo(image);
      assertThat(aks.addon().proxyImage("asm-1-18")).contains(image);
      assertThat(aks.podsOn("asm-1-18")).singleElement()
          .satisfies(p -> assertThat(p.proxyImage()).contains("mcr.microsoft.com/oss/istio/proxyv2:1.18.0-distroless"));
    }
  }

  @Test
  void aStaleCanaryStartsWithBothControlPlanesAndTheSharedMeshConfigOfTheFirstRevision() {
    try (SimulatedAksCluster aks = SimulatedAksCluster.builder()
        .revisions("asm-1-18", "asm-1-19")
        .sharedMeshConfig("accessLogFile: /dev/stdout\n")
        .proxyImage("asm-1-19", "mcr.microsoft.com/oss/istio/proxyv2:1.19.5-distroless")
        .start()) {
      assertThat(aks.installedRevisions()).containsExactly("asm-1-18", "asm-1-19");
      assertThat(aks.controlPlaneRevisions()).containsExactly("asm-1-18", "asm-1-19");
      assertThat(aks.sharedMeshConfig("asm-1-18")).contains("accessLogFile: /dev/stdout\n");
      assertThat(aks.sharedMeshConfig("asm-1-19")).isEmpty();
      assertThat(aks.addon().proxyImage("asm-1-19")).contains("mcr.microsoft.com/oss/istio/proxyv2:1.19.5-distroless");
    }
  }

  @Test
  void anUnsupportedRevisionIsInstalledAndArmOffersTheLowestSupportedOne() throws Exception {
    try (SimulatedAksCluster aks = SimulatedAksCluster.builder().revision("asm-1-17").noWorkloads().start()) {
      JsonNode profile = get(aks, aks.arm().clusterPath() + "/meshUpgradeProfiles/istio");
      assertThat(profile.path("properties").path("revision").asText()).isEqualTo("asm-1-17");
      assertThat(profile.path("properties").path("upgrades").toString()).isEqualTo("[\"asm-1-18\"]");
      assertThat(aks.controlPlaneRevisions()).containsExactly("asm-1-17");
    }
  }

  @Test
  void neverReadyWorkloadsDoNotBecomeReadyAfterARestart() {
    try (SimulatedAksCluster aks = SimulatedAksCluster.builder()
        .workloads(s -> s.namespace("shop", Map.of("istio.io/rev", "asm-1-18")).deployment("shop", "web", 1))
        .neverReady(ApiResource.DEPLOYMENTS, "shop", "web")
        .start()) {
      assertThat(aks.pods()).singleElement().satisfies(p -> assertThat(p.ready()).isTrue());
      aks.store().patch(ApiResource.DEPLOYMENTS, "shop", "web",
          io.meshupgrade.testkit.k8s.ObjectStore.PatchType.JSON_MERGE,
          "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"x\"}}}}}");
      await(aks, () -> aks.pods().stream().anyMatch(p -> !p.ready()));
      assertThat(aks.awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(aks.pods()).anySatisfy(p -> assertThat(p.ready()).isFalse());
    }
  }

  @Test
  void writesAKubeconfigPointingAtTheSimulator(@TempDir Path dir) throws Exception {
    try (SimulatedAksCluster aks = SimulatedAksCluster.builder().noWorkloads().start()) {
      Path file = aks.writeKubeconfig(dir.resolve("config"));
      assertThat(Files.readString(file)).contains("server: " + aks.kubernetesUri());
      assertThat(aks.armEndpoint().toString()).startsWith("http://127.0.0.1:").endsWith("/");
      assertThat(aks.toString()).contains("asm-1-18");
    }
  }

  @Test
  void closingTwiceIsHarmless() {
    SimulatedAksCluster aks = SimulatedAksCluster.builder().noWorkloads().start();
    aks.close();
    aks.close();
    assertThatThrownBy(() -> get(aks, aks.arm().clusterPath())).isInstanceOf(Exception.class);
  }

  @Test
  void rejectsMalformedScenarios() {
    assertThatThrownBy(() -> SimulatedAksCluster.builder().revisions()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one or two revisions");
    assertThatThrownBy(() -> SimulatedAksCluster.builder().revisions("asm-1-18", "asm-1-19", "asm-1-20"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimulatedAksCluster.builder().revision("1.18"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1.18'");
    assertThatThrownBy(() -> SimulatedAksCluster.builder().kubernetesVersion("latest"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'latest'");
    assertThatThrownBy(() -> SimulatedAksCluster.builder().catalog(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("catalog");
    assertThatThrownBy(() -> SimulatedAksCluster.builder().startDelay(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SimulatedAksCluster.defaultCatalog().entries()).extracting(FakeRevisionCatalog.Entry::revision)
        .containsExactly("asm-1-18", "asm-1-19", "asm-1-20");
  }

  // ------------------------------------------------------------------------------------------------ helpers

  /** GET the cluster, change the revisions, PUT it back with If-Match, poll the operation until it ends. */
  private static void putRevisions(SimulatedAksCluster aks, String... revisions) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI cluster = URI.create(aks.armEndpoint() + aks.arm().clusterPath().substring(1) + "?api-version=2025-09-01");
    HttpResponse<String> got = http.send(HttpRequest.newBuilder(cluster).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    ObjectNode body = (ObjectNode) MAPPER.readTree(got.body());
    ArrayNode revs = ((ObjectNode) body.path("properties").path("serviceMeshProfile").path("istio"))
        .putArray("revisions");
    for (String r : revisions) {
      revs.add(r);
    }
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(cluster)
        .header("Content-Type", "application/json").header("If-Match", body.path("etag").asText("*"))
        .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isBetween(200, 201);
    URI status = URI.create(put.headers().firstValue("Azure-AsyncOperation").orElseThrow());
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (true) {
      JsonNode op = MAPPER.readTree(http.send(HttpRequest.newBuilder(status).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body());
      if (!"InProgress".equals(op.path("status").asText())) {
        assertThat(op.path("status").asText()).isEqualTo("Succeeded");
        return;
      }
      assertThat(Instant.now()).as("operation still running").isBefore(deadline);
    }
  }

  private static JsonNode get(SimulatedAksCluster aks, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(aks.armEndpoint() + path.substring(1) + "?api-version=2025-09-01")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return MAPPER.readTree(r.body());
  }

  private static void await(SimulatedAksCluster aks, java.util.function.BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("condition not met in time").isBefore(deadline);
      aks.awaitIdle(Duration.ofMillis(50));
    }
  }
}
