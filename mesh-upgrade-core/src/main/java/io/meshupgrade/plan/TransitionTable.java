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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one table of the transitions of an {@link UpgradePlan}: which moves are legal, and which one comes next on a
 * given {@link Route} (forward, rollback then halt, rollback fully). {@link UpgradePlan} checks every transition
 * against it and the upgrader's runner asks it what to do next; nothing else encodes the order of the stages.
 *
 * <pre>
 * forward:  PLANNED -> MESH_CONFIG_COPIED -> CANARY_STARTED -> CONTROL_PLANES_VERIFIED -> INJECTION_SWITCHED
 *           -> WORKLOADS_RESTARTED -> HEALTH_VERIFIED -> COMPLETED
 * rollback: CANARY_STARTED..HEALTH_VERIFIED -> ROLLBACK_STARTED -> INJECTION_REVERTED -> WORKLOADS_REVERTED
 *           -> ROLLED_BACK (rollback fully) or HALTED (rollback then halt)
 * halted:   HALTED -> the stage it halted at (resume), ROLLBACK_STARTED (when both revisions are installed), or
 *           CANARY_STARTED (retry forward, when halted during a rollback)
 * </pre>
 *
 * <p>Any non-terminal stage may also move to HALTED. Thread-safe: the table is built once and never changed.
 */
public final class TransitionTable {

  /** Where a run is heading. */
  public enum Route {
    /** Toward COMPLETED. */
    FORWARD,
    /** Move injection and workloads back, then halt with both control planes kept. */
    ROLLBACK_THEN_HALT,
    /** Move injection and workloads back, then remove the new revision (ROLLED_BACK). */
    ROLLBACK_FULLY;

    /**
     * Whether this route goes toward COMPLETED.
     *
     * @return true for {@link #FORWARD}
     */
    public boolean isForward() {
      return this == FORWARD;
    }
  }

  private static final List<UpgradeStage> FORWARD_ORDER = List.of(PLANNED, MESH_CONFIG_COPIED, CANARY_STARTED,
      CONTROL_PLANES_VERIFIED, INJECTION_SWITCHED, WORKLOADS_RESTARTED, HEALTH_VERIFIED, COMPLETED);

  private static final List<UpgradeStage> ROLLBACK_ORDER =
      List.of(ROLLBACK_STARTED, INJECTION_REVERTED, WORKLOADS_REVERTED, ROLLED_BACK);

  /** Stages from which a rollback may start (both revisions are installed). */
  private static final Set<UpgradeStage> ROLLBACKABLE =
      EnumSet.of(CANARY_STARTED, CONTROL_PLANES_VERIFIED, INJECTION_SWITCHED, WORKLOADS_RESTARTED, HEALTH_VERIFIED);

  /** Stages of the rollback chain before its end; halted there, a run may also retry forward from the canary. */
  private static final Set<UpgradeStage> ROLLBACK_CHAIN =
      EnumSet.of(ROLLBACK_STARTED, INJECTION_REVERTED, WORKLOADS_REVERTED);

  private static final Map<UpgradeStage, Set<UpgradeStage>> TABLE = new EnumMap<>(UpgradeStage.class);

  static {
    for (UpgradeStage s : UpgradeStage.values()) {
      TABLE.put(s, EnumSet.noneOf(UpgradeStage.class));
    }
    chain(FORWARD_ORDER);
    chain(ROLLBACK_ORDER);
    ROLLBACKABLE.forEach(s -> TABLE.get(s).add(ROLLBACK_STARTED));
    for (UpgradeStage s : UpgradeStage.values()) {
      if (!s.isTerminal() && s != HALTED) {
        TABLE.get(s).add(HALTED);
      }
      TABLE.put(s, Collections.unmodifiableSet(TABLE.get(s)));
    }
  }

  private TransitionTable() {}

  private static void chain(List<UpgradeStage> order) {
    for (int i = 0; i + 1 < order.size(); i++) {
      TABLE.get(order.get(i)).add(order.get(i + 1));
    }
  }

  /**
   * The stages reachable in one move from {@code from}; for HALTED, given the stage it halted from.
   *
   * @param from the current stage; not null
   * @param haltedFrom the stage a HALTED plan stopped at (ignored unless {@code from} is HALTED)
   * @return the legal next stages, unmodifiable; empty for a terminal stage
   */
  public static Set<UpgradeStage> next(UpgradeStage from, UpgradeStage haltedFrom) {
    Objects.requireNonNull(from, "from");
    if (from != HALTED) {
      return TABLE.get(from);
    }
    Objects.requireNonNull(haltedFrom, "haltedFrom");
    Set<UpgradeStage> set = EnumSet.of(haltedFrom);
    if (ROLLBACKABLE.contains(haltedFrom)) {
      set.add(ROLLBACK_STARTED);
    }
    if (ROLLBACK_CHAIN.contains(haltedFrom)) {
      set.add(CANARY_STARTED);
    }
    return Collections.unmodifiableSet(set);
  }

