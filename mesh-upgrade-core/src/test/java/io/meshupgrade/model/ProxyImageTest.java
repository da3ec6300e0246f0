package io.meshupgrade.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyImageTest {

  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  @ParameterizedTest(name = "{0}: registry {1}, repository {2}, tag {3}, version {4}")
  @CsvSource(nullValues = "-", value = {
      "mcr.microsoft.com/oss/istio/proxyv2:1.18.2-distroless, mcr.microsoft.com, oss/istio/proxyv2, 1.18.2-distroless, 1.18.2",
      "mcr.microsoft.com/oss/istio/proxyv2:1.18.2,            mcr.microsoft.com, oss/istio/proxyv2, 1.18.2,            1.18.2",
      "myregistry.example:5000/istio/proxyv2:1.19.0,           myregistry.example:5000, istio/proxyv2, 1.19.0,    1.19.0",
      "registry:5000/istio/proxyv2:1.19.0,                     registry:5000,     istio/proxyv2,     1.19.0,            1.19.0",
      "localhost/proxyv2:1.19.0,                               localhost,         proxyv2,           1.19.0,            1.19.0",
      "registry:5000/istio/proxyv2,                            registry:5000,     istio/proxyv2,     '',                -",
      "istio/proxyv2:1.20.1,                                   '',                istio/proxyv2,     1.20.1,            1.20.1",
      "proxyv2,                                                '',                proxyv2,           '',                -",
  })
  void splitsAReferenceWithoutMistakingARegistryPortForATag(String reference, String registry, String repository,
      String tag, String version) {
    ProxyImage image = ProxyImage.parse(reference);

    assertThat(image.reference()).isEqualTo(reference);
    assertThat(image.registry()).isEqualTo(registry);
    assertThat(image.repository()).isEqualTo(repository);
    assertThat(image.tag()).isEqualTo(tag);
    assertThat(image.digest()).isEmpty();
    assertThat(image.version().orElse(null)).isEqualTo(version);
    assertThat(image).hasToString(reference);
  }

  @Test
  void keepsTheDigest() {
    ProxyImage image = ProxyImage.parse("registry:5000/istio/proxyv2:1.19.0-distroless@" + DIGEST);

    assertThat(image.digest()).isEqualTo(DIGEST);
    assertThat(image.tag()).isEqualTo("1.19.0-distroless");
    assertThat(image.isDistroless()).isTrue();
    assertThat(image.version()).contains("1.19.0");
    assertThat(ProxyImage.parse("mcr.microsoft.com/oss/istio/proxyv2@" + DIGEST).tag()).isEmpty();
  }

  @ParameterizedTest(name = "rejects \"{0}\"")
  @ValueSource(strings = {"", " ", "mcr.microsoft.com/oss/istio/proxyv2:1.18.2 ", "/proxyv2:1.18", "proxyv2:",
      "proxyv2@sha256:abc", "Proxyv2:1.18", "mcr.microsoft.com/", "a//b:1"})
  void rejectsMalformedReferencesQuotingTheInput(String reference) {
    assertThatThrownBy(() -> ProxyImage.parse(reference)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + reference + "'").hasMessageContaining(ProxyImage.FORM);
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> ProxyImage.parse(null)).hasMessage("reference");
    assertThatThrownBy(() -> new ProxyImage(null, "", "r", "", "")).hasMessage("reference");
    assertThatThrownBy(() -> new ProxyImage("r", null, "r", "", "")).hasMessage("registry");
    assertThatThrownBy(() -> new ProxyImage("r", "", null, "", "")).hasMessage("repository");
    assertThatThrownBy(() -> new ProxyImage("r", "", "r", null, "")).hasMessage("tag");
    assertThatThrownBy(() -> new ProxyImage("r", "", "r", "", null)).hasMessage("digest");
  }
}
