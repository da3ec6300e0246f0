package io.meshupgrade.internal;

import io.meshupgrade.model.ClusterId;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.plan.UpgradePlan;
import java.time.Clock;
import java.util.Map;

/** The runner's moves of a plan, through {@link UpgradePlan#toBuilder()} (checked against the table). Not API. */
final class Plans {

  private Plans() {}

  static UpgradePlan moveTo(UpgradePlan plan, UpgradeStage next, Clock clock, Map<String, String> details) {
    return plan.toBuilder().transition(next, clock.instant(), details).build();
  }

  static UpgradePlan halt(UpgradePlan plan, String reason, Clock clock) {
    return plan.toBuilder().halt(reason, clock.instant()).build();
  }

  static UpgradePlan withProgress(UpgradePlan plan, Map<String, String> progress) {
    return plan.toBuilder().progress(progress).build();
  }

  static UpgradePlan adoptedBy(UpgradePlan plan, ClusterId id, Clock clock) {
    return plan.toBuilder().adoptedFor(id.resourceId(), clock.instant()).build();
  }
}