  /**
   * Whether {@code from -> to} is legal.
   *
   * @param from the current stage; not null
   * @param haltedFrom the stage a HALTED plan stopped at (ignored unless {@code from} is HALTED)
   * @param to the stage to move to
   * @return true when the table allows the move
   */
  public static boolean isLegal(UpgradeStage from, UpgradeStage haltedFrom, UpgradeStage to) {
    return next(from, haltedFrom).contains(to);
  }

  /**
   * The stage that comes next from {@code stage} on {@code route}. Before the canary (PLANNED, MESH_CONFIG_COPIED)
   * every route goes forward: a rollback of a plan adopted from an installed canary first records it. A HALTED plan
   * resumes where it stopped, or starts its rollback; a plan halted during a rollback retries forward from the
   * canary. The end of a rollback is ROLLED_BACK on {@link Route#ROLLBACK_FULLY}, HALTED otherwise.
   *
   * @param stage the current stage of the plan
   * @param haltedFrom the stage a HALTED plan stopped at (ignored unless {@code stage} is HALTED)
   * @param route where the run is heading; not null
   * @return the next stage on {@code route}, always a legal move from {@code stage}
   * @throws IllegalStateException when nothing follows {@code stage} on {@code route} (a terminal stage)
   */
  public static UpgradeStage nextOn(UpgradeStage stage, UpgradeStage haltedFrom, Route route) {
    Objects.requireNonNull(route, "route");
    UpgradeStage pick;
    if (stage == HALTED) {
      if (route.isForward()) {
        pick = ROLLBACK_CHAIN.contains(haltedFrom) ? CANARY_STARTED : haltedFrom;
      } else {
        pick = ROLLBACKABLE.contains(haltedFrom) ? ROLLBACK_STARTED : haltedFrom;
      }
    } else if (route.isForward() || FORWARD_ORDER.indexOf(stage) >= 0 && !ROLLBACKABLE.contains(stage)) {
      int i = FORWARD_ORDER.indexOf(stage);
      pick = i < 0 || i + 1 == FORWARD_ORDER.size() ? null : FORWARD_ORDER.get(i + 1);
    } else if (ROLLBACKABLE.contains(stage)) {
      pick = ROLLBACK_STARTED;
    } else if (stage == WORKLOADS_REVERTED) {
      pick = route == Route.ROLLBACK_FULLY ? ROLLED_BACK : HALTED;
    } else {
      int i = ROLLBACK_ORDER.indexOf(stage);
      pick = i < 0 || i + 1 == ROLLBACK_ORDER.size() ? null : ROLLBACK_ORDER.get(i + 1);
    }
    if (pick == null || !isLegal(stage, haltedFrom, pick)) {
      throw new IllegalStateException("no " + route + " move from " + stage
          + (stage == HALTED ? " (halted from " + haltedFrom + ")" : "") + "; legal: " + next(stage, haltedFrom));
    }
    return pick;
  }

  /**
   * Whether a rollback may start from {@code stage} (both revisions are installed).
   *
   * @param stage the current stage of the plan
   * @return true when ROLLBACK_STARTED may follow {@code stage}
   */
  public static boolean isRollbackable(UpgradeStage stage) {
    return ROLLBACKABLE.contains(stage);
  }

  /**
   * Whether {@code stage} is in the rollback chain before its end (ROLLBACK_STARTED .. WORKLOADS_REVERTED).
   *
   * @param stage the current stage of the plan
   * @return true for ROLLBACK_STARTED, INJECTION_REVERTED and WORKLOADS_REVERTED
   */
  public static boolean isInRollbackChain(UpgradeStage stage) {
    return ROLLBACK_CHAIN.contains(stage);
  }

  /**
   * The forward stages, PLANNED first and COMPLETED last.
   *
   * @return the forward stages in order, unmodifiable
   */
  public static List<UpgradeStage> forwardOrder() {
    return FORWARD_ORDER;
  }

  /**
   * The forward stages after {@code stage}, up to {@code last} inclusive (empty when none).
   *
   * @param stage the stage to start after (exclusive)
   * @param last the last stage wanted (inclusive)
   * @return the forward stages in order, unmodifiable; empty when either is not a forward stage or {@code last} is before {@code stage}
   */
  public static List<UpgradeStage> forwardStagesAfter(UpgradeStage stage, UpgradeStage last) {
    int i = FORWARD_ORDER.indexOf(stage);
    int j = FORWARD_ORDER.indexOf(last);
    return i < 0 || j < i ? List.of() : FORWARD_ORDER.subList(i + 1, j + 1);
  }

  /**
   * The stage a plan at {@code stage} is effectively at for going forward: itself, or for HALTED the stage it halted
   * at (MESH_CONFIG_COPIED when it halted during a rollback, since going forward restarts from the canary).
   *
   * @param stage the current stage of the plan
   * @param haltedFrom the stage a HALTED plan stopped at (ignored unless {@code stage} is HALTED)
   * @return the stage going forward resumes from
   */
  public static UpgradeStage resumeStage(UpgradeStage stage, UpgradeStage haltedFrom) {
    if (stage != HALTED) {
      return stage;
    }
    return ROLLBACK_CHAIN.contains(haltedFrom) ? MESH_CONFIG_COPIED : haltedFrom;
  }
}
