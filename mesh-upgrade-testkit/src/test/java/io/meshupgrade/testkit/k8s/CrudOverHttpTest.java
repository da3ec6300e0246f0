package io.meshupgrade.testkit.k8s;

import static io.meshupgrade.testkit.k8s.SimulatorSupport.namespace;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AdmissionregistrationV1Api;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1Status;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CrudOverHttpTest extends OverHttpTest {

  @BeforeEach
  void seed() throws ApiException {
    core.createNamespace(namespace("shop", Map.of("team", "a"))).execute();
  }

  @Test
  void createFillsServerFieldsAndGetReturnsTheObject() throws ApiException {
    V1ConfigMap created =
        core.createNamespacedConfigMap(
                "shop", new V1ConfigMap().metadata(new V1ObjectMeta().name("cfg")).data(Map.of("k", "v")))
            .execute();

    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
    assertThat(created.getMetadata().getCreationTimestamp()).isNotNull();
    assertThat(created.getMetadata().getNamespace()).isEqualTo("shop");
    V1ConfigMap read = core.readNamespacedConfigMap("cfg", "shop").execute();
    assertThat(read.getData()).containsEntry("k", "v");
    assertThat(read.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
  }

  @Test
  void namespacesGetTheirNameLabelAndActivePhase() throws ApiException {
    var ns = core.readNamespace("shop").execute();

    assertThat(ns.getMetadata().getLabels())
        .containsEntry("team", "a")
        .containsEntry("kubernetes.io/metadata.name", "shop");
    assertThat(ns.getStatus().getPhase()).isEqualTo("Active");
  }

  @Test
  void creatingTwiceIsAlreadyExistsAsAStatus() throws ApiException {
    core.createNamespacedPod("shop", pod("a", Map.of())).execute();

    ApiException e =
        catchThrowableOfType(
            ApiException.class, () -> core.createNamespacedPod("shop", pod("a", Map.of())).execute());

    assertThat(e.getCode()).isEqualTo(409);
    JsonObject status = JsonParser.parseString(e.getResponseBody()).getAsJsonObject();
    assertThat(status.get("kind").getAsString()).isEqualTo("Status");
    assertThat(status.get("reason").getAsString()).isEqualTo("AlreadyExists");
    assertThat(status.get("message").getAsString()).isEqualTo("pods \"a\" already exists");
    assertThat(status.getAsJsonObject("details").get("name").getAsString()).isEqualTo("a");
    assertThat(status.getAsJsonObject("details").get("kind").getAsString()).isEqualTo("pods");
    assertThat(status.get("code").getAsInt()).isEqualTo(409);
  }

  @Test
  void readingAMissingObjectIsNotFoundAsAStatus() {
    ApiException e =
        catchThrowableOfType(ApiException.class, () -> apps.readNamespacedDeployment("nope", "shop").execute());

    assertThat(e.getCode()).isEqualTo(404);
    JsonObject status = JsonParser.parseString(e.getResponseBody()).getAsJsonObject();
    assertThat(status.get("reason").getAsString()).isEqualTo("NotFound");
    assertThat(status.get("message").getAsString()).isEqualTo("deployments.apps \"nope\" not found");
    assertThat(status.getAsJsonObject("details").get("group").getAsString()).isEqualTo("apps");
    assertThat(status.getAsJsonObject("details").get("kind").getAsString()).isEqualTo("deployments");
  }

  @Test
  void creatingInAMissingNamespaceIsNotFound() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class, () -> core.createNamespacedPod("ghost", pod("a", Map.of())).execute());

    assertThat(e.getCode()).isEqualTo(404);
    assertThat(e.getResponseBody()).contains("namespaces \\\"ghost\\\" not found");
  }

  @Test
  void replaceWithAStaleResourceVersionIsAConflict() throws ApiException {
    V1ConfigMap v1 =
        core.createNamespacedConfigMap("shop", new V1ConfigMap().metadata(new V1ObjectMeta().name("cfg")))
            .execute();
    V1ConfigMap v2 = core.replaceNamespacedConfigMap("cfg", "shop", v1.data(Map.of("a", "1"))).execute();
    assertThat(Long.parseLong(v2.getMetadata().getResourceVersion()))
        .isGreaterThan(Long.parseLong(v1.getMetadata().getResourceVersion()));

    v1.getMetadata().setResourceVersion(v1.getMetadata().getResourceVersion());
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> core.replaceNamespacedConfigMap("cfg", "shop", v1.data(Map.of("a", "2"))).execute());

    assertThat(e.getCode()).isEqualTo(409);
    assertThat(e.getResponseBody()).contains("\"reason\":\"Conflict\"").contains("the object has been modified");
    assertThat(core.readNamespacedConfigMap("cfg", "shop").execute().getData()).containsEntry("a", "1");
  }

  @Test
  void generationBumpsOnlyWhenTheSpecChanges() throws ApiException {
    V1Deployment d = apps.createNamespacedDeployment("shop", Deployments.deployment("web", 1)).execute();
    assertThat(d.getMetadata().getGeneration()).isEqualTo(1L);

    assertThat(sim.awaitIdle(Duration.ofSeconds(10))).isTrue();
    d = apps.readNamespacedDeployment("web", "shop").execute();
    d.getMetadata().putLabelsItem("extra", "x");
    d = apps.replaceNamespacedDeployment("web", "shop", d).execute();
    assertThat(d.getMetadata().getGeneration()).isEqualTo(1L);

    assertThat(sim.awaitIdle(Duration.ofSeconds(10))).isTrue();
    d = apps.readNamespacedDeployment("web", "shop").execute();
    d.getSpec().setReplicas(2);
    d = apps.replaceNamespacedDeployment("web", "shop", d).execute();
    assertThat(d.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void deletingAPodReturnsThePodAndOtherTypesReturnAStatus() throws ApiException {
    core.createNamespacedPod("shop", pod("a", Map.of())).execute();
    core.createNamespacedConfigMap("shop", new V1ConfigMap().metadata(new V1ObjectMeta().name("cfg"))).execute();

    V1Pod deletedPod = core.deleteNamespacedPod("a", "shop").execute();
    V1Status deletedCm = core.deleteNamespacedConfigMap("cfg", "shop").execute();

    assertThat(deletedPod.getMetadata().getName()).isEqualTo("a");
    assertThat(deletedCm.getStatus()).isEqualTo("Success");
    assertThat(deletedCm.getDetails().getName()).isEqualTo("cfg");
    assertThat(sim.store().get(ApiResource.PODS, "shop", "a")).isEmpty();
    assertThat(catchThrowableOfType(ApiException.class, () -> core.deleteNamespacedPod("a", "shop").execute())
            .getCode())
        .isEqualTo(404);
  }

  @Test
  void servicesLeasesAndWebhookConfigurationsAreServed() throws ApiException {
    V1Service svc =
        core.createNamespacedService(
                "shop",
                new V1Service()
                    .metadata(new V1ObjectMeta().name("web"))
                    .spec(new V1ServiceSpec().addPortsItem(new V1ServicePort().port(80))))
            .execute();
    assertThat(svc.getSpec().getPorts()).hasSize(1);

    CoordinationV1Api coordination = new CoordinationV1Api(client);
    V1Lease lease =
        coordination
            .createNamespacedLease(
                "shop", new V1Lease().metadata(new V1ObjectMeta().name("lock")).spec(new V1LeaseSpec().holderIdentity("me")))
            .execute();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("me");

    sim.addon().installRevision("asm-1-18", SimulatorSupport.PROXY_18);
    var mwcs = new AdmissionregistrationV1Api(client).listMutatingWebhookConfiguration().execute();
    assertThat(mwcs.getItems())
        .extracting(m -> m.getMetadata().getName())
        .containsExactly("istio-sidecar-injector-asm-1-18-aks-istio-system");
    assertThat(mwcs.getItems().get(0).getWebhooks())
        .extracting(w -> w.getName())
        .containsExactly("rev.namespace.sidecar-injector.istio.io", "rev.object.sidecar-injector.istio.io");
  }

  @Test
  void deletingANamespaceDeletesItsObjects() throws ApiException {
    core.createNamespacedPod("shop", pod("a", Map.of())).execute();

    core.deleteNamespace("shop").execute();

    assertThat(sim.store().count(ApiResource.PODS, null)).isZero();
    assertThat(sim.store().get(ApiResource.NAMESPACES, null, "shop")).isEmpty();
  }

  @Test
  void listsAcrossAllNamespacesUseTheClusterWidePath() throws ApiException {
    core.createNamespace(namespace("other", Map.of())).execute();
    core.createNamespacedPod("shop", pod("a", Map.of())).execute();
    core.createNamespacedPod("other", pod("b", Map.of())).execute();

    var all = core.listPodForAllNamespaces().execute();

    assertThat(all.getKind()).isEqualTo("PodList");
    assertThat(all.getMetadata().getResourceVersion()).isNotBlank();
    assertThat(all.getItems()).extracting(p -> p.getMetadata().getName()).containsExactly("b", "a");
    assertThat(sim.requestLog().entries())
        .anySatisfy(
            e -> {
              assertThat(e.verb()).isEqualTo("list");
              assertThat(e.resource()).isEqualTo("pods");
              assertThat(e.namespace()).isNull();
            });
  }
}
