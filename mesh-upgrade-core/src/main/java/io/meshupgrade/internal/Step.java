package io.meshupgrade.internal;

import io.meshupgrade.plan.UpgradePlan;
import java.util.Map;

/**
 * One step of the seed procedure: performs the transition of a plan into one stage (or, for the rollback, into the
 * stages of its chain), idempotently and deciding from the observed cluster. Not API. Implementations serve one call.
 */
interface Step {

  /** Performs the work toward {@code next} for {@code plan}. */
  Outcome perform(UpgradePlan plan, io.meshupgrade.model.UpgradeStage next, Mode mode);

  /** How a step ended. */
  sealed interface Outcome permits Proceed, Fail, Halt {}

  /** Done: record the transition with these details. */
  record Proceed(Map<String, String> details) implements Outcome {}

  /** The health gate failed: the failure policy decides. */
  record Fail(String reason) implements Outcome {}

  /** Stop here with a reason, whatever the policy. */
  record Halt(String reason) implements Outcome {}
}
