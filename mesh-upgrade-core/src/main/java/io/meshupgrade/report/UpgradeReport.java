package io.meshupgrade.report;

import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.plan.UpgradePlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link io.meshupgrade.MeshUpgrader} call did: its outcome, the timings of each stage, the counts and
 * everything a person needs to decide what to do next. Immutable and thread-safe.
 *
 * <p>A final class rather than a record so that it can grow: a field added later gets a default in the
 * {@link UpgradeReportBuilder}, and callers that only read accessors are unaffected. Build one with {@link #builder()}; derive
 * one with {@link #toBuilder()}.
 */
public final class UpgradeReport {

  /** How a call ended. */
  public enum Outcome {
    /** The target is installed alone; the old revision is gone. */
    COMPLETED,
    /** The target already was the only installed revision. */
    NOTHING_TO_DO,
    /** The run stopped, as asked, after {@link UpgradeReport#stoppedAfter()}; call again to go on. */
    STOPPED_AFTER,
    /** The new revision was removed; everything runs the old one again. */
    ROLLED_BACK,
    /** The run halted with a reason (see the message); both control planes are kept; safe to retry. */
    HALTED
  }

  /**
   * How long the work toward one stage of one hop took.
   *
   * @param from the hop's old revision
   * @param to the hop's new revision
   * @param stage the stage entered
   * @param took how long it took
   */
  public record StageTiming(Revision from, Revision to, UpgradeStage stage, Duration took) {
    /**
     * Creates a {@code StageTiming} from its components, checking them.
     *
     * @param from the hop's old revision
     * @param to the hop's new revision
     * @param stage the stage entered
     * @param took how long it took
     */
    public StageTiming {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(took, "took");
    }
  }

  private final Outcome outcome;
  private final Optional<UpgradeStage> stoppedAfter;
  private final String message;
  private final Optional<Revision> target;
  private final List<Revision> revisionsBefore;
  private final List<Revision> revisionsAfter;
  private final List<UpgradePlan> plans;
  private final List<StageTiming> stageTimings;
  private final int namespacesRelabelled;
  private final int workloadsRestarted;
  private final List<RolloutResult> failedRollouts;
  private final Map<String, Integer> podsBefore;
  private final Map<String, Integer> podsAfter;
  private final List<String> namespacesWithIstioInjection;
  private final List<String> forcedReasons;
  private final List<String> warnings;
  private final int listenerFailures;
  private final Duration took;

  UpgradeReport(UpgradeReportBuilder b) {
    this.outcome = Objects.requireNonNull(b.outcome, "outcome");
    this.stoppedAfter = Optional.ofNullable(b.stoppedAfter);
    this.message = Objects.requireNonNull(b.message, "message");
    this.target = Optional.ofNullable(b.target);
    this.revisionsBefore = List.copyOf(b.revisionsBefore);
    this.revisionsAfter = List.copyOf(b.revisionsAfter);
    this.plans = List.copyOf(b.plans);
    this.stageTimings = List.copyOf(b.stageTimings);
    this.namespacesRelabelled = b.namespacesRelabelled;
    this.workloadsRestarted = b.workloadsRestarted;
    this.failedRollouts = List.copyOf(b.failedRollouts);
    this.podsBefore = SortedMaps.copyOf(b.podsBefore, Revision.NAME_ORDER, "podsBefore");
    this.podsAfter = SortedMaps.copyOf(b.podsAfter, Revision.NAME_ORDER, "podsAfter");
    this.namespacesWithIstioInjection = List.copyOf(b.namespacesWithIstioInjection);
    this.forcedReasons = List.copyOf(b.forcedReasons);
    this.warnings = List.copyOf(b.warnings);
    this.listenerFailures = b.listenerFailures;
    this.took = Objects.requireNonNull(b.took, "took");
  }

  /** {@return a builder with no outcome, message or duration yet (required), empty lists and maps, zero counts} */
  public static UpgradeReportBuilder builder() {
    return new UpgradeReportBuilder();
  }

  /**
   * {@return a builder holding this report's values (e.g. to add a warning: {@code toBuilder().addWarning(w).build()})}
   */
  public UpgradeReportBuilder toBuilder() {
    UpgradeReportBuilder b = new UpgradeReportBuilder();
    b.outcome = outcome;
    b.stoppedAfter = stoppedAfter.orElse(null);
    b.message = message;
    b.target = target.orElse(null);
    b.revisionsBefore = revisionsBefore;
    b.revisionsAfter = revisionsAfter;
    b.plans = new ArrayList<>(plans);
    b.stageTimings = new ArrayList<>(stageTimings);
    b.namespacesRelabelled = namespacesRelabelled;
    b.workloadsRestarted = workloadsRestarted;
    b.failedRollouts = new ArrayList<>(failedRollouts);
    b.podsBefore = podsBefore;
    b.podsAfter = podsAfter;
    b.namespacesWithIstioInjection = namespacesWithIstioInjection;
    b.forcedReasons = new ArrayList<>(forcedReasons);
    b.warnings = new ArrayList<>(warnings);
    b.listenerFailures = listenerFailures;
    b.took = took;
    return b;
  }

  /** {@return how the call ended} */
  public Outcome outcome() {
    return outcome;
  }

  /** {@return the stage the run stopped after, for {@link Outcome#STOPPED_AFTER}; empty for any other outcome} */
  public Optional<UpgradeStage> stoppedAfter() {
    return stoppedAfter;
  }

  /** {@return one line: what happened and what to do next} */
  public String message() {
    return message;
  }

  /**
   * The revision the call aimed at (the final target of an upgrade; the removed or kept revision of a complete or
   * rollback), when known.
   *
   * @return the revision the call aimed at; empty when not known
   */
  public Optional<Revision> target() {
    return target;
  }

  /** {@return the installed revisions when the call started} */
  public List<Revision> revisionsBefore() {
    return revisionsBefore;
  }

  /** {@return the installed revisions when it ended} */
  public List<Revision> revisionsAfter() {
    return revisionsAfter;
  }

  /** {@return the plans this call moved (one per hop), in their final state, oldest first} */
  public List<UpgradePlan> plans() {
    return plans;
  }

  /** {@return how long the work toward each stage took, in order} */
  public List<StageTiming> stageTimings() {
    return stageTimings;
  }

  /** {@return how many namespaces were relabelled (forward and back)} */
  public int namespacesRelabelled() {
    return namespacesRelabelled;
  }

  /** {@return how many workloads were restarted (forward and back)} */
  public int workloadsRestarted() {
    return workloadsRestarted;
  }

  /** {@return the rollouts that did not succeed} */
  public List<RolloutResult> failedRollouts() {
    return failedRollouts;
  }

  /**
   * Pods per sidecar revision when the call started ("" for pods without a sidecar), in {@link Revision#NAME_ORDER}
   * ({@code asm-1-9} before {@code asm-1-10}).
   *
   * @return the number of pods per sidecar revision name when the call started, unmodifiable
   */
  public Map<String, Integer> podsBefore() {
    return podsBefore;
  }

  /** {@return the number of pods per sidecar revision when it ended, in {@link Revision#NAME_ORDER}} */
  public Map<String, Integer> podsAfter() {
    return podsAfter;
  }

  /** {@return the namespaces labelled {@code istio-injection}: AKS skips them entirely} */
  public List<String> namespacesWithIstioInjection() {
    return namespacesWithIstioInjection;
  }

  /** {@return the reasons given for forcing past an interlock} */
  public List<String> forcedReasons() {
    return forcedReasons;
  }

  /** {@return things that did not stop the call but need a look (e.g. the final state check)} */
  public List<String> warnings() {
    return warnings;
  }

  /** {@return how many times a listener threw (and was ignored)} */
  public int listenerFailures() {
    return listenerFailures;
  }

  /** {@return how long the call took, by the upgrader's clock} */
  public Duration took() {
    return took;
  }

  /** {@return whether the call ended as intended (completed, nothing to do, or stopped where asked)} */
  public boolean isSuccess() {
    return outcome == Outcome.COMPLETED || outcome == Outcome.NOTHING_TO_DO || outcome == Outcome.STOPPED_AFTER;
  }

  /** {@return the last plan this call moved, if any} */
  public Optional<UpgradePlan> lastPlan() {
    return plans.isEmpty() ? Optional.empty() : Optional.of(plans.get(plans.size() - 1));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpgradeReport r && r.outcome == outcome && r.stoppedAfter.equals(stoppedAfter)
        && r.message.equals(message) && r.target.equals(target)
        && r.revisionsBefore.equals(revisionsBefore) && r.revisionsAfter.equals(revisionsAfter)
        && r.plans.equals(plans) && r.stageTimings.equals(stageTimings)
        && r.namespacesRelabelled == namespacesRelabelled && r.workloadsRestarted == workloadsRestarted
        && r.failedRollouts.equals(failedRollouts) && r.podsBefore.equals(podsBefore)
        && r.podsAfter.equals(podsAfter) && r.namespacesWithIstioInjection.equals(namespacesWithIstioInjection)
        && r.forcedReasons.equals(forcedReasons) && r.warnings.equals(warnings)
        && r.listenerFailures == listenerFailures && r.took.equals(took);
  }

  @Override
  public int hashCode() {
    return Objects.hash(outcome, stoppedAfter, message, target, revisionsBefore, revisionsAfter, plans,
        stageTimings, namespacesRelabelled, workloadsRestarted, failedRollouts, podsBefore, podsAfter,
        namespacesWithIstioInjection, forcedReasons, warnings, listenerFailures, took);
  }

  @Override
  public String toString() {
    return "UpgradeReport[outcome=" + outcome + ", stoppedAfter=" + stoppedAfter + ", message=" + message
        + ", target=" + target + ", revisionsBefore=" + revisionsBefore
        + ", revisionsAfter=" + revisionsAfter + ", plans=" + plans + ", stageTimings=" + stageTimings
        + ", namespacesRelabelled=" + namespacesRelabelled + ", workloadsRestarted=" + workloadsRestarted
        + ", failedRollouts=" + failedRollouts + ", podsBefore=" + podsBefore + ", podsAfter=" + podsAfter
        + ", namespacesWithIstioInjection=" + namespacesWithIstioInjection + ", forcedReasons=" + forcedReasons
        + ", warnings=" + warnings + ", listenerFailures=" + listenerFailures + ", took=" + took + "]";
  }
}
