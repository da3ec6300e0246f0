package io.meshupgrade.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.model.ControlPlaneStatus;
import io.meshupgrade.model.ControlPlaneStatus.Component;
import io.meshupgrade.model.IngressGateway;
import io.meshupgrade.exception.MissingPermissionException;
import io.meshupgrade.model.Revision;
import io.meshupgrade.testkit.k8s.ApiResource;
import io.meshupgrade.testkit.k8s.KubernetesSimulator;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControlPlaneContractTest extends SimulatedClusterTest {

  @Override
  KubernetesSimulator.Builder simulator() {
    return KubernetesSimulator.builder().startDelay(Duration.ofMillis(50), Duration.ofMillis(150));
  }

  @Test
  void isReadyWhenIstiodIsAvailableWithReadyPods() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).apply();

    ControlPlaneStatus status = dataPlane.awaitControlPlane(ASM_1_18, Set.of(), Duration.ofSeconds(10));

    assertThat(status.ready()).isTrue();
    assertThat(status.components()).containsExactly(
        new Component("Deployment", "aks-istio-system", "istiod-asm-1-18", true, ""));
  }

  @Test
  void waitsForARevisionWhosePodsAreStillStarting() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).apply();
    sim.addon().installRevision("asm-1-19", IMAGE_1_19);

    ControlPlaneStatus status = dataPlane.awaitControlPlane(ASM_1_19, Set.of(), Duration.ofSeconds(20));

    assertThat(status.ready()).as(status.toString()).isTrue();
  }

  @Test
  void checksTheIngressGatewaysOfTheRevisionWhenEnabled() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).ingressGateway("external").ingressGateway("internal").apply();

    ControlPlaneStatus status = dataPlane.awaitControlPlane(ASM_1_18, EnumSet.allOf(IngressGateway.class),
        Duration.ofSeconds(10));

    assertThat(status.ready()).as(status.toString()).isTrue();
    assertThat(status.components()).extracting(Component::namespace, Component::name).containsExactly(
        org.assertj.core.groups.Tuple.tuple("aks-istio-system", "istiod-asm-1-18"),
        org.assertj.core.groups.Tuple.tuple("aks-istio-ingress", "aks-istio-ingressgateway-external-asm-1-18"),
        org.assertj.core.groups.Tuple.tuple("aks-istio-ingress", "aks-istio-ingressgateway-internal-asm-1-18"));
  }

  @Test
  void listsEveryObjectThatIsNotReadyAndWhyAfterTheDeadline() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).apply();

    ControlPlaneStatus status = dataPlane.awaitControlPlane(ASM_1_18, EnumSet.of(IngressGateway.EXTERNAL),
        Duration.ofMillis(200));

    assertThat(status.ready()).isFalse();
    assertThat(status.notReady()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("aks-istio-ingressgateway-external-asm-1-18");
      assertThat(c.reason()).contains("not found");
    });
  }

  @Test
  void reportsAnUnknownRevisionAsNotInstalled() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).apply();

    ControlPlaneStatus status = dataPlane.awaitControlPlane(Revision.parse("asm-1-30"), Set.of(),
        Duration.ofMillis(100));

    assertThat(status.ready()).isFalse();
    assertThat(status.notReady()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("istiod-asm-1-30");
      assertThat(c.reason()).contains("not installed");
    });
  }

  @Test
  void reportsIstiodPodsThatNeverBecomeReady() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).apply();
    sim.workloads().neverReady(ApiResource.DEPLOYMENTS, "aks-istio-system", "istiod-asm-1-19");
    sim.addon().installRevision("asm-1-19", IMAGE_1_19);

    ControlPlaneStatus status = dataPlane.awaitControlPlane(ASM_1_19, Set.of(), Duration.ofMillis(400));

    assertThat(status.ready()).isFalse();
    assertThat(status.notReady()).singleElement().satisfies(c ->
        assertThat(c.reason()).matches("0/2 (replicas available|pods Ready)"));
  }

  @Test
  void retriesServerErrorsWhileReading() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).apply();
    sim.faults().failNext(2, "get", "deployments", 500);
    sim.faults().failNext(1, "list", "pods", 503);

    assertThat(dataPlane.awaitControlPlane(ASM_1_18, Set.of(), Duration.ofSeconds(10)).ready()).isTrue();
    assertThat(sim.faults().pending()).isZero();
  }

  @Test
  void namesTheMissingPermissionOnA403() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).apply();
    sim.faults().failNext(1, "get", "deployments", 403);

    assertThatThrownBy(() -> dataPlane.awaitControlPlane(ASM_1_18, Set.of(), Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(MissingPermissionException.class, e -> assertThat(e.httpStatus()).isEqualTo(403))
        .hasMessageStartingWith("missing permission: get deployments in aks-istio-system");
  }
}
