package io.meshupgrade.report;

import io.meshupgrade.exception.MeshUpgradeException;
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
 * {@link Builder}, and callers that only read accessors are unaffected. Build one with {@link #builder()}; derive
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
    HALTED,
    /** The run was refused before it changed anything (see {@link UpgradeReport#refusal()}). */
    REFUSED
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
  private final Optional<MeshUpgradeException> refusal;
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

  private UpgradeReport(Builder b) {
    this.outcome = Objects.requireNonNull(b.outcome, "outcome");
    this.stoppedAfter = Optional.ofNullable(b.stoppedAfter);
    this.message = Objects.requireNonNull(b.message, "message");
    this.refusal = Optional.ofNullable(b.refusal);
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

  /** A builder with no outcome, message or duration yet (required), empty lists and maps, zero counts. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this report's values (e.g. to add a warning: {@code toBuilder().addWarning(w).build()}). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.outcome = outcome;
    b.stoppedAfter = stoppedAfter.orElse(null);
    b.message = message;
    b.refusal = refusal.orElse(null);
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

  /** How the call ended. */
  public Outcome outcome() {
    return outcome;
  }

  /** The stage the run stopped after, for {@link Outcome#STOPPED_AFTER}. */
  public Optional<UpgradeStage> stoppedAfter() {
    return stoppedAfter;
  }

  /** One line: what happened and what to do next. */
  public String message() {
    return message;
  }

  /** The typed error behind {@link Outcome#REFUSED}. */
  public Optional<MeshUpgradeException> refusal() {
    return refusal;
  }

  /**
   * The revision the call aimed at (the final target of an upgrade; the removed or kept revision of a complete or
   * rollback), when known.
   */
  public Optional<Revision> target() {
    return target;
  }

  /** The installed revisions when the call started. */
  public List<Revision> revisionsBefore() {
    return revisionsBefore;
  }

  /** The installed revisions when it ended. */
  public List<Revision> revisionsAfter() {
    return revisionsAfter;
  }

  /** The plans this call moved (one per hop), in their final state, oldest first. */
  public List<UpgradePlan> plans() {
    return plans;
  }

  /** How long the work toward each stage took, in order. */
  public List<StageTiming> stageTimings() {
    return stageTimings;
  }

  /** How many namespaces were relabelled (forward and back). */
  public int namespacesRelabelled() {
    return namespacesRelabelled;
  }

  /** How many workloads were restarted (forward and back). */
  public int workloadsRestarted() {
    return workloadsRestarted;
  }

  /** The rollouts that did not succeed. */
  public List<RolloutResult> failedRollouts() {
    return failedRollouts;
  }

  /**
   * Pods per sidecar revision when the call started ("" for pods without a sidecar), in {@link Revision#NAME_ORDER}
   * ({@code asm-1-9} before {@code asm-1-10}).
   */
  public Map<String, Integer> podsBefore() {
    return podsBefore;
  }

  /** Pods per sidecar revision when it ended, in {@link Revision#NAME_ORDER}. */
  public Map<String, Integer> podsAfter() {
    return podsAfter;
  }

  /** Namespaces labelled {@code istio-injection}: AKS skips them entirely. */
  public List<String> namespacesWithIstioInjection() {
    return namespacesWithIstioInjection;
  }

  /** The reasons given for forcing past an interlock. */
  public List<String> forcedReasons() {
    return forcedReasons;
  }

  /** Things that did not stop the call but need a look (e.g. the final state check). */
  public List<String> warnings() {
    return warnings;
  }

  /** How many times a listener threw (and was ignored). */
  public int listenerFailures() {
    return listenerFailures;
  }

  /** How long the call took, by the upgrader's clock. */
  public Duration took() {
    return took;
  }

  /** Whether the call ended as intended (completed, nothing to do, or stopped where asked). */
  public boolean isSuccess() {
    return outcome == Outcome.COMPLETED || outcome == Outcome.NOTHING_TO_DO || outcome == Outcome.STOPPED_AFTER;
  }

  /** The last plan this call moved, if any. */
  public Optional<UpgradePlan> lastPlan() {
    return plans.isEmpty() ? Optional.empty() : Optional.of(plans.get(plans.size() - 1));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpgradeReport r && r.outcome == outcome && r.stoppedAfter.equals(stoppedAfter)
        && r.message.equals(message) && r.refusal.equals(refusal) && r.target.equals(target)
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
    return Objects.hash(outcome, stoppedAfter, message, refusal, target, revisionsBefore, revisionsAfter, plans,
        stageTimings, namespacesRelabelled, workloadsRestarted, failedRollouts, podsBefore, podsAfter,
        namespacesWithIstioInjection, forcedReasons, warnings, listenerFailures, took);
  }

  @Override
  public String toString() {
    return "UpgradeReport[outcome=" + outcome + ", stoppedAfter=" + stoppedAfter + ", message=" + message
        + ", refusal=" + refusal + ", target=" + target + ", revisionsBefore=" + revisionsBefore
        + ", revisionsAfter=" + revisionsAfter + ", plans=" + plans + ", stageTimings=" + stageTimings
        + ", namespacesRelabelled=" + namespacesRelabelled + ", workloadsRestarted=" + workloadsRestarted
        + ", failedRollouts=" + failedRollouts + ", podsBefore=" + podsBefore + ", podsAfter=" + podsAfter
        + ", namespacesWithIstioInjection=" + namespacesWithIstioInjection + ", forcedReasons=" + forcedReasons
        + ", warnings=" + warnings + ", listenerFailures=" + listenerFailures + ", took=" + took + "]";
  }

  /**
   * Builds an {@link UpgradeReport}. Outcome, message and duration are required; optional values take
   * {@code null} for none; lists and maps are copied (null elements throw NPE at {@link #build()}). Not
   * thread-safe.
   */
  public static final class Builder {
    private Outcome outcome;
    private UpgradeStage stoppedAfter;
    private String message;
    private MeshUpgradeException refusal;
    private Revision target;
    private List<Revision> revisionsBefore = List.of();
    private List<Revision> revisionsAfter = List.of();
    private List<UpgradePlan> plans = new ArrayList<>();
    private List<StageTiming> stageTimings = new ArrayList<>();
    private int namespacesRelabelled;
    private int workloadsRestarted;
    private List<RolloutResult> failedRollouts = new ArrayList<>();
    private Map<String, Integer> podsBefore = Map.of();
    private Map<String, Integer> podsAfter = Map.of();
    private List<String> namespacesWithIstioInjection = List.of();
    private List<String> forcedReasons = new ArrayList<>();
    private List<String> warnings = new ArrayList<>();
    private int listenerFailures;
    private Duration took;

    private Builder() {}

    /** How the call ended (required). */
    public Builder outcome(Outcome outcome) {
      this.outcome = outcome;
      return this;
    }

    /** The stage the run stopped after; {@code null} for none. */
    public Builder stoppedAfter(UpgradeStage stage) {
      this.stoppedAfter = stage;
      return this;
    }

    /** One line: what happened and what to do next (required). */
    public Builder message(String message) {
      this.message = message;
      return this;
    }

    /** The typed error behind a refusal; {@code null} for none. */
    public Builder refusal(MeshUpgradeException refusal) {
      this.refusal = refusal;
      return this;
    }

    /** The revision the call aimed at; {@code null} when unknown. */
    public Builder target(Revision target) {
      this.target = target;
      return this;
    }

    /** The installed revisions when the call started. */
    public Builder revisionsBefore(List<Revision> revisions) {
      this.revisionsBefore = copy(revisions, "revisionsBefore");
      return this;
    }

    /** The installed revisions when the call ended. */
    public Builder revisionsAfter(List<Revision> revisions) {
      this.revisionsAfter = copy(revisions, "revisionsAfter");
      return this;
    }

    /** The plans this call moved, oldest first (replaces those set so far). */
    public Builder plans(List<UpgradePlan> plans) {
      this.plans = copy(plans, "plans");
      return this;
    }

    /** How long the work toward each stage took, in order (replaces those set so far). */
    public Builder stageTimings(List<StageTiming> timings) {
      this.stageTimings = copy(timings, "stageTimings");
      return this;
    }

    /** Adds one stage timing. */
    public Builder addStageTiming(StageTiming timing) {
      this.stageTimings.add(Objects.requireNonNull(timing, "timing"));
      return this;
    }

    /** How many namespaces were relabelled. */
    public Builder namespacesRelabelled(int count) {
      this.namespacesRelabelled = count;
      return this;
    }

    /** How many workloads were restarted. */
    public Builder workloadsRestarted(int count) {
      this.workloadsRestarted = count;
      return this;
    }

    /** The rollouts that did not succeed (replaces those set so far). */
    public Builder failedRollouts(List<RolloutResult> failures) {
      this.failedRollouts = copy(failures, "failedRollouts");
      return this;
    }

    /** Pods per sidecar revision when the call started. */
    public Builder podsBefore(Map<String, Integer> pods) {
      this.podsBefore = Objects.requireNonNull(pods, "podsBefore");
      return this;
    }

    /** Pods per sidecar revision when the call ended. */
    public Builder podsAfter(Map<String, Integer> pods) {
      this.podsAfter = Objects.requireNonNull(pods, "podsAfter");
      return this;
    }

    /** Namespaces labelled {@code istio-injection}. */
    public Builder namespacesWithIstioInjection(List<String> namespaces) {
      this.namespacesWithIstioInjection = copy(namespaces, "namespacesWithIstioInjection");
      return this;
    }

    /** The reasons given for forcing past an interlock (replaces those set so far). */
    public Builder forcedReasons(List<String> reasons) {
      this.forcedReasons = copy(reasons, "forcedReasons");
      return this;
    }

    /** The warnings (replaces those set so far). */
    public Builder warnings(List<String> warnings) {
      this.warnings = copy(warnings, "warnings");
      return this;
    }

    /** Adds one warning after those set so far. */
    public Builder addWarning(String warning) {
      this.warnings.add(Objects.requireNonNull(warning, "warning"));
      return this;
    }

    /** How many times a listener threw. */
    public Builder listenerFailures(int count) {
      this.listenerFailures = count;
      return this;
    }

    /** How long the call took (required). */
    public Builder took(Duration took) {
      this.took = took;
      return this;
    }

    /**
     * The report.
     *
     * @throws NullPointerException naming the missing outcome, message or duration, or a null element
     */
    public UpgradeReport build() {
      return new UpgradeReport(this);
    }

    private static <T> List<T> copy(List<T> list, String name) {
      return new ArrayList<>(Objects.requireNonNull(list, name));
    }
  }
}
