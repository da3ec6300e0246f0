package io.meshupgrade.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.meshupgrade.model.SidecarState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SidecarInspectionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "pod-injected-istio-1.18.1-rev-default-real.yaml, default, docker.io/istio/proxyv2:1.18.1",
      "pod-injected-istio-1.3.0-legacy-no-revision-real.yaml, '', 100.125.0.78:20202/istio/proxyv2:1.3.0-r6",
      "pod-injected-upstream-golden-1.18.0-rev-default.yaml, default, gcr.io/istio-testing/proxyv2:latest",
      "pod-injected-upstream-golden-HEAD-native-sidecar.yaml, default, registry.istio.io/testing/proxyv2:latest",
  })
  void readsRevisionAndProxyImageOfEveryFixturePod(String file, String revision, String image) {
    V1Pod pod = Fixtures.load(file, V1Pod.class);

    SidecarInspection.Sidecar sidecar = SidecarInspection.inspect(pod);

    assertThat(sidecar.state()).isEqualTo(SidecarState.INJECTED);
    assertThat(sidecar.revision()).isEqualTo(revision);
    assertThat(sidecar.proxyImage()).isEqualTo(image);
  }

  @Test
  void findsTheNativeSidecarAmongInitContainersWhenNoContainerIsNamedIstioProxy() {
    V1Pod pod = Fixtures.load("pod-injected-upstream-golden-HEAD-native-sidecar.yaml", V1Pod.class);

    assertThat(pod.getSpec().getContainers()).extracting(V1Container::getName).doesNotContain("istio-proxy");
    assertThat(SidecarInspection.proxyImage(pod.getSpec())).contains("registry.istio.io/testing/proxyv2:latest");
  }

  @Test
  void ignoresAnInitContainerNamedIstioProxyThatIsNotANativeSidecar() {
    V1PodSpec spec = new V1PodSpec()
        .containers(List.of(new V1Container().name("app").image("app:1")))
        .initContainers(List.of(new V1Container().name("istio-proxy").image("proxyv2:1")));

    assertThat(SidecarInspection.proxyImage(spec)).isEmpty();
  }

  @Test
  void fallsBackToTheIstioRevAnnotationWhenTheStatusHasNoRevision() {
    V1Pod pod = pod(Map.of(
        "sidecar.istio.io/status", "{\"initContainers\":[\"istio-init\"],\"containers\":[\"istio-proxy\"]}",
        "istio.io/rev", "asm-1-19"), Map.of(), true);

    assertThat(SidecarInspection.inspect(pod).revision()).isEqualTo("asm-1-19");
  }

  @Test
  void prefersTheStatusRevisionOverTheAnnotation() {
    V1Pod pod = pod(Map.of(
        "sidecar.istio.io/status", "{\"revision\":\"asm-1-20\"}",
        "istio.io/rev", "prod-stable"), Map.of(), true);

    assertThat(SidecarInspection.inspect(pod).revision()).isEqualTo("asm-1-20");
  }

  @Test
  void reportsAPodThatOptedOutWithTheInjectLabel() {
    V1Pod pod = pod(Map.of(), Map.of("sidecar.istio.io/inject", "false"), false);

    assertThat(SidecarInspection.inspect(pod).state()).isEqualTo(SidecarState.OPTED_OUT);
  }

  @Test
  void reportsAPodWithoutSidecarAsNotInjected() {
    V1Pod pod = pod(Map.of(), Map.of("app", "cart"), false);

    SidecarInspection.Sidecar sidecar = SidecarInspection.inspect(pod);

    assertThat(sidecar.state()).isEqualTo(SidecarState.NOT_INJECTED);
    assertThat(sidecar.revision()).isEmpty();
    assertThat(sidecar.proxyImage()).isEmpty();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"not json", "[1,2]", "{\"revision\":\"\"}", "{\"revision\":{\"a\":1}}", "{\"version\":\"x\"}",
      "{\"revision\":"})
  void findsNoRevisionInAMalformedOrLegacyStatus(String status) {
    assertThat(SidecarInspection.statusRevision(status)).isEmpty();
  }

  private static V1Pod pod(Map<String, String> annotations, Map<String, String> labels, boolean proxy) {
    V1PodSpec spec = new V1PodSpec().containers(proxy
        ? List.of(new V1Container().name("app").image("app:1"), new V1Container().name("istio-proxy").image("p:1"))
        : List.of(new V1Container().name("app").image("app:1")));
    return new V1Pod().metadata(new V1ObjectMeta().name("p").namespace("ns").annotations(annotations).labels(labels))
        .spec(spec);
  }
}
