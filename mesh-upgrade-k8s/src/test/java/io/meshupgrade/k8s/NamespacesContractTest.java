package io.meshupgrade.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.exception.MissingPermissionException;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.testkit.k8s.ApiResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamespacesContractTest extends SimulatedClusterTest {

  @BeforeEach
  void meshNamespaces() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).revision("asm-1-19", IMAGE_1_19).tag("prod-stable", "asm-1-18")
        .namespace("shop", rev(ASM_1_18))
        .namespace("legacy", Map.of("istio-injection", "enabled"))
        .namespace("both", Map.of("istio.io/rev", "asm-1-18", "istio-injection", "enabled"))
        .namespace("tagged", Map.of("istio.io/rev", "prod-stable"))
        .namespace("plain")
        .apply();
  }

  @Test
  void listsNamespacesWithEitherLabelAndReportsTheOnesWithBoth() {
    List<MeshNamespace> namespaces = dataPlane.meshNamespaces();

    assertThat(namespaces).containsExactly(
        new MeshNamespace("both", "asm-1-18", "enabled"),
        new MeshNamespace("legacy", "", "enabled"),
        new MeshNamespace("shop", "asm-1-18", ""),
        new MeshNamespace("tagged", "prod-stable", ""));
    assertThat(namespaces.get(0).hasIstioInjectionLabel()).isTrue();
  }

  @Test
  void relabelsWithAJsonMergePatchAndReportsNamespacesAksSkips() {
    List<MeshNamespace> after = dataPlane.relabelNamespaces(List.of("shop", "both"), "asm-1-19");

    assertThat(after).containsExactly(
        new MeshNamespace("both", "asm-1-19", "enabled"), new MeshNamespace("shop", "asm-1-19", ""));
    assertThat(label(get(ApiResource.NAMESPACES, null, "shop"), "istio.io/rev")).isEqualTo("asm-1-19");
    assertThat(label(get(ApiResource.NAMESPACES, null, "both"), "istio-injection")).isEqualTo("enabled");
    assertThat(requests("patch", "namespaces")).isEqualTo(2);
    assertThat(requests("update", "namespaces")).isZero();
  }

  @Test
  void revertsOnRollbackAndIsIdempotent() {
    dataPlane.relabelNamespaces(List.of("shop"), "asm-1-19");
    dataPlane.relabelNamespaces(List.of("shop"), "asm-1-18");
    List<MeshNamespace> again = dataPlane.relabelNamespaces(List.of("shop"), "asm-1-18");

    assertThat(again).containsExactly(new MeshNamespace("shop", "asm-1-18", ""));
  }

  @Test
  void relabelsToAnExistingTag() {
    assertThat(dataPlane.relabelNamespaces(List.of("shop"), "prod-stable"))
        .containsExactly(new MeshNamespace("shop", "prod-stable", ""));
  }

  @Test
  void refusesAnUnknownRevisionLabelValueWithoutTouchingTheNamespaces() {
    assertThatThrownBy(() -> dataPlane.relabelNamespaces(List.of("shop"), "asm-1-30"))
        .isInstanceOf(UpgradeRefusedException.class)
        .hasMessageContaining("asm-1-30").hasMessageContaining("asm-1-18").hasMessageContaining("prod-stable");
    assertThatThrownBy(() -> dataPlane.relabelNamespaces(List.of("shop"), "no-such-tag"))
        .isInstanceOf(UpgradeRefusedException.class);

    assertThat(label(get(ApiResource.NAMESPACES, null, "shop"), "istio.io/rev")).isEqualTo("asm-1-18");
    assertThat(requests("patch", "*")).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"asm-1-19,app=x", "asm-1-19 ", "x in (a)", "", "ASM-1-19"})
  void refusesMalformedLabelValuesBeforeAnyRequest(String value) {
    assertThatThrownBy(() -> dataPlane.relabelNamespaces(List.of("shop"), value))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + value + "'");
    assertThat(sim.requestLog().size()).isZero();
  }

  @Test
  void refusesMalformedNamespaceNames() {
    assertThatThrownBy(() -> dataPlane.relabelNamespaces(List.of("Shop!"), "asm-1-19"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Shop!'");
  }

  @Test
  void retriesConflictsThrottlingAndServerErrors() {
    sim.faults().failNext(1, "patch", "namespaces", 409);
    sim.faults().failNext(1, "patch", "namespaces", 429);
    sim.faults().failNext(1, "patch", "namespaces", 500);
    sim.faults().failNext(1, "list", "mutatingwebhookconfigurations", 503);

    assertThat(dataPlane.relabelNamespaces(List.of("shop"), "asm-1-19"))
        .containsExactly(new MeshNamespace("shop", "asm-1-19", ""));
    assertThat(sim.faults().pending()).isZero();
  }

  @Test
  void readsTheRealNamespaceExamples() throws Exception {
    var seed = sim.seed();
    for (Object o : io.kubernetes.client.util.Yaml.loadAll(
        io.meshupgrade.k8s.internal.Fixtures.text("namespace-examples-istio-rev-labels.yaml"))) {
      var ns = (io.kubernetes.client.openapi.models.V1Namespace) o;
      seed.namespace(ns.getMetadata().getName(), ns.getMetadata().getLabels());
    }
    seed.apply();

    assertThat(dataPlane.meshNamespaces()).contains(
        new MeshNamespace("test-infra", "asm-1-27", ""),
        new MeshNamespace("test-namespace-1", "asm-1-23", ""),
        new MeshNamespace("test-namespace-fail", "", "enabled"),
        new MeshNamespace("test-namespace-pass", "", "disabled"));
  }

  @Test
  void reportsAMissingNamespaceWithTheStatusAndTheObject() {
    assertThatThrownBy(() -> dataPlane.relabelNamespaces(List.of("gone"), "asm-1-19"))
        .isInstanceOfSatisfying(io.meshupgrade.exception.RemoteCallException.class,
            e -> assertThat(e.httpStatus()).isEqualTo(404))
        .hasMessageContaining("namespaces gone");
  }

  @Test
  void namesTheMissingPermissionOnA403() {
    sim.faults().failNext(1, "patch", "namespaces", 403);

    assertThatThrownBy(() -> dataPlane.relabelNamespaces(List.of("shop"), "asm-1-19"))
        .isInstanceOf(MissingPermissionException.class)
        .hasMessageStartingWith("missing permission: patch namespaces in the cluster scope");
  }
}
