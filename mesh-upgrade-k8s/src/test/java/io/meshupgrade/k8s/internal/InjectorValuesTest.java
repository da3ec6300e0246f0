package io.meshupgrade.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InjectorValuesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "configmap-istio-sidecar-injector-upstream-1-10-0.yaml, gcr.io/istio-release/proxyv2:1.10.0",
      "configmap-istio-sidecar-injector-upstream-canary-fixture.yaml, registry.istio.io/release/proxyv2:1.3.1",
  })
  void readsTheProxyImageOfBothInjectorFixtures(String file, String image) {
    V1ConfigMap cm = Fixtures.load(file, V1ConfigMap.class);

    assertThat(InjectorValues.proxyImage(cm.getData().get("values"))).isEqualTo(image);
  }

  @Test
  void composesHubImageAndTagWhenTheImageIsAShortName() {
    String values = "{\"global\":{\"hub\":\"mcr.microsoft.com/oss/istio\",\"tag\":\"1.22.5-distroless\","
        + "\"proxy\":{\"image\":\"proxyv2\"}}}";

    assertThat(InjectorValues.proxyImage(values)).isEqualTo("mcr.microsoft.com/oss/istio/proxyv2:1.22.5-distroless");
  }

  @ParameterizedTest(name = "tag {0}, variant {1} -> {2}")
  @CsvSource({
      "1.22.5, distroless, mcr.microsoft.com/oss/istio/proxyv2:1.22.5-distroless",
      "1.22.5-distroless, distroless, mcr.microsoft.com/oss/istio/proxyv2:1.22.5-distroless",
      "1.22.5-distroless, debug, mcr.microsoft.com/oss/istio/proxyv2:1.22.5-debug",
      "1.22.5-distroless, default, mcr.microsoft.com/oss/istio/proxyv2:1.22.5",
      "1.22.5, default, mcr.microsoft.com/oss/istio/proxyv2:1.22.5",
      "1.22.5, '', mcr.microsoft.com/oss/istio/proxyv2:1.22.5",
  })
  void appendsTheImageVariantToTheTagLikeUpstreamsImageUrl(String tag, String variant, String image) {
    String values = "{\"global\":{\"hub\":\"mcr.microsoft.com/oss/istio\",\"tag\":\"" + tag + "\",\"variant\":\""
        + variant + "\",\"proxy\":{\"image\":\"proxyv2\"}}}";

    assertThat(InjectorValues.proxyImage(values)).isEqualTo(image);
  }

  @Test
  void leavesAFullImageReferenceAloneWhateverTheVariant() {
    String values = "{\"global\":{\"hub\":\"h\",\"tag\":\"1\",\"variant\":\"distroless\","
        + "\"proxy\":{\"image\":\"mcr.microsoft.com/oss/istio/proxyv2:1.22.5\"}}}";

    assertThat(InjectorValues.proxyImage(values)).isEqualTo("mcr.microsoft.com/oss/istio/proxyv2:1.22.5");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "nope", "[]", "{}", "{\"global\":{}}", "{\"global\":{\"proxy\":{}}}",
      "{\"global\":{\"proxy\":{\"image\":\"proxyv2\"}}}", "{\"global\":{\"hub\":\"h\",\"proxy\":{\"image\":\"p\"}}}"})
  void refusesValuesWithoutAUsableProxyImage(String values) {
    assertThatThrownBy(() -> InjectorValues.proxyImage(values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("global");
  }
}
