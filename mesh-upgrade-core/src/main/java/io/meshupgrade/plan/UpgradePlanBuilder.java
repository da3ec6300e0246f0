package io.meshupgrade.plan;

import io.meshupgrade.exception.IllegalTransitionException;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.UpgradeStage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds an {@link UpgradePlan} (for a test, a tool, or the upgrader itself) from its identity, its transitions and
 * the progress of the step in flight; {@link #build()} checks every transition against the {@link TransitionTable}.
 * Get one from {@link UpgradePlan#builder} or {@link UpgradePlan#toBuilder()}. Not thread-safe.
 */
public final class UpgradePlanBuilder {

  private final String planId;
  private String cluster;
  private final Revision from;
  private final Revision to;
  private final Instant createdAt;
  private final List<UpgradePlan.Transition> history = new ArrayList<>();
  private Map<String, String> progress = Map.of();
  private UpgradePlan.Adoption adoption;

  UpgradePlanBuilder(String planId, String cluster, Revision from, Revision to, Instant createdAt) {
    this.planId = Objects.requireNonNull(planId, "planId");
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.from = Objects.requireNonNull(from, "from");
    this.to = Objects.requireNonNull(to, "to");
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
  }

  UpgradePlanBuilder(UpgradePlan plan) {
    this(plan.planId(), plan.cluster(), plan.from(), plan.to(), plan.createdAt());
    history.addAll(plan.history());
    progress = plan.progress();
    adoption = plan.adoption().orElse(null);
  }

  private UpgradeStage stage() {
    return history.isEmpty() ? UpgradeStage.PLANNED : history.get(history.size() - 1).to();
  }

  /**
   * Appends the move from the current stage to {@code next} at {@code at}, with {@code details} (the checkpoint's
   * text form); clears the progress of the step in flight, as every transition does.
   *
   * @param next the stage moved to; not null
   * @param at when the move happened
   * @param details what the step did, key to value; empty when nothing to record
   * @return this builder
   */
  public UpgradePlanBuilder transition(UpgradeStage next, Instant at, Map<String, String> details) {
    return append(new UpgradePlan.Transition(stage(), Objects.requireNonNull(next, "next"), at, details));
  }

  /** Appends {@code t}, which must start at the current stage; {@link #build()} checks it against the table. */
  UpgradePlanBuilder append(UpgradePlan.Transition t) {
    history.add(t);
    progress = Map.of();
    return this;
  }

  /**
   * Appends the move to HALTED at {@code at}, recording {@code reason}.
   *
   * @param reason why the plan halted; not null
   * @param at when it halted
   * @return this builder
   */
  public UpgradePlanBuilder halt(String reason, Instant at) {
    return transition(UpgradeStage.HALTED, at, Map.of("reason", Objects.requireNonNull(reason, "reason")));
  }

  /**
   * Sets what the step in flight has done so far (see {@link UpgradePlan#progress()}).
   *
   * @param progress the step's progress, key to value (copied); empty when nothing was done yet
   * @return this builder
   */
  public UpgradePlanBuilder progress(Map<String, String> progress) {
    this.progress = Map.copyOf(Objects.requireNonNull(progress, "progress"));
    return this;
  }

  /**
   * Records the explicit adoption of a plan saved under a legacy {@code resourceGroup/name} id: the cluster becomes
   * {@code cluster}, the adoption keeps the id the plan had.
   *
   * @param cluster the cluster's full ARM resource id, which the plan now belongs to; not null
   * @param at when the plan was adopted
   * @return this builder
   */
  public UpgradePlanBuilder adoptedFor(String cluster, Instant at) {
    Objects.requireNonNull(cluster, "cluster");
    this.adoption = new UpgradePlan.Adoption(this.cluster, at);
    this.cluster = cluster;
    return this;
  }

  /**
   * The plan.
   *
   * @return a new immutable plan with this builder's identity, history, progress and adoption
   * @throws io.meshupgrade.exception.IllegalTransitionException naming both stages of an illegal transition
   * @throws IllegalArgumentException on a blank plan id, a target not above {@code from}, or times going back
   */
  public UpgradePlan build() {
    if (planId.isBlank()) {
      throw new IllegalArgumentException("planId must not be blank");
    }
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException(
          "an upgrade plan goes up: target " + to + " is not higher than the installed " + from);
    }
    UpgradeStage stage = UpgradeStage.PLANNED;
    UpgradeStage haltedFrom = null;
    Instant last = null;
    for (UpgradePlan.Transition t : history) {
      if (t.from() != stage) {
        throw new IllegalTransitionException(t.from(), t.to(),
            "the history is broken: the plan was in " + stage + ", not " + t.from());
      }
      if (!TransitionTable.isLegal(stage, haltedFrom, t.to())) {
        throw new IllegalTransitionException(stage, t.to(), stage.isTerminal()
            ? stage + " is terminal: nothing may follow it"
            : "legal next stages are " + TransitionTable.next(stage, haltedFrom));
      }
      if (last != null && t.at().isBefore(last)) {
        throw new IllegalArgumentException("transition time " + t.at() + " is before the previous one");
      }
      haltedFrom = t.to() == UpgradeStage.HALTED ? t.from() : null;
      stage = t.to();
      last = t.at();
    }
    return new UpgradePlan(planId, cluster, from, to, createdAt, List.copyOf(history), progress, adoption);
  }
}
