package io.meshupgrade.testkit.k8s;

import static io.meshupgrade.testkit.k8s.SimulatorSupport.PROXY_18;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.PROXY_18_PATCHED;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.PROXY_19;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.client;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.namespace;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SidecarInjectionTest {
  private KubernetesSimulator sim;
  private CoreV1Api core;

  @BeforeEach
  void start() {
    sim = KubernetesSimulator.start();
    core = new CoreV1Api(client(sim));
    sim.addon().installRevision("asm-1-18", PROXY_18).installRevision("asm-1-19", PROXY_19);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private V1Pod createPodIn(String ns, Map<String, String> nsLabels, Map<String, String> podLabels)
      throws ApiException {
    core.createNamespace(namespace(ns, nsLabels)).execute();
    return core.createNamespacedPod(ns, pod("p", podLabels)).execute();
  }

  private static V1Container proxy(V1Pod pod) {
    return pod.getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("istio-proxy"))
        .findFirst()
        .orElse(null);
  }

  private static String statusRevision(V1Pod pod) {
    String status = pod.getMetadata().getAnnotations().get("sidecar.istio.io/status");
    return JsonParser.parseString(status).getAsJsonObject().get("revision").getAsString();
  }

  @Test
  void aNamespaceLabelledWithARevisionGetsThatRevisionsProxy() throws ApiException {
    V1Pod pod = createPodIn("shop", Map.of("istio.io/rev", "asm-1-19"), Map.of("app", "web"));

    assertThat(proxy(pod).getImage()).isEqualTo(PROXY_19);
    assertThat(statusRevision(pod)).isEqualTo("asm-1-19");
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("istio.io/rev", "asm-1-19");
    assertThat(pod.getSpec().getInitContainers()).extracting(V1Container::getName).containsExactly("istio-init");
    assertThat(pod.getMetadata().getLabels()).doesNotContainKey("istio.io/rev");
  }

  @Test
  void aTagResolvesToItsRevisionInTheStatusAnnotation() throws ApiException {
    sim.addon().setTag("prod-stable", "asm-1-18");

    V1Pod pod = createPodIn("shop", Map.of("istio.io/rev", "prod-stable"), Map.of());

    assertThat(proxy(pod).getImage()).isEqualTo(PROXY_18);
    assertThat(statusRevision(pod)).isEqualTo("asm-1-18");
  }

  @Test
  void movingATagChangesTheRevisionOfNewPodsOnly() throws ApiException {
    sim.addon().setTag("prod-stable", "asm-1-18");
    V1Pod before = createPodIn("shop", Map.of("istio.io/rev", "prod-stable"), Map.of());

    sim.addon().setTag("prod-stable", "asm-1-19");
    V1Pod after = core.createNamespacedPod("shop", pod("q", Map.of())).execute();

    assertThat(statusRevision(after)).isEqualTo("asm-1-19");
    assertThat(statusRevision(core.readNamespacedPod(before.getMetadata().getName(), "shop").execute()))
        .isEqualTo("asm-1-18");
  }

  @Test
  void aPodLabelledInjectFalseOptsOut() throws ApiException {
    V1Pod pod =
        createPodIn("shop", Map.of("istio.io/rev", "asm-1-18"), Map.of("sidecar.istio.io/inject", "false"));

    assertThat(proxy(pod)).isNull();
    assertThat(pod.getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void aNamespaceWithIstioInjectionGetsNoRevisionInjection() throws ApiException {
    V1Pod pod =
        createPodIn("shop", Map.of("istio.io/rev", "asm-1-18", "istio-injection", "enabled"), Map.of());

    assertThat(proxy(pod)).isNull();
  }

  @Test
  void anUnlabelledNamespaceGetsNoSidecar() throws ApiException {
    assertThat(proxy(createPodIn("shop", Map.of(), Map.of()))).isNull();
  }

  @Test
  void aPodLabelledWithARevisionInAnUnlabelledNamespaceIsInjectedByTheObjectWebhook() throws ApiException {
    V1Pod pod = createPodIn("shop", Map.of(), Map.of("istio.io/rev", "asm-1-19"));

    assertThat(statusRevision(pod)).isEqualTo("asm-1-19");
  }

  @Test
  void aTagPointingAtARemovedRevisionBlocksPodCreation() throws ApiException {
    sim.addon().setTag("prod-stable", "asm-1-18");
    sim.addon().removeRevision("asm-1-18");
    core.createNamespace(namespace("shop", Map.of("istio.io/rev", "prod-stable"))).execute();

    ApiException e =
        catchThrowableOfType(ApiException.class, () -> core.createNamespacedPod("shop", pod("p", Map.of())).execute());

    assertThat(e.getCode()).isEqualTo(500);
    assertThat(e.getResponseBody())
        .contains("failed calling webhook")
        .contains("rev.namespace.sidecar-injector.istio.io")
        .contains("istiod-asm-1-18");
    assertThat(sim.store().count(ApiResource.PODS, "shop")).isZero();
  }

  @Test
  void aNamespaceLabelledForARemovedRevisionGetsPodsWithoutSidecar() throws ApiException {
    sim.addon().removeRevision("asm-1-18");

    V1Pod pod = createPodIn("shop", Map.of("istio.io/rev", "asm-1-18"), Map.of());

    assertThat(proxy(pod)).isNull();
  }

  @Test
  void aPatchReleaseChangesTheImageOfNewPods() throws ApiException {
    V1Pod before = createPodIn("shop", Map.of("istio.io/rev", "asm-1-18"), Map.of());

    sim.addon().patchRelease("asm-1-18", PROXY_18_PATCHED);
    V1Pod after = core.createNamespacedPod("shop", pod("q", Map.of())).execute();

    assertThat(proxy(after).getImage()).isEqualTo(PROXY_18_PATCHED);
    assertThat(proxy(core.readNamespacedPod(before.getMetadata().getName(), "shop").execute()).getImage())
        .isEqualTo(PROXY_18);
    assertThat(sim.addon().proxyImage("asm-1-18")).contains(PROXY_18_PATCHED);
  }

  @Test
  void nativeSidecarsPutTheProxyAmongInitContainersWithRestartPolicyAlways() throws ApiException {
    sim.addon().nativeSidecars(true).installRevision("asm-1-20", "mcr.microsoft.com/oss/istio/proxyv2:1.20.1");

    V1Pod pod = createPodIn("shop", Map.of("istio.io/rev", "asm-1-20"), Map.of());

    assertThat(proxy(pod)).isNull();
    assertThat(pod.getSpec().getInitContainers())
        .filteredOn(c -> c.getName().equals("istio-proxy"))
        .singleElement()
        .satisfies(c -> assertThat(c.getRestartPolicy()).isEqualTo("Always"));
    assertThat(statusRevision(pod)).isEqualTo("asm-1-20");
  }

  @Test
  void injectorValuesCanCarryTheFullImageReference() {
    sim.addon().fullImageReference(true).installRevision("asm-1-20", "mcr.microsoft.com/oss/istio/proxyv2:1.20.1");

    String values =
        sim.store()
            .get(ApiResource.CONFIG_MAPS, "aks-istio-system", "istio-sidecar-injector-asm-1-20")
            .orElseThrow()
            .at("/data/values")
            .asText();

    assertThat(JsonParser.parseString(values).getAsJsonObject().getAsJsonObject("global").getAsJsonObject("proxy")
            .get("image").getAsString())
        .isEqualTo("mcr.microsoft.com/oss/istio/proxyv2:1.20.1");
    assertThat(sim.addon().proxyImage("asm-1-20")).contains("mcr.microsoft.com/oss/istio/proxyv2:1.20.1");
  }

  @Test
  void injectsTheImageVariantOfTheInjectorValues() throws ApiException {
    sim.store().patch(ApiResource.CONFIG_MAPS, "aks-istio-system", "istio-sidecar-injector-asm-1-18",
        ObjectStore.PatchType.JSON_MERGE, "{\"data\":{\"values\":\"{\\\"global\\\":{\\\"hub\\\":"
            + "\\\"mcr.microsoft.com/oss/istio\\\",\\\"tag\\\":\\\"1.18.2\\\",\\\"variant\\\":\\\"distroless\\\","
            + "\\\"proxy\\\":{\\\"image\\\":\\\"proxyv2\\\"}}}\"}}");

    V1Pod pod = createPodIn("shop", Map.of("istio.io/rev", "asm-1-18"), Map.of());

    assertThat(proxy(pod).getImage()).isEqualTo("mcr.microsoft.com/oss/istio/proxyv2:1.18.2-distroless");
    assertThat(sim.addon().proxyImage("asm-1-18")).contains("mcr.microsoft.com/oss/istio/proxyv2:1.18.2-distroless");
  }
}
