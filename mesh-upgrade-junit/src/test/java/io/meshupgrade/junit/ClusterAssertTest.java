package io.meshupgrade.junit;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.model.Revision;
import io.meshupgrade.testkit.SimulatedAksCluster;
import org.junit.jupiter.api.Test;

/** The assertions pass on what is there and fail, saying what was found, on what is not. */
@SimulatedAks(shared = true, sharedMeshConfig = "x: 1\n")
class ClusterAssertTest {
  static final Revision ASM_1_18 = Revision.parse("asm-1-18");
  static final Revision ASM_1_19 = Revision.parse("asm-1-19");

  @Test
  void passesOnTheDemoCluster(SimulatedAksCluster cluster) {
    assertThatCluster(cluster)
        .hasRevisionsInstalled(ASM_1_18)
        .hasAllPodsOn(ASM_1_18)
        .hasPodsOn(ASM_1_18, 10)
        .hasNoPodsOn(ASM_1_19)
        .hasNamespacesOn(ASM_1_18, "shop", "payments", "monitoring")
        .hasNoNamespacesOn(ASM_1_19)
        .hasAllPodsReady()
        .hasNoStaleProxies()
        .hasSharedMeshConfig(ASM_1_18)
        .hasNoSharedMeshConfig(ASM_1_19);
  }

  @Test
  void failsNamingThePodsOnARevision(SimulatedAksCluster cluster) {
    assertThatThrownBy(() -> assertThatCluster(cluster).hasNoPodsOn(ASM_1_18))
        .isInstanceOf(AssertionError.class).hasMessageContaining("expected no pods on asm-1-18 but 10 still run it")
        .hasMessageContaining("shop/frontend-");
    assertThatThrownBy(() -> assertThatCluster(cluster).hasAllPodsOn(ASM_1_19))
        .isInstanceOf(AssertionError.class).hasMessageContaining("10 run another revision");
    assertThatThrownBy(() -> assertThatCluster(cluster).hasPodsOn(ASM_1_18, 3))
        .isInstanceOf(AssertionError.class).hasMessageContaining("expected 3 pods on asm-1-18 but found 10");
  }

  @Test
  void failsNamingTheNamespacesAndRevisionsFound(SimulatedAksCluster cluster) {
    assertThatThrownBy(() -> assertThatCluster(cluster).hasNamespacesOn(ASM_1_18, "shop"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected namespaces [shop] labelled istio.io/rev=asm-1-18 but found [monitoring, payments, shop]");
    assertThatThrownBy(() -> assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_18, ASM_1_19))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ARM has [asm-1-18] and the cluster runs control planes of [asm-1-18]");
    assertThatThrownBy(() -> assertThatCluster(cluster).hasSharedMeshConfig(ASM_1_19))
        .isInstanceOf(AssertionError.class).hasMessageContaining("istio-shared-configmap-asm-1-19");
    assertThatThrownBy(() -> assertThatCluster(cluster).hasNoSharedMeshConfig(ASM_1_18))
        .isInstanceOf(AssertionError.class).hasMessageContaining("istio-shared-configmap-asm-1-18");
    assertThatThrownBy(() -> assertThatCluster(null).hasNoPodsOn(ASM_1_18)).isInstanceOf(AssertionError.class);
  }
}
