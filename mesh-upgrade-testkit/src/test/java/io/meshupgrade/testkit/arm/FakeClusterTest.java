package io.meshupgrade.testkit.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshupgrade.testkit.arm.internal.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeClusterTest {

  @Test
  void theExampleClusterRunsAsm117InLocation1() {
    FakeCluster c = FakeCluster.fromFixture();

    assertThat(c.subscriptionId()).isEqualTo("00000000-0000-0000-0000-000000000000");
    assertThat(c.resourceGroup()).isEqualTo("rg1");
    assertThat(c.name()).isEqualTo("clustername1");
    assertThat(c.location()).isEqualTo("location1");
    assertThat(Json.texts(Json.parseObject(c.json(), "c").at("/properties/serviceMeshProfile/istio/revisions")))
        .containsExactly("asm-1-17");
  }

  @Test
  void theBuilderChangesOnlyWhatItIsTold() {
    FakeCluster c = FakeCluster.builder().subscriptionId("sub").resourceGroup("rg").name("aks")
        .location("westeurope").kubernetesVersion("1.28.3").revisions("asm-1-18", "asm-1-19")
        .ingressGateways(true).build();
    JsonNode body = Json.parseObject(c.json(), "c");

    assertThat(body.path("id").asText())
        .isEqualTo("/subscriptions/sub/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks");
    assertThat(body.path("name").asText()).isEqualTo("aks");
    assertThat(body.path("location").asText()).isEqualTo("westeurope");
    assertThat(body.at("/properties/currentKubernetesVersion").asText()).isEqualTo("1.28.3");
    assertThat(body.at("/properties/agentPoolProfiles/0/orchestratorVersion").asText()).isEqualTo("1.28.3");
    assertThat(Json.texts(body.at("/properties/serviceMeshProfile/istio/revisions")))
        .containsExactly("asm-1-18", "asm-1-19");
    assertThat(body.at("/properties/serviceMeshProfile/istio/components/ingressGateways")).hasSize(2);
    assertThat(body.at("/properties/serviceMeshProfile/istio/certificateAuthority/plugin/keyVaultId").isTextual())
        .isTrue();
  }

  @Test
  void theBuilderTurnsGatewaysAndTheMeshOff() {
    JsonNode noGateways = Json.parseObject(FakeCluster.builder().ingressGateways(false).build().json(), "c");
    JsonNode disabled = Json.parseObject(FakeCluster.builder().meshDisabled().build().json(), "c");
    JsonNode absent = Json.parseObject(FakeCluster.builder().withoutServiceMeshProfile().build().json(), "c");

    assertThat(noGateways.at("/properties/serviceMeshProfile/istio/components").has("ingressGateways")).isFalse();
    assertThat(disabled.at("/properties/serviceMeshProfile").toString()).isEqualTo("{\"mode\":\"Disabled\"}");
    assertThat(absent.path("properties").has("serviceMeshProfile")).isFalse();
  }

  @Test
  void rejectsMalformedInput() {
    assertThatThrownBy(() -> FakeCluster.builder().revisions("1.18"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1.18'").hasMessageContaining("asm-");
    assertThatThrownBy(() -> FakeCluster.builder().kubernetesVersion("v1.28"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'v1.28'");
    assertThatThrownBy(() -> FakeCluster.fromJson("{\"id\":\"x\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
    assertThatThrownBy(() -> FakeCluster.builder().name(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
  }

  @Test
  void theExampleCatalogHasAsm117AndAsm118() {
    assertThat(FakeRevisionCatalog.fromFixture().entries()).containsExactly(
        new FakeRevisionCatalog.Entry("asm-1-17", List.of("asm-1-18"), List.of("1.23", "1.24", "1.25", "1.26")),
        new FakeRevisionCatalog.Entry("asm-1-18", List.of(), List.of("1.24", "1.25", "1.26", "1.27")));
  }

  @Test
  void theCatalogBuilderRejectsMalformedNamesAndDuplicates() {
    assertThatThrownBy(() -> FakeRevisionCatalog.builder().revision("asm-1-x", List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asm-1-x");
    assertThatThrownBy(() -> FakeRevisionCatalog.builder().revision("asm-1-18", List.of(), List.of("1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1'");
    assertThatThrownBy(() -> FakeRevisionCatalog.builder().revision("asm-1-18", List.of(), List.of())
            .revision("asm-1-18", List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already");
  }
}
