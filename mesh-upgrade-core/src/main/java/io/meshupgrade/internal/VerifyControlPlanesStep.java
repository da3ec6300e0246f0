package io.meshupgrade.internal;

import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.ControlPlaneStatus;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.plan.UpgradePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Seed step 4, "Verify control plane pods corresponding to both asm-1-18 and asm-1-19 exist" (istiod in
 * aks-istio-system and, if ingress is enabled, the ingress gateways of both revisions): waits for both control
 * planes and gateways to be ready (stage {@link UpgradeStage#CONTROL_PLANES_VERIFIED}), or halts. Not API.
 */
final class VerifyControlPlanesStep implements Step {

  private final StepContext c;

  VerifyControlPlanesStep(StepContext c) {
    this.c = c;
  }

  @Override
  public Outcome perform(UpgradePlan plan, UpgradeStage next, Mode mode) {
    ClusterMeshState state = c.cp().readMeshState();
    List<String> problems = new ArrayList<>();
    // the old revision is checked while installed; once removed outside (the canary was completed), only the new one
    List<Revision> revisions = state.revisions().contains(plan.from()) ? List.of(plan.from(), plan.to())
        : List.of(plan.to());
    for (Revision r : revisions) {
      ControlPlaneStatus st = c.dp.awaitControlPlane(r, state.ingressGateways(), c.options.controlPlaneTimeout());
      if (!st.ready()) {
        problems.add(st.describe());
      }
    }
    if (!problems.isEmpty()) {
      return new Halt("control planes not ready after " + c.options.controlPlaneTimeout() + ": "
          + String.join("; ", problems) + ": check istiod in aks-istio-system, then call upgrade again, or rollback");
    }
    return new Proceed(Map.of("gateways", Joined.of(state.ingressGateways())));
  }
}
