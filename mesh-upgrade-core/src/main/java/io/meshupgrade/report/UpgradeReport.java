package io.meshupgrade.report;

import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.plan.UpgradePlan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link io.meshupgrade.MeshUpgrader} call did: its outcome, the timings of each stage, the counts and everything a
 * person needs to decide what to do next. Immutable and thread-safe.
 *
 * @param outcome how the call ended
 * @param stoppedAfter the stage the run stopped after, for {@link Outcome#STOPPED_AFTER}
 * @param message one line: what happened and what to do next
 * @param refusal the typed error behind {@link Outcome#REFUSED}
 * @param target the revision the call aimed at (the final target of an upgrade; the removed or kept revision of a
 *     complete or rollback), when known
 * @param revisionsBefore the installed revisions when the call started
 * @param revisionsAfter the installed revisions when it ended
 * @param plans the plans this call moved (one per hop), in their final state, oldest first
 * @param stageTimings how long the work toward each stage took, in order
 * @param namespacesRelabelled how many namespaces were relabelled (forward and back)
 * @param workloadsRestarted how many workloads were restarted (forward and back)
 * @param failedRollouts the rollouts that did not succeed
 * @param podsBefore pods per sidecar revision when the call started ("" for pods without a sidecar), in
 *     {@link Revision#NAME_ORDER} ({@code asm-1-9} before {@code asm-1-10})
 * @param podsAfter pods per sidecar revision when it ended, in {@link Revision#NAME_ORDER}
 * @param namespacesWithIstioInjection namespaces labelled {@code istio-injection}: AKS skips them entirely
 * @param forcedReasons the reasons given for forcing past an interlock
 * @param warnings things that did not stop the call but need a look (e.g. the final state check)
 * @param listenerFailures how many times a listener threw (and was ignored)
 * @param took how long the call took, by the upgrader's clock
 */
public record UpgradeReport(
    Outcome outcome,
    Optional<UpgradeStage> stoppedAfter,
    String message,
    Optional<MeshUpgradeException> refusal,
    Optional<Revision> target,
    List<Revision> revisionsBefore,
    List<Revision> revisionsAfter,
    List<UpgradePlan> plans,
    List<StageTiming> stageTimings,
    int namespacesRelabelled,
    int workloadsRestarted,
    List<RolloutResult> failedRollouts,
    Map<String, Integer> podsBefore,
    Map<String, Integer> podsAfter,
    List<String> namespacesWithIstioInjection,
    List<String> forcedReasons,
    List<String> warnings,
    int listenerFailures,
    Duration took) {

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

  /**
   * Creates a {@code UpgradeReport} from its components, checking them.
   *
   * @param took how long it took
   * @param outcome the outcome
   * @param stoppedAfter the stopped after
   * @param message the message
   * @param refusal the refusal
   * @param target the target
   * @param revisionsBefore the revisions before
   * @param revisionsAfter the revisions after
   * @param plans the plans
   * @param stageTimings the stage timings
   * @param namespacesRelabelled the namespaces relabelled
   * @param workloadsRestarted the workloads restarted
   * @param failedRollouts the failed rollouts
   * @param podsBefore the pods before
   * @param podsAfter the pods after
   * @param namespacesWithIstioInjection the namespaces with istio injection
   * @param forcedReasons the forced reasons
   * @param warnings the warnings
   * @param listenerFailures the listener failures
   */
  public UpgradeReport {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(stoppedAfter, "stoppedAfter");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(refusal, "refusal");
    Objects.requireNonNull(target, "target");
    revisionsBefore = List.copyOf(revisionsBefore);
    revisionsAfter = List.copyOf(revisionsAfter);
    plans = List.copyOf(plans);
    stageTimings = List.copyOf(stageTimings);
    failedRollouts = List.copyOf(failedRollouts);
    podsBefore = SortedMaps.copyOf(podsBefore, Revision.NAME_ORDER, "podsBefore");
    podsAfter = SortedMaps.copyOf(podsAfter, Revision.NAME_ORDER, "podsAfter");
    namespacesWithIstioInjection = List.copyOf(namespacesWithIstioInjection);
    forcedReasons = List.copyOf(forcedReasons);
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(took, "took");
  }

  /** {@return whether the call ended as intended (completed, nothing to do, or stopped where asked)} */
  public boolean isSuccess() {
    return outcome == Outcome.COMPLETED || outcome == Outcome.NOTHING_TO_DO || outcome == Outcome.STOPPED_AFTER;
  }

  /** {@return the last plan this call moved, if any} */
  public Optional<UpgradePlan> lastPlan() {
    return plans.isEmpty() ? Optional.empty() : Optional.of(plans.get(plans.size() - 1));
  }
}
