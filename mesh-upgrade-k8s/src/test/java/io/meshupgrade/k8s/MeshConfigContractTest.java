package io.meshupgrade.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.meshupgrade.exception.MeshConfigConflictException;
import io.meshupgrade.model.MeshConfigCopy;
import io.meshupgrade.k8s.internal.Fixtures;
import io.meshupgrade.testkit.k8s.ApiResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MeshConfigContractTest extends SimulatedClusterTest {
  private static final String SOURCE = "istio-shared-configmap-asm-1-18";
  private static final String TARGET = "istio-shared-configmap-asm-1-19";
  private String mesh;

  @BeforeEach
  void twoRevisions() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).revision("asm-1-19", IMAGE_1_19).apply();
    V1ConfigMap doc = Fixtures.load("configmap-istio-shared-configmap-asm-1-24-aks-doc.yaml", V1ConfigMap.class);
    mesh = doc.getData().get("mesh");
  }

  private void sharedConfig(String name, String meshText) {
    ObjectNode cm = JsonNodeFactory.instance.objectNode();
    cm.put("apiVersion", "v1").put("kind", "ConfigMap");
    cm.putObject("metadata").put("name", name).put("namespace", "aks-istio-system");
    cm.putObject("data").put("mesh", meshText);
    sim.store().create(ApiResource.CONFIG_MAPS, cm);
  }

  @Test
  void copiesTheSharedMeshConfigToTheNewRevisionOnce() {
    sharedConfig(SOURCE, mesh);

    assertThat(dataPlane.copySharedMeshConfig(ASM_1_18, ASM_1_19, false)).isEqualTo(MeshConfigCopy.COPIED);
    assertThat(dataPlane.copySharedMeshConfig(ASM_1_18, ASM_1_19, false)).isEqualTo(MeshConfigCopy.ALREADY_PRESENT);

    assertThat(get(ApiResource.CONFIG_MAPS, "aks-istio-system", TARGET).path("data").path("mesh").asText())
        .isEqualTo(mesh);
    assertThat(requests("create", "configmaps")).isEqualTo(1);
  }

  @Test
  void copiesNothingWithoutASource() {
    assertThat(dataPlane.copySharedMeshConfig(ASM_1_18, ASM_1_19, false)).isEqualTo(MeshConfigCopy.NO_SOURCE);
    assertThat(sim.store().get(ApiResource.CONFIG_MAPS, "aks-istio-system", TARGET)).isEmpty();
  }

  @Test
  void refusesToOverwriteATargetWithOtherDataUnlessAsked() {
    sharedConfig(SOURCE, mesh);
    sharedConfig(TARGET, "accessLogFile: /dev/stdout\n");

    assertThatThrownBy(() -> dataPlane.copySharedMeshConfig(ASM_1_18, ASM_1_19, false))
        .isInstanceOf(MeshConfigConflictException.class).hasMessageContaining(TARGET).hasMessageContaining("overwrite");
    assertThat(get(ApiResource.CONFIG_MAPS, "aks-istio-system", TARGET).path("data").path("mesh").asText())
        .isEqualTo("accessLogFile: /dev/stdout\n");

    assertThat(dataPlane.copySharedMeshConfig(ASM_1_18, ASM_1_19, true)).isEqualTo(MeshConfigCopy.OVERWRITTEN);
    assertThat(get(ApiResource.CONFIG_MAPS, "aks-istio-system", TARGET).path("data").path("mesh").asText())
        .isEqualTo(mesh);
  }

  @Test
  void reReadsAndRetriesWhenTheOverwriteConflicts() {
    sharedConfig(SOURCE, mesh);
    sharedConfig(TARGET, "x: y\n");
    sim.faults().failNext(1, "update", "configmaps", 409);

    assertThat(dataPlane.copySharedMeshConfig(ASM_1_18, ASM_1_19, true)).isEqualTo(MeshConfigCopy.OVERWRITTEN);
    assertThat(requests("get", "configmaps")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void retriesThrottlingAndServerErrors() {
    sharedConfig(SOURCE, mesh);
    sim.faults().failNext(1, "create", "configmaps", 429);
    sim.faults().failNext(1, "get", "configmaps", 500);

    assertThat(dataPlane.copySharedMeshConfig(ASM_1_18, ASM_1_19, false)).isEqualTo(MeshConfigCopy.COPIED);
  }

  @Test
  void deletesTheRemovedRevisionsConfigOnlyOnce() {
    sharedConfig(SOURCE, mesh);

    assertThat(dataPlane.deleteSharedMeshConfig(ASM_1_18)).isTrue();
    assertThat(dataPlane.deleteSharedMeshConfig(ASM_1_18)).isFalse();
    assertThat(sim.store().get(ApiResource.CONFIG_MAPS, "aks-istio-system", SOURCE)).isEmpty();
  }

  @Test
  void neverTouchesTheAksManagedMeshConfig() {
    String before18 = get(ApiResource.CONFIG_MAPS, "aks-istio-system", "istio-asm-1-18").toString();
    String before19 = get(ApiResource.CONFIG_MAPS, "aks-istio-system", "istio-asm-1-19").toString();
    sharedConfig(SOURCE, mesh);

    dataPlane.copySharedMeshConfig(ASM_1_18, ASM_1_19, true);
    dataPlane.deleteSharedMeshConfig(ASM_1_18);
    dataPlane.deleteSharedMeshConfig(ASM_1_19);

    assertThat(get(ApiResource.CONFIG_MAPS, "aks-istio-system", "istio-asm-1-18")).hasToString(before18);
    assertThat(get(ApiResource.CONFIG_MAPS, "aks-istio-system", "istio-asm-1-19")).hasToString(before19);
    assertThat(sim.requestLog().entries()).noneMatch(e -> e.name() != null && e.name().matches("istio-asm-.*"));
  }
}
