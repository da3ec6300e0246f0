package io.meshupgrade.plan;

import static io.meshupgrade.model.UpgradeStage.CANARY_STARTED;
import static io.meshupgrade.model.UpgradeStage.COMPLETED;
import static io.meshupgrade.model.UpgradeStage.CONTROL_PLANES_VERIFIED;
import static io.meshupgrade.model.UpgradeStage.HALTED;
import static io.meshupgrade.model.UpgradeStage.HEALTH_VERIFIED;
import static io.meshupgrade.model.UpgradeStage.INJECTION_REVERTED;
import static io.meshupgrade.model.UpgradeStage.INJECTION_SWITCHED;
import static io.meshupgrade.model.UpgradeStage.MESH_CONFIG_COPIED;
import static io.meshupgrade.model.UpgradeStage.PLANNED;
import static io.meshupgrade.model.UpgradeStage.ROLLBACK_STARTED;
import static io.meshupgrade.model.UpgradeStage.ROLLED_BACK;
import static io.meshupgrade.model.UpgradeStage.WORKLOADS_RESTARTED;
import static io.meshupgrade.model.UpgradeStage.WORKLOADS_REVERTED;

import io.meshupgrade.model.UpgradeStage;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of legal transitions of an {@link io.meshupgrade.plan.UpgradePlan}. Not API.
 *
 * <p>HALTED is special: where it may go depends on the stage it halted from, so that a halted plan resumes where it
 * stopped, rolls back (when a canary is installed), or retries forward after its workloads were reverted.
 *
 * <p>Thread-safe: the table is built once and never changed.
 */
final class TransitionTable {

  private static final Map<UpgradeStage, Set<UpgradeStage>> TABLE = new EnumMap<>(UpgradeStage.class);

  /** Stages from which a rollback may start (both revisions are installed). */
  private static final Set<UpgradeStage> ROLLBACKABLE =
      EnumSet.of(CANARY_STARTED, CONTROL_PLANES_VERIFIED, INJECTION_SWITCHED, WORKLOADS_RESTARTED, HEALTH_VERIFIED);

  /** Stages of the rollback chain; halted there, a run may also retry the upgrade from the canary. */
  private static final Set<UpgradeStage> ROLLBACK_CHAIN =
      EnumSet.of(ROLLBACK_STARTED, INJECTION_REVERTED, WORKLOADS_REVERTED);

  static {
    legal(PLANNED, MESH_CONFIG_COPIED, HALTED);
    legal(MESH_CONFIG_COPIED, CANARY_STARTED, HALTED);
    legal(CANARY_STARTED, CONTROL_PLANES_VERIFIED, ROLLBACK_STARTED, HALTED);
    legal(CONTROL_PLANES_VERIFIED, INJECTION_SWITCHED, ROLLBACK_STARTED, HALTED);
    legal(INJECTION_SWITCHED, WORKLOADS_RESTARTED, ROLLBACK_STARTED, HALTED);
    legal(WORKLOADS_RESTARTED, HEALTH_VERIFIED, ROLLBACK_STARTED, HALTED);
    legal(HEALTH_VERIFIED, COMPLETED, ROLLBACK_STARTED, HALTED);
    legal(ROLLBACK_STARTED, INJECTION_REVERTED, HALTED);
    legal(INJECTION_REVERTED, WORKLOADS_REVERTED, HALTED);
    legal(WORKLOADS_REVERTED, ROLLED_BACK, HALTED);
    legal(COMPLETED);
    legal(ROLLED_BACK);
    legal(HALTED); // resolved by haltedTargets
  }

  private TransitionTable() {}

  private static void legal(UpgradeStage from, UpgradeStage... to) {
    Set<UpgradeStage> set = EnumSet.noneOf(UpgradeStage.class);
    Collections.addAll(set, to);
    TABLE.put(from, Collections.unmodifiableSet(set));
  }

  /**
   * The stages reachable in one step from {@code from}; for HALTED, given the stage it halted from.
   *
   * @param haltedFrom the stage a HALTED plan stopped at (ignored unless {@code from} is HALTED)
   */
  public static Set<UpgradeStage> next(UpgradeStage from, UpgradeStage haltedFrom) {
    if (from != HALTED) {
      return TABLE.get(from);
    }
    Set<UpgradeStage> set = EnumSet.of(haltedFrom);
    if (ROLLBACKABLE.contains(haltedFrom)) {
      set.add(ROLLBACK_STARTED);
    }
    if (ROLLBACK_CHAIN.contains(haltedFrom)) {
      set.add(CANARY_STARTED);
    }
    return Collections.unmodifiableSet(set);
  }

  /** Whether {@code from -> to} is legal. */
  public static boolean isLegal(UpgradeStage from, UpgradeStage haltedFrom, UpgradeStage to) {
    return next(from, haltedFrom).contains(to);
  }
}
