package io.meshupgrade.testkit.k8s;

import static io.meshupgrade.testkit.k8s.SimulatorSupport.namespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.PatchUtils;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PatchOverHttpTest extends OverHttpTest {

  @BeforeEach
  void seed() throws ApiException {
    core.createNamespace(namespace("shop", Map.of("istio.io/rev", "asm-1-18", "team", "a"))).execute();
  }

  private V1Namespace patchNamespace(String patch, String format) throws ApiException {
    return PatchUtils.patch(
        V1Namespace.class, () -> core.patchNamespace("shop", new V1Patch(patch)).buildCall(null), format, client);
  }

  @Test
  void mergePatchSetsLabelsAndNullDeletesAKey() throws ApiException {
    V1Namespace ns =
        patchNamespace(
            "{\"metadata\":{\"labels\":{\"istio.io/rev\":\"asm-1-19\",\"team\":null}}}",
            V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH);

    assertThat(ns.getMetadata().getLabels()).containsEntry("istio.io/rev", "asm-1-19").doesNotContainKey("team");
    assertThat(sim.requestLog().entries())
        .anySatisfy(e -> assertThat(e).isEqualTo(new RequestLog.Entry("patch", "", "namespaces", null, null, "shop", 200)));
  }

  @Test
  void jsonPatchAppliesOperationsInOrder() throws ApiException {
    V1Namespace ns =
        patchNamespace(
            "[{\"op\":\"replace\",\"path\":\"/metadata/labels/istio.io~1rev\",\"value\":\"asm-1-19\"},"
                + "{\"op\":\"remove\",\"path\":\"/metadata/labels/team\"},"
                + "{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"a\":\"b\"}}]",
            V1Patch.PATCH_FORMAT_JSON_PATCH);

    assertThat(ns.getMetadata().getLabels()).containsEntry("istio.io/rev", "asm-1-19").doesNotContainKey("team");
    assertThat(ns.getMetadata().getAnnotations()).containsEntry("a", "b");
  }

  @Test
  void aJsonPatchOnAMissingPathIsRejectedAndChangesNothing() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () ->
                patchNamespace(
                    "[{\"op\":\"remove\",\"path\":\"/metadata/labels/nope\"}]", V1Patch.PATCH_FORMAT_JSON_PATCH));

    assertThat(e.getCode()).isEqualTo(422);
    assertThat(sim.store().get(ApiResource.NAMESPACES, null, "shop").orElseThrow().at("/metadata/labels/team").asText())
        .isEqualTo("a");
  }

  @Test
  void strategicMergePatchMergesPodTemplateAnnotationsAndBumpsGeneration() throws ApiException {
    V1Deployment d = apps.createNamespacedDeployment("shop", Deployments.deployment("web", 1)).execute();
    d.getSpec().getTemplate().getMetadata().putAnnotationsItem("keep", "me");
    sim.awaitIdle(java.time.Duration.ofSeconds(10));
    V1Deployment fresh = apps.readNamespacedDeployment("web", "shop").execute();
    fresh.getSpec().getTemplate().getMetadata().putAnnotationsItem("keep", "me");
    apps.replaceNamespacedDeployment("web", "shop", fresh).execute();

    V1Deployment patched =
        PatchUtils.patch(
            V1Deployment.class,
            () ->
                apps.patchNamespacedDeployment(
                        "web",
                        "shop",
                        new V1Patch(
                            "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":"
                                + "{\"kubectl.kubernetes.io/restartedAt\":\"2026-11-26T08:00:00Z\"}}}}}"))
                    .buildCall(null),
            V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
            client);

    assertThat(patched.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("keep", "me")
        .containsEntry("kubectl.kubernetes.io/restartedAt", "2026-11-26T08:00:00Z");
    assertThat(patched.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(3L);
  }

  @Test
  void strategicMergePatchMergesContainersByName() throws ApiException {
    apps.createNamespacedDeployment("shop", Deployments.deployment("web", 1)).execute();

    V1Deployment patched =
        PatchUtils.patch(
            V1Deployment.class,
            () ->
                apps.patchNamespacedDeployment(
                        "web",
                        "shop",
                        new V1Patch(
                            "{\"spec\":{\"template\":{\"spec\":{\"containers\":"
                                + "[{\"name\":\"app\",\"image\":\"nginx:1.28\"}]}}}}"))
                    .buildCall(null),
            V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
            client);

    assertThat(patched.getSpec().getTemplate().getSpec().getContainers())
        .singleElement()
        .satisfies(c -> assertThat(c.getImage()).isEqualTo("nginx:1.28"));
  }

  @Test
  void theGeneratedPatchCallSendsApplicationJsonAndGets415() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> core.patchNamespace("shop", new V1Patch("{\"metadata\":{}}")).execute());

    assertThat(e.getCode()).isEqualTo(415);
    assertThat(e.getResponseBody()).contains("UnsupportedMediaType");
  }

  @Test
  void aPatchCarryingAStaleResourceVersionIsAConflict() throws ApiException {
    V1ConfigMap cm =
        core.createNamespacedConfigMap("shop", new V1ConfigMap().metadata(new V1ObjectMeta().name("cfg"))).execute();
    String stale = cm.getMetadata().getResourceVersion();
    core.replaceNamespacedConfigMap("cfg", "shop", cm.data(Map.of("a", "1"))).execute();

    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () ->
                PatchUtils.patch(
                    V1ConfigMap.class,
                    () ->
                        core.patchNamespacedConfigMap(
                                "cfg",
                                "shop",
                                new V1Patch(
                                    "{\"metadata\":{\"resourceVersion\":\"" + stale + "\"},\"data\":{\"a\":\"2\"}}"))
                            .buildCall(null),
                    V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                    client));

    assertThat(e.getCode()).isEqualTo(409);
  }
}
