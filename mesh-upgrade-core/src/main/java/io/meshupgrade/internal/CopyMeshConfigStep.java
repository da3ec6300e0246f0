package io.meshupgrade.internal;

import io.meshupgrade.model.MeshConfigCopy;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.plan.UpgradePlan;
import java.util.Map;

/**
 * Seed step 2, "If you've set up mesh configuration for the existing mesh revision on your cluster, you need to
 * create a separate ConfigMap corresponding to the new revision in the aks-istio-system namespace before initiating
 * the canary upgrade": copies the shared mesh ConfigMap of the old revision to the new one (stage
 * {@link UpgradeStage#MESH_CONFIG_COPIED}). Skipped on the way to a rollback. Not API.
 */
final class CopyMeshConfigStep implements Step {

  private final StepContext c;

  CopyMeshConfigStep(StepContext c) {
    this.c = c;
  }

  @Override
  public Outcome perform(UpgradePlan plan, UpgradeStage next, Mode mode) {
    if (!mode.forward()) {
      return new Proceed(Map.of("skipped", "rollback"));
    }
    MeshConfigCopy r = c.dp.copySharedMeshConfig(plan.from(), plan.to(), c.options.overwriteMeshConfig());
    return new Proceed(Map.of("result", r.name()));
  }
}
