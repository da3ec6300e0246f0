package io.meshupgrade.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.model.Revision;
import io.meshupgrade.testkit.k8s.ApiResource;
import io.meshupgrade.testkit.k8s.ObjectStore;
import org.junit.jupiter.api.Test;

class ProxyImageContractTest extends SimulatedClusterTest {

  @Test
  void readsTheProxyImageFromHubImageAndTag() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).apply();

    assertThat(dataPlane.currentProxyImage(ASM_1_18)).contains(IMAGE_1_18);
  }

  @Test
  void readsAFullImageReference() {
    sim.addon().fullImageReference(true);
    sim.seed().revision("asm-1-18", IMAGE_1_18).apply();

    assertThat(dataPlane.currentProxyImage(ASM_1_18)).contains(IMAGE_1_18);
  }

  @Test
  void followsAPatchRelease() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).apply();
    String patched = "mcr.microsoft.com/oss/istio/proxyv2:1.18.7-distroless";

    sim.addon().patchRelease("asm-1-18", patched);

    assertThat(dataPlane.currentProxyImage(ASM_1_18)).contains(patched);
  }

  @Test
  void appendsTheVariantOfTheInjectorValuesToTheTag() {
    sim.seed().revision("asm-1-22", "mcr.microsoft.com/oss/istio/proxyv2:1.22.5-distroless").apply();
    sim.store().patch(ApiResource.CONFIG_MAPS, "aks-istio-system", "istio-sidecar-injector-asm-1-22",
        ObjectStore.PatchType.JSON_MERGE, "{\"data\":{\"values\":\"{\\\"global\\\":{\\\"hub\\\":"
            + "\\\"mcr.microsoft.com/oss/istio\\\",\\\"tag\\\":\\\"1.22.5\\\",\\\"variant\\\":\\\"distroless\\\","
            + "\\\"proxy\\\":{\\\"image\\\":\\\"proxyv2\\\"}}}\"}}");

    assertThat(dataPlane.currentProxyImage(Revision.parse("asm-1-22")))
        .contains("mcr.microsoft.com/oss/istio/proxyv2:1.22.5-distroless");
  }

  @Test
  void isEmptyForARevisionThatIsNotInstalled() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).apply();

    assertThat(dataPlane.currentProxyImage(Revision.parse("asm-1-30"))).isEmpty();
  }

  @Test
  void explainsUnreadableInjectorValues() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).apply();
    sim.store().patch(ApiResource.CONFIG_MAPS, "aks-istio-system", "istio-sidecar-injector-asm-1-18",
        ObjectStore.PatchType.JSON_MERGE, "{\"data\":{\"values\":\"{\\\"global\\\":{}}\"}}");

    assertThatThrownBy(() -> dataPlane.currentProxyImage(ASM_1_18))
        .isInstanceOf(MeshUpgradeException.class).hasMessageContaining("istio-sidecar-injector-asm-1-18")
        .hasMessageContaining("global.proxy");
  }
}
