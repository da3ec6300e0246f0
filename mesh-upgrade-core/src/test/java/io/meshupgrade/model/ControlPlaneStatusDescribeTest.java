package io.meshupgrade.model;

import static io.meshupgrade.Fixtures.rev;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one text of a control plane's status, shared by the orchestrator and the adapters. */
class ControlPlaneStatusDescribeTest {
  private static final ControlPlaneStatus.Component ISTIOD = new ControlPlaneStatus.Component("Deployment",
      "aks-istio-system", "istiod-asm-1-19", false, "0/2 replicas available");
  private static final ControlPlaneStatus.Component GATEWAY = new ControlPlaneStatus.Component("Deployment",
      "aks-istio-ingress", "aks-istio-ingressgateway-external-asm-1-19", false, "Deployment not found");
  private static final ControlPlaneStatus.Component READY = new ControlPlaneStatus.Component("Deployment",
      "aks-istio-ingress", "aks-istio-ingressgateway-internal-asm-1-19", true, "");

  @Test
  void namesEveryObjectThatIsNotReadyWithItsReason() {
    ControlPlaneStatus status = ControlPlaneStatus.of(rev("asm-1-19"), List.of(ISTIOD, READY, GATEWAY));

    assertThat(status.describe()).isEqualTo("asm-1-19: Deployment aks-istio-system/istiod-asm-1-19 (0/2 replicas"
        + " available), Deployment aks-istio-ingress/aks-istio-ingressgateway-external-asm-1-19 (Deployment not"
        + " found)");
  }

  @Test
  void saysWhenNothingWasCheckedOrEverythingIsReady() {
    assertThat(ControlPlaneStatus.of(rev("asm-1-19"), List.of()).describe())
        .isEqualTo("asm-1-19 has no control plane objects");
    assertThat(ControlPlaneStatus.of(rev("asm-1-19"), List.of(READY)).describe()).isEqualTo("asm-1-19: ready");
  }
}
