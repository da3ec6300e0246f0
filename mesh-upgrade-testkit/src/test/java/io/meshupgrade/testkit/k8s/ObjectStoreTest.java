package io.meshupgrade.testkit.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ObjectStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private KubernetesSimulator sim;
  private ObjectStore store;

  @BeforeEach
  void start() {
    sim = KubernetesSimulator.start();
    store = sim.store();
    sim.seed().namespace("shop", Map.of("team", "a")).apply();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private static ObjectNode configMap(String name) throws Exception {
    return (ObjectNode)
        JSON.readTree("{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"shop\"},\"data\":{\"k\":\"v\"}}");
  }

  @Test
  void readsAreCopiesThatCannotChangeTheStore() throws Exception {
    store.create(ApiResource.CONFIG_MAPS, configMap("cfg"));

    ObjectNode read = store.get(ApiResource.CONFIG_MAPS, "shop", "cfg").orElseThrow();
    ((ObjectNode) read.get("data")).put("k", "changed");

    assertThat(store.get(ApiResource.CONFIG_MAPS, "shop", "cfg").orElseThrow().at("/data/k").asText()).isEqualTo("v");
    assertThat(read.get("kind").asText()).isEqualTo("ConfigMap");
    assertThat(read.get("apiVersion").asText()).isEqualTo("v1");
  }

  @Test
  void everyWriteBumpsTheResourceVersionAndNoOpWritesDoNot() throws Exception {
    long before = store.resourceVersion();
    ObjectNode created = store.create(ApiResource.CONFIG_MAPS, configMap("cfg"));
    assertThat(store.resourceVersion()).isEqualTo(before + 1);

    store.update(ApiResource.CONFIG_MAPS, created);
    assertThat(store.resourceVersion()).isEqualTo(before + 1);

    store.patch(ApiResource.CONFIG_MAPS, "shop", "cfg", ObjectStore.PatchType.JSON_MERGE, "{\"data\":{\"k\":\"w\"}}");
    assertThat(store.resourceVersion()).isEqualTo(before + 2);
  }

  @Test
  void javaWritesMaySetStatus() throws Exception {
    ObjectNode cm = configMap("cfg");
    store.create(ApiResource.CONFIG_MAPS, cm);
    ObjectNode ns = store.get(ApiResource.NAMESPACES, null, "shop").orElseThrow();
    ((ObjectNode) ns.get("status")).put("phase", "Terminating");

    store.update(ApiResource.NAMESPACES, ns);

    assertThat(store.get(ApiResource.NAMESPACES, null, "shop").orElseThrow().at("/status/phase").asText())
        .isEqualTo("Terminating");
  }

  @Test
  void listsFilterBySelectorAndCountPerNamespace() throws Exception {
    sim.seed().namespace("other").pod("shop", "a", Map.of("tier", "web")).pod("shop", "b").pod("other", "c").apply();

    assertThat(store.list(ApiResource.PODS, null, "tier=web"))
        .extracting(p -> p.at("/metadata/name").asText())
        .containsExactly("a");
    assertThat(store.list(ApiResource.PODS, null, null)).hasSize(3);
    assertThat(store.count(ApiResource.PODS, "shop")).isEqualTo(2);
    assertThat(store.count(ApiResource.PODS, null)).isEqualTo(3);
  }

  @Test
  void errorsAreSimulatedApiExceptionsWithTheStatusCode() throws Exception {
    store.create(ApiResource.CONFIG_MAPS, configMap("cfg"));

    assertThatThrownBy(() -> store.create(ApiResource.CONFIG_MAPS, configMap("cfg")))
        .isInstanceOfSatisfying(SimulatedApiException.class, e -> assertThat(e.code()).isEqualTo(409));
    ObjectNode stale = store.get(ApiResource.CONFIG_MAPS, "shop", "cfg").orElseThrow();
    store.patch(ApiResource.CONFIG_MAPS, "shop", "cfg", ObjectStore.PatchType.JSON_MERGE, "{\"data\":{\"k\":\"w\"}}");
    assertThatThrownBy(() -> store.update(ApiResource.CONFIG_MAPS, stale))
        .isInstanceOfSatisfying(SimulatedApiException.class, e -> assertThat(e.reason()).isEqualTo("Conflict"));
    assertThat(store.delete(ApiResource.CONFIG_MAPS, "shop", "nope")).isFalse();
    assertThat(store.delete(ApiResource.CONFIG_MAPS, "shop", "cfg")).isTrue();
  }

  @Test
  void podsCreatedFromJavaAreInjectedLikePodsCreatedOverHttp() throws Exception {
    sim.seed()
        .revision("asm-1-18", SimulatorSupport.PROXY_18)
        .namespace("mesh", Map.of("istio.io/rev", "asm-1-18"))
        .pod("mesh", "p")
        .apply();

    ObjectNode pod = store.get(ApiResource.PODS, "mesh", "p").orElseThrow();

    assertThat(pod.at("/metadata/annotations/istio.io~1rev").asText()).isEqualTo("asm-1-18");
    assertThat(pod.at("/spec/containers/1/image").asText()).isEqualTo(SimulatorSupport.PROXY_18);
  }

  @Test
  void theSeedWritesTheSharedMeshConfigOfARevision() {
    sim.seed().sharedMeshConfig("asm-1-18", "accessLogFile: /dev/stdout\n").apply();

    assertThat(
            store.get(ApiResource.CONFIG_MAPS, "aks-istio-system", "istio-shared-configmap-asm-1-18")
                .orElseThrow()
                .at("/data/mesh")
                .asText())
        .isEqualTo("accessLogFile: /dev/stdout\n");
  }

  @Test
  void theKubeconfigPointsAtTheServer() {
    assertThat(sim.kubeconfig()).contains("server: " + sim.uri()).contains("current-context: simulated-aks");
  }
}
