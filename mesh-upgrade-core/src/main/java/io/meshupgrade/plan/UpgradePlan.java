package io.meshupgrade.plan;

import io.meshupgrade.exception.IllegalTransitionException;
import io.meshupgrade.model.ClusterId;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.UpgradeStage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The state machine of one minor upgrade ({@code from -> to}) of one cluster, following the seed procedure.
 *
 * <pre>
 * PLANNED -> MESH_CONFIG_COPIED -> CANARY_STARTED -> CONTROL_PLANES_VERIFIED -> INJECTION_SWITCHED
 *         -> WORKLOADS_RESTARTED -> HEALTH_VERIFIED -> COMPLETED
 * CANARY_STARTED..HEALTH_VERIFIED -> ROLLBACK_STARTED -> INJECTION_REVERTED -> WORKLOADS_REVERTED -> ROLLED_BACK
 * any non-terminal stage -> HALTED (reason) -> the stage it halted at (resume), ROLLBACK_STARTED (when a canary is
 *     installed), or CANARY_STARTED (retry, when halted during a rollback)
 * </pre>
 *
 * <p>COMPLETED and ROLLED_BACK are terminal: nothing follows COMPLETED, because AKS cannot roll back once the old
 * revision is removed. An illegal move throws {@link IllegalTransitionException} naming both stages. Every
 * transition records its time (from the given {@link Clock}) and details; the plan keeps its whole history.
 *
 * <p>A plan is a value: immutable and thread-safe; every transition returns a new plan. It serializes to a
 * versioned JSON checkpoint ({@link #toCheckpoint()}) and back ({@link #fromCheckpoint(String)}) exactly.
 */
public final class UpgradePlan {

  /**
   * One recorded transition.
   *
   * @param from the stage left
   * @param to the stage entered
   * @param at when
   * @param details what was done or observed (e.g. {@code namespaces=shop,web}, {@code reason=...}), sorted by key
   */
  public record Transition(UpgradeStage from, UpgradeStage to, Instant at, Map<String, String> details) {
    /**
     * Creates a {@code Transition} from its components, checking them.
     *
     * @param from the stage left
     * @param to the stage entered
     * @param at when
     * @param details what was done or observed (e.g. {@code namespaces=shop,web}, {@code reason=...}), sorted by key
     */
    public Transition {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(at, "at");
      details = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(details, "details")));
    }
  }

  /**
   * The explicit adoption of a plan saved by an older release under {@code resourceGroup/name} alone (no
   * subscription): the id it had, and when it was adopted for the cluster now in {@link #cluster()}.
   *
   * @param legacyCluster the id the plan was saved with, e.g. {@code rg1/cluster1}
   * @param at when it was adopted
   */
  public record Adoption(String legacyCluster, Instant at) {
    /**
     * Creates a {@code Adoption} from its components, checking them.
     *
     * @param legacyCluster the id the plan was saved with, e.g. {@code rg1/cluster1}
     * @param at when it was adopted
     */
    public Adoption {
      Objects.requireNonNull(legacyCluster, "legacyCluster");
      Objects.requireNonNull(at, "at");
    }
  }

  private final String planId;
  private final String cluster;
  private final Adoption adoption;
  private final Revision from;
  private final Revision to;
  private final Instant createdAt;
  private final List<Transition> history;
  private final Map<String, String> progress;

  private UpgradePlan(String planId, String cluster, Revision from, Revision to, Instant createdAt,
      List<Transition> history, Map<String, String> progress, Adoption adoption) {
    this.planId = planId;
    this.cluster = cluster;
    this.adoption = adoption;
    this.from = from;
    this.to = to;
    this.createdAt = createdAt;
    this.history = Collections.unmodifiableList(history);
    this.progress = Collections.unmodifiableMap(new TreeMap<>(progress));
  }

  /**
   * {@return a new plan in stage PLANNED}
   *
   * @param planId an identifier for reports and checkpoints (non-blank)
   * @param cluster the cluster's full ARM resource id ({@link ClusterId}), as {@link io.meshupgrade.model.ClusterMeshState#cluster()}
   * @param from the installed revision
   * @param to the target revision, higher than {@code from}
   * @param clock the time source
   */
  public static UpgradePlan create(String planId, String cluster, Revision from, Revision to, Clock clock) {
    Objects.requireNonNull(planId, "planId");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(clock, "clock");
    if (planId.isBlank()) {
      throw new IllegalArgumentException("planId must not be blank");
    }
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException(
          "an upgrade plan goes up: target " + to + " is not higher than the installed " + from);
    }
    return new UpgradePlan(planId, cluster, from, to, clock.instant(), List.of(), Map.of(), null);
  }

  /**
   * Rebuilds a plan from its recorded history, checking every transition against the table. Used by the checkpoint
   * reader; also handy in tests.
   *
   * @param planId the plan id
   * @param cluster the cluster's full ARM resource id
   * @param from the revision upgraded from
   * @param to the revision upgraded to
   * @param createdAt the created at
   * @param history the history
   * @return the upgrade plan
   * @throws IllegalTransitionException if the history contains an illegal transition
   */
  public static UpgradePlan replay(
      String planId, String cluster, Revision from, Revision to, Instant createdAt, List<Transition> history) {
    UpgradePlan plan = create(planId, cluster, from, to, Clock.fixed(createdAt, java.time.ZoneOffset.UTC));
    for (Transition t : history) {
      if (t.from() != plan.stage()) {
        throw new IllegalTransitionException(t.from(), t.to(),
            "the history is broken: the plan was in " + plan.stage() + ", not " + t.from());
      }
      plan = plan.append(t);
    }
    return plan;
  }

  /** {@return the plan's id, e.g. {@code asm-1-18-to-asm-1-19-20261126T080000Z}} */
  public String planId() {
    return planId;
  }

  /**
   * {@return the cluster the plan belongs to: its full ARM resource id (see {@link ClusterId}); a plan saved by an
   * older release may hold only {@code resourceGroup/name}, which is refused unless adopted explicitly}
   */
  public String cluster() {
    return cluster;
  }

  /** {@return whether {@link #cluster()} is a full resource id (false for plans saved by older releases)} */
  public boolean hasFullClusterId() {
    return ClusterId.isResourceId(cluster);
  }

  /** {@return the explicit adoption of this plan from an older {@code resourceGroup/name} id, if it was adopted} */
  public Optional<Adoption> adoption() {
    return Optional.ofNullable(adoption);
  }

  /**
   * {@return this plan adopted for {@code clusterId}: same stage and history, the cluster replaced, the old id and the
   * time recorded in {@link #adoption()}}
   *
   * @param clusterId the cluster id
   * @param clock the time source
   */
  public UpgradePlan adoptedBy(ClusterId clusterId, Clock clock) {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(clock, "clock");
    return new UpgradePlan(planId, clusterId.resourceId(), from, to, createdAt, history, progress,
        new Adoption(cluster, clock.instant()));
  }

  /**
   * Rebuilds the adoption record (checkpoint reader).
   *
   * @param adoption the adoption
   * @return the upgrade plan
   */
  public UpgradePlan withAdoption(Adoption adoption) {
    return new UpgradePlan(planId, cluster, from, to, createdAt, history, progress, adoption);
  }

  /** {@return the revision upgraded from} */
  public Revision from() {
    return from;
  }

  /** {@return the revision upgraded to} */
  public Revision to() {
    return to;
  }

  /** {@return when the plan was created, by the upgrader's clock} */
  public Instant createdAt() {
    return createdAt;
  }

  /** {@return every transition so far, oldest first} */
  public List<Transition> history() {
    return history;
  }

  /**
   * {@return what the step in flight (the one after the current stage) has done so far, for example the workloads it
   * already restarted, so that a run resumed after a crash repeats none of it} Every transition clears it; empty for
   * most checkpoints. Sorted by key.
   */
  public Map<String, String> progress() {
    return progress;
  }

  /**
   * {@return this plan, at the same stage, with {@code progress} recorded for the step in flight (see {@link
   * #progress()})}
   *
   * @param progress the progress
   */
  public UpgradePlan withProgress(Map<String, String> progress) {
    Objects.requireNonNull(progress, "progress");
    return new UpgradePlan(planId, cluster, from, to, createdAt, history, progress, adoption);
  }

  /** {@return the current stage} */
  public UpgradeStage stage() {
    return history.isEmpty() ? UpgradeStage.PLANNED : history.get(history.size() - 1).to();
  }

  /** {@return whether the plan is COMPLETED or ROLLED_BACK} */
  public boolean isTerminal() {
    return stage().isTerminal();
  }

  /**
   * For a HALTED plan, the stage it stopped at.
   *
   * @return the upgrade stage, if any
   */
  public Optional<UpgradeStage> haltedFrom() {
    return stage() == UpgradeStage.HALTED
        ? Optional.of(history.get(history.size() - 1).from())
        : Optional.empty();
  }

  /**
   * For a HALTED plan, why it stopped.
   *
   * @return the string, if any
   */
  public Optional<String> haltReason() {
    return stage() == UpgradeStage.HALTED
        ? Optional.of(history.get(history.size() - 1).details().getOrDefault("reason", ""))
        : Optional.empty();
  }

  /** {@return the stages this plan may move to next} */
  public Set<UpgradeStage> nextStages() {
    return TransitionTable.next(stage(), haltedFrom().orElse(null));
  }

  /**
   * {@return whether the plan may move to {@code next}}
   *
   * @param next the stage to move to
   */
  public boolean canMoveTo(UpgradeStage next) {
    return nextStages().contains(next);
  }

  /**
   * {@return whether the plan ever passed through {@code s}}
   *
   * @param s the stage
   */
  public boolean hasReached(UpgradeStage s) {
    return history.stream().anyMatch(t -> t.to() == s);
  }

  /**
   * {@return the details of the latest transition into {@code s}, if the plan ever entered it}
   *
   * @param s the stage
   */
  public Optional<Map<String, String>> detailsOf(UpgradeStage s) {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i).to() == s) {
        return Optional.of(history.get(i).details());
      }
    }
    return Optional.empty();
  }

  /**
   * Moves to {@code next}.
   *
   * @param next the stage to move to
   * @param clock the time source
   * @param details the details
   * @return the upgrade plan
   * @throws IllegalTransitionException naming both stages if the table does not allow it
   */
  public UpgradePlan moveTo(UpgradeStage next, Clock clock, Map<String, String> details) {
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(clock, "clock");
    return append(new Transition(stage(), next, clock.instant(), details));
  }

  /**
   * Moves to {@code next} without details.
   *
   * @param next the stage to move to
   * @param clock the time source
   * @return the upgrade plan
   */
  public UpgradePlan moveTo(UpgradeStage next, Clock clock) {
    return moveTo(next, clock, Map.of());
  }

  /**
   * Moves to HALTED, recording why.
   *
   * @param reason why, in words
   * @param clock the time source
   * @return the upgrade plan
   */
  public UpgradePlan halt(String reason, Clock clock) {
    Objects.requireNonNull(reason, "reason");
    return moveTo(UpgradeStage.HALTED, clock, Map.of("reason", reason));
  }

  private UpgradePlan append(Transition t) {
    UpgradeStage current = stage();
    if (!TransitionTable.isLegal(current, haltedFrom().orElse(null), t.to())) {
      throw new IllegalTransitionException(current, t.to(), current.isTerminal()
          ? current + " is terminal: nothing may follow it"
          : "legal next stages are " + nextStages());
    }
    if (!history.isEmpty() && t.at().isBefore(history.get(history.size() - 1).at())) {
      throw new IllegalArgumentException("transition time " + t.at() + " is before the previous one");
    }
    List<Transition> h = new ArrayList<>(history.size() + 1);
    h.addAll(history);
    h.add(t);
    return new UpgradePlan(planId, cluster, from, to, createdAt, h, Map.of(), adoption);
  }

  /** {@return the plan as versioned JSON text (the checkpoint)} */
  public String toCheckpoint() {
    return CheckpointCodec.write(this);
  }

  /**
   * Reads a checkpoint written by {@link #toCheckpoint()}.
   *
   * @param json the JSON text
   * @return the upgrade plan
   * @throws io.meshupgrade.exception.CheckpointException on an unknown version, a missing field, an illegal history or tampered text; never
   *     a half-built plan
   */
  public static UpgradePlan fromCheckpoint(String json) {
    return CheckpointCodec.read(json);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpgradePlan p
        && p.planId.equals(planId)
        && p.cluster.equals(cluster)
        && p.from.equals(from)
        && p.to.equals(to)
        && p.createdAt.equals(createdAt)
        && p.history.equals(history)
        && p.progress.equals(progress)
        && Objects.equals(p.adoption, adoption);
  }

  @Override
  public int hashCode() {
    return Objects.hash(planId, cluster, from, to, createdAt, history, progress, adoption);
  }

  @Override
  public String toString() {
    return "UpgradePlan[" + planId + " " + cluster + " " + from + " -> " + to + " at " + stage() + "]";
  }
}
