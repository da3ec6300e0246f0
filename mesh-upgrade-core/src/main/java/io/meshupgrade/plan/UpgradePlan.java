package io.meshupgrade.plan;

import io.meshupgrade.exception.IllegalTransitionException;
import io.meshupgrade.model.ClusterId;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.UpgradeStage;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The state machine of one minor upgrade ({@code from -> to}) of one cluster, following the seed procedure; its
 * legal moves are the {@link TransitionTable}. COMPLETED and ROLLED_BACK are terminal: nothing follows COMPLETED,
 * because AKS cannot roll back once the old revision is removed. Every transition records its time and details
 * (typed in {@link #details()}); the plan keeps its whole history.
 *
 * <p>A plan is a value: immutable and thread-safe. The upgrader moves it; users read it, or build one (for a test
 * or a tool) with {@link #builder} or {@link #toBuilder()}, which check every transition against the table (an
 * illegal one throws {@link IllegalTransitionException} naming both stages). It serializes to a versioned JSON
 * checkpoint ({@link #toCheckpoint()}) and back ({@link #fromCheckpoint(String)}) exactly.
 */
public final class UpgradePlan {

  /**
   * One recorded transition.
   *
   * @param from the stage left
   * @param to the stage entered
   * @param at when
   * @param details what was done or observed, as the checkpoint records it (read it typed with
   *     {@link UpgradePlan#details()}), sorted by key
   */
  public record Transition(UpgradeStage from, UpgradeStage to, Instant at, Map<String, String> details) {
    /**
     * Checks for nulls and copies the details, sorted by key.
     *
     * @param from the stage left; not null
     * @param to the stage entered; not null
     * @param at when; not null
     * @param details what was done or observed; not null, empty when nothing was recorded
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
     * Checks for nulls.
     *
     * @param legacyCluster the id the plan was saved with, e.g. {@code rg1/cluster1}; not null
     * @param at when it was adopted; not null
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

  UpgradePlan(String planId, String cluster, Revision from, Revision to, Instant createdAt,
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
   * A new plan in stage PLANNED.
   *
   * @param planId an identifier for reports and checkpoints (non-blank)
   * @param cluster the cluster's full ARM resource id ({@link ClusterId}), as {@link io.meshupgrade.model.ClusterMeshState#cluster()}
   * @param from the installed revision
   * @param to the target revision, higher than {@code from}
   * @param clock the time source
   * @return the new plan, created now by {@code clock}, with an empty history
   * @throws IllegalArgumentException on a blank plan id or a target not above {@code from}
   */
  public static UpgradePlan create(String planId, String cluster, Revision from, Revision to, Clock clock) {
    return builder(planId, cluster, from, to, Objects.requireNonNull(clock, "clock").instant()).build();
  }

  /**
   * Rebuilds a plan from its recorded history, checking every transition against the table.
   *
   * @param planId an identifier for reports and checkpoints (non-blank)
   * @param cluster the cluster's full ARM resource id ({@link ClusterId}), as {@link io.meshupgrade.model.ClusterMeshState#cluster()}
   * @param from the installed revision
   * @param to the target revision, higher than {@code from}
   * @param createdAt when the plan was created
   * @param history the recorded transitions, oldest first; empty for a plan still PLANNED
   * @return the plan at the stage its history ends in
   * @throws IllegalTransitionException if the history contains an illegal transition
   */
  public static UpgradePlan replay(
      String planId, String cluster, Revision from, Revision to, Instant createdAt, List<Transition> history) {
    UpgradePlanBuilder b = builder(planId, cluster, from, to, createdAt);
    Objects.requireNonNull(history, "history").forEach(b::append);
    return b.build();
  }

  /**
   * A builder for a plan with this identity, in stage PLANNED until transitions are added (see
   * {@link UpgradePlanBuilder}).
   *
   * @param planId an identifier for reports and checkpoints (non-blank)
   * @param cluster the cluster's full ARM resource id ({@link ClusterId}), as {@link io.meshupgrade.model.ClusterMeshState#cluster()}
   * @param from the installed revision
   * @param to the target revision, higher than {@code from}
   * @param createdAt when the plan was created
   * @return a new builder for that plan
   */
  public static UpgradePlanBuilder builder(String planId, String cluster, Revision from, Revision to,
      Instant createdAt) {
    return new UpgradePlanBuilder(planId, cluster, from, to, createdAt);
  }

  /**
   * A builder holding everything of this plan, to add transitions or progress to a copy.
   *
   * @return a new builder with this plan's identity, history, progress and adoption
   */
  public UpgradePlanBuilder toBuilder() {
    return new UpgradePlanBuilder(this);
  }

  /**
   * What the steps did and observed, typed.
   *
   * @return the typed view of this plan's recorded details
   */
  public PlanDetails details() {
    return new PlanDetails(this);
  }

  /**
   * The plan's id, e.g. {@code asm-1-18-to-asm-1-19-20261126T080000Z}.
   *
   * @return the plan id; never blank
   */
  public String planId() {
    return planId;
  }

  /**
   * The cluster the plan belongs to: its full ARM resource id (see {@link ClusterId}); a plan saved by an older
   * release may hold only {@code resourceGroup/name}, which is refused unless adopted explicitly.
   *
   * @return the cluster's id as saved in the plan; never null
   */
  public String cluster() {
    return cluster;
  }

  /**
   * Whether {@link #cluster()} is a full resource id (false for plans saved by older releases).
   *
   * @return true when {@link #cluster()} is a full ARM resource id
   */
  public boolean hasFullClusterId() {
    return ClusterId.isResourceId(cluster);
  }

  /**
   * The explicit adoption of this plan from an older {@code resourceGroup/name} id, if it was adopted.
   *
   * @return the adoption; empty when the plan was not adopted
   */
  public Optional<Adoption> adoption() {
    return Optional.ofNullable(adoption);
  }

  /** Rebuilds the adoption record (checkpoint reader). */
  UpgradePlan withAdoption(Adoption adoption) {
    return new UpgradePlan(planId, cluster, from, to, createdAt, history, progress, adoption);
  }

  /**
   * The revision upgraded from.
   *
   * @return the installed revision the plan started from
   */
  public Revision from() {
    return from;
  }

  /**
   * The revision upgraded to.
   *
   * @return the target revision, higher than {@link #from()}
   */
  public Revision to() {
    return to;
  }

  /**
   * When the plan was created, by the upgrader's clock.
   *
   * @return the creation instant
   */
  public Instant createdAt() {
    return createdAt;
  }

  /**
   * Every transition so far, oldest first.
   *
   * @return the history, unmodifiable; empty while the plan is PLANNED
   */
  public List<Transition> history() {
    return history;
  }

  /**
   * What the step in flight (the one after the current stage) has done so far, for example the workloads it already
   * restarted, so that a run resumed after a crash repeats none of it. Every transition clears it; empty for most
   * checkpoints. Sorted by key.
   *
   * @return the progress of the step in flight, key to value, unmodifiable; empty when nothing was recorded
   */
  public Map<String, String> progress() {
    return progress;
  }

  /** This plan, at the same stage, with {@code progress} recorded for the step in flight (see {@link #progress()}). */
  UpgradePlan withProgress(Map<String, String> progress) {
    Objects.requireNonNull(progress, "progress");
    return new UpgradePlan(planId, cluster, from, to, createdAt, history, progress, adoption);
  }

  /**
   * The current stage.
   *
   * @return the stage of the last transition; PLANNED when there is none
   */
  public UpgradeStage stage() {
    return history.isEmpty() ? UpgradeStage.PLANNED : history.get(history.size() - 1).to();
  }

  /**
   * Whether the plan is COMPLETED or ROLLED_BACK.
   *
   * @return true when the plan is at a terminal stage
   */
  public boolean isTerminal() {
    return stage().isTerminal();
  }

  /**
   * For a HALTED plan, the stage it stopped at.
   *
   * @return the stage the plan halted from; empty when the plan is not HALTED
   */
  public Optional<UpgradeStage> haltedFrom() {
    return stage() == UpgradeStage.HALTED
        ? Optional.of(history.get(history.size() - 1).from())
        : Optional.empty();
  }

  /**
   * For a HALTED plan, why it stopped.
   *
   * @return the halt reason ("" when none was recorded); empty when the plan is not HALTED
   */
  public Optional<String> haltReason() {
    return stage() == UpgradeStage.HALTED
        ? Optional.of(history.get(history.size() - 1).details().getOrDefault("reason", ""))
        : Optional.empty();
  }

  /**
   * The stages this plan may move to next.
   *
   * @return the legal next stages, unmodifiable; empty for a terminal plan
   */
  public Set<UpgradeStage> nextStages() {
    return TransitionTable.next(stage(), haltedFrom().orElse(null));
  }

  /**
   * Whether the plan may move to {@code next}.
   *
   * @param next the stage to move to
   * @return true when the transition table allows the move from the current stage
   */
  public boolean canMoveTo(UpgradeStage next) {
    return nextStages().contains(next);
  }

  /**
   * Whether the plan ever passed through {@code s}.
   *
   * @param s the stage looked for
   * @return true when some transition entered {@code s}
   */
  public boolean hasReached(UpgradeStage s) {
    return history.stream().anyMatch(t -> t.to() == s);
  }

  /** The details of the latest transition into {@code s}, if the plan ever entered it. */
  Optional<Map<String, String>> detailsOf(UpgradeStage s) {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i).to() == s) {
        return Optional.of(history.get(i).details());
      }
    }
    return Optional.empty();
  }

  /** Moves to {@code next}; throws IllegalTransitionException naming both stages if the table does not allow it. */
  UpgradePlan moveTo(UpgradeStage next, Clock clock, Map<String, String> details) {
    return toBuilder().transition(next, Objects.requireNonNull(clock, "clock").instant(), details).build();
  }

  /** Moves to {@code next} without details. */
  UpgradePlan moveTo(UpgradeStage next, Clock clock) {
    return moveTo(next, clock, Map.of());
  }

  /** Moves to HALTED, recording why. */
  UpgradePlan halt(String reason, Clock clock) {
    return toBuilder().halt(reason, Objects.requireNonNull(clock, "clock").instant()).build();
  }

  /**
   * The plan as versioned JSON text (the checkpoint).
   *
   * @return the checkpoint text, read back exactly by {@link #fromCheckpoint(String)}
   */
  public String toCheckpoint() {
    return CheckpointCodec.write(this);
  }

  /**
   * Reads a checkpoint written by {@link #toCheckpoint()}.
   *
   * @param json the checkpoint text
   * @return the plan the checkpoint holds
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
