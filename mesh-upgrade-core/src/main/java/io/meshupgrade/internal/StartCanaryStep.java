package io.meshupgrade.internal;

import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.plan.UpgradePlan;
import java.util.Map;

/**
 * Seed step 3, "Initiate a canary upgrade" ({@code az aks mesh upgrade start --revision asm-1-19}): deploys the new
 * revision's control plane beside the old one (stage {@link UpgradeStage#CANARY_STARTED}); an installed canary is
 * adopted as it is. Not API.
 */
final class StartCanaryStep implements Step {

  private final StepContext c;

  StartCanaryStep(StepContext c) {
    this.c = c;
  }

  @Override
  public Outcome perform(UpgradePlan plan, UpgradeStage next, Mode mode) {
    return new Proceed(Map.of("revisions", Joined.of(c.cp().startCanary(plan.to()).revisions())));
  }
}
