package io.meshupgrade.testkit.k8s;

import static io.meshupgrade.testkit.k8s.SimulatorSupport.PROXY_18;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.PROXY_18_PATCHED;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.PROXY_19;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.await;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AdmissionregistrationV1Api;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1MutatingWebhookConfiguration;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MeshAddonTest {
  private KubernetesSimulator sim;
  private CoreV1Api core;
  private AppsV1Api apps;
  private AdmissionregistrationV1Api admission;

  @BeforeEach
  void start() {
    sim = KubernetesSimulator.start();
    var client = client(sim);
    core = new CoreV1Api(client);
    apps = new AppsV1Api(client);
    admission = new AdmissionregistrationV1Api(client);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private boolean available(String ns, String name) {
    try {
      V1Deployment d = apps.readNamespacedDeployment(name, ns).execute();
      Integer available = d.getStatus() == null ? null : d.getStatus().getAvailableReplicas();
      return available != null && available >= d.getSpec().getReplicas();
    } catch (ApiException e) {
      return false;
    }
  }

  private List<V1Pod> pods(String ns, String selector) throws ApiException {
    return core.listNamespacedPod(ns).labelSelector(selector).execute().getItems();
  }

  @Test
  void installingARevisionCreatesItsControlPlaneWithReadyPods() throws ApiException {
    sim.addon().installRevision("asm-1-18", PROXY_18);

    await("istiod-asm-1-18 available", () -> available("aks-istio-system", "istiod-asm-1-18"));
    List<V1Pod> istiod = pods("aks-istio-system", "app=istiod,istio.io/rev=asm-1-18");
    assertThat(istiod).hasSize(2);
    assertThat(istiod.get(0).getSpec().getContainers().get(0).getImage())
        .isEqualTo("mcr.microsoft.com/oss/istio/pilot:1.18.2-distroless");
    assertThat(istiod).allSatisfy(p -> assertThat(p.getMetadata().getAnnotations()).isNullOrEmpty());
    assertThat(core.readNamespacedService("istiod-asm-1-18", "aks-istio-system").execute()).isNotNull();
    assertThat(core.readNamespacedConfigMap("istio-asm-1-18", "aks-istio-system").execute().getData())
        .containsKey("mesh");
    var injector = core.readNamespacedConfigMap("istio-sidecar-injector-asm-1-18", "aks-istio-system").execute();
    assertThat(injector.getData()).containsKeys("values", "config");
    assertThat(injector.getData().get("values"))
        .contains("\"hub\":\"mcr.microsoft.com/oss/istio\"")
        .contains("\"tag\":\"1.18.2-distroless\"");
    V1MutatingWebhookConfiguration mwc =
        admission.readMutatingWebhookConfiguration("istio-sidecar-injector-asm-1-18-aks-istio-system").execute();
    assertThat(mwc.getMetadata().getLabels()).containsEntry("istio.io/rev", "asm-1-18");
    assertThat(mwc.getWebhooks())
        .allSatisfy(
            w -> {
              assertThat(w.getClientConfig().getService().getName()).isEqualTo("istiod-asm-1-18");
              assertThat(w.getClientConfig().getService().getNamespace()).isEqualTo("aks-istio-system");
              assertThat(w.getClientConfig().getCaBundle()).isNotEmpty();
              assertThat(w.getFailurePolicy()).isEqualTo("Fail");
            });
    assertThat(sim.addon().revisions()).containsExactly("asm-1-18");
  }

  @Test
  void ingressGatewaysRunPerRevisionWithInjectedProxiesBehindOneSharedService() throws ApiException {
    sim.addon().installRevision("asm-1-18", PROXY_18).enableIngressGateway("external");
    sim.addon().installRevision("asm-1-19", PROXY_19).enableIngressGateway("internal");

    for (String name :
        List.of(
            "aks-istio-ingressgateway-external-asm-1-18",
            "aks-istio-ingressgateway-external-asm-1-19",
            "aks-istio-ingressgateway-internal-asm-1-18",
            "aks-istio-ingressgateway-internal-asm-1-19")) {
      await(name + " available", () -> available("aks-istio-ingress", name));
    }
    List<V1Pod> external19 = pods("aks-istio-ingress", "app=aks-istio-ingressgateway-external,istio.io/rev=asm-1-19");
    assertThat(external19).hasSize(2);
    assertThat(external19.get(0).getSpec().getContainers())
        .singleElement()
        .satisfies(c -> assertThat(c.getImage()).isEqualTo(PROXY_19));
    assertThat(core.listNamespacedService("aks-istio-ingress").execute().getItems())
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder("aks-istio-ingressgateway-external", "aks-istio-ingressgateway-internal");
    assertThat(apps.readNamespacedDeployment("aks-istio-ingressgateway-external-asm-1-18", "aks-istio-ingress")
            .execute().getMetadata().getLabels())
        .doesNotContainKey("istio.io/rev");
  }

  @Test
  void removingARevisionRemovesEverythingItInstalled() throws ApiException {
    sim.addon().installRevision("asm-1-18", PROXY_18).installRevision("asm-1-19", PROXY_19);
    sim.addon().enableIngressGateway("external");
    assertThat(sim.awaitIdle(Duration.ofSeconds(10))).isTrue();

    sim.addon().removeRevision("asm-1-18");

    assertThat(apps.listNamespacedDeployment("aks-istio-system").execute().getItems())
        .extracting(d -> d.getMetadata().getName())
        .containsExactly("istiod-asm-1-19");
    assertThat(pods("aks-istio-system", "istio.io/rev=asm-1-18")).isEmpty();
    assertThat(pods("aks-istio-ingress", "istio.io/rev=asm-1-18")).isEmpty();
    assertThat(core.listNamespacedConfigMap("aks-istio-system").execute().getItems())
        .extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder("istio-asm-1-19", "istio-sidecar-injector-asm-1-19");
    assertThat(admission.listMutatingWebhookConfiguration().execute().getItems())
        .extracting(m -> m.getMetadata().getName())
        .containsExactly("istio-sidecar-injector-asm-1-19-aks-istio-system");
    assertThat(sim.addon().revisions()).containsExactly("asm-1-19");
  }

  @Test
  void aPatchReleaseRollsIstiodAndTheGateways() throws ApiException {
    sim.seed().revision("asm-1-18", PROXY_18).ingressGateway("external").apply();
    List<String> before = pods("aks-istio-system", "app=istiod").stream().map(p -> p.getMetadata().getName()).toList();

    sim.addon().patchRelease("asm-1-18", PROXY_18_PATCHED);

    await(
        "istiod pods replaced by the patched image",
        () -> {
          try {
            List<V1Pod> now = pods("aks-istio-system", "app=istiod");
            return now.size() == 2
                && now.stream()
                    .allMatch(
                        p -> p.getSpec().getContainers().get(0).getImage().endsWith("pilot:1.18.7-distroless")
                            && !before.contains(p.getMetadata().getName()));
          } catch (ApiException e) {
            return false;
          }
        });
    await(
        "gateway pods on the patched proxy",
        () -> {
          try {
            List<V1Pod> gw = pods("aks-istio-ingress", "app=aks-istio-ingressgateway-external");
            return gw.size() == 2
                && gw.stream().allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals(PROXY_18_PATCHED));
          } catch (ApiException e) {
            return false;
          }
        });
  }

  @Test
  void tagsAreWebhookConfigurationsLabelledWithTagAndRevision() throws ApiException {
    sim.addon().installRevision("asm-1-18", PROXY_18).setTag("prod-stable", "asm-1-18");

    V1MutatingWebhookConfiguration tag =
        admission.readMutatingWebhookConfiguration("istio-revision-tag-prod-stable-aks-istio-system").execute();

    assertThat(tag.getMetadata().getLabels())
        .containsEntry("istio.io/tag", "prod-stable")
        .containsEntry("istio.io/rev", "asm-1-18");
    assertThat(tag.getWebhooks()).hasSize(2);
    assertThat(tag.getWebhooks().get(0).getNamespaceSelector().getMatchExpressions().get(0).getValues())
        .containsExactly("prod-stable");

    sim.addon().removeTag("prod-stable");
    assertThat(admission.listMutatingWebhookConfiguration().labelSelector("istio.io/tag").execute().getItems())
        .isEmpty();
  }

  @Test
  void badRevisionNamesAndGatewayTypesAreRejected() {
    assertThatThrownBy(() -> sim.addon().installRevision("asm 1 18", PROXY_18))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"asm 1 18\"");
    assertThatThrownBy(() -> sim.addon().enableIngressGateway("egress"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("external or internal");
    assertThatThrownBy(() -> sim.addon().patchRelease("asm-1-30", PROXY_18))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not installed");
    assertThatThrownBy(() -> sim.addon().installRevision(null, PROXY_18))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("revision");
  }
}
