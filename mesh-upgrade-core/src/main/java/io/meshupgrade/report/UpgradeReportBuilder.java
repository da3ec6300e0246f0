package io.meshupgrade.report;

import io.meshupgrade.report.UpgradeReport.Outcome;
import io.meshupgrade.report.UpgradeReport.StageTiming;

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
 * Builds an {@link UpgradeReport}. Outcome, message and duration are required; optional values take
 * {@code null} for none; lists and maps are copied (null elements throw NPE at {@link #build()}). Not
 * thread-safe.
 */
public final class UpgradeReportBuilder {
  Outcome outcome;
  UpgradeStage stoppedAfter;
  String message;
  Revision target;
  List<Revision> revisionsBefore = List.of();
  List<Revision> revisionsAfter = List.of();
  List<UpgradePlan> plans = new ArrayList<>();
  List<StageTiming> stageTimings = new ArrayList<>();
  int namespacesRelabelled;
  int workloadsRestarted;
  List<RolloutResult> failedRollouts = new ArrayList<>();
  Map<String, Integer> podsBefore = Map.of();
  Map<String, Integer> podsAfter = Map.of();
  List<String> namespacesWithIstioInjection = List.of();
  List<String> forcedReasons = new ArrayList<>();
  List<String> warnings = new ArrayList<>();
  int listenerFailures;
  Duration took;

  UpgradeReportBuilder() {}

  /**
   * How the call ended (required).
   *
   * @param outcome how the call ended (required)
   * @return this builder
   */
  public UpgradeReportBuilder outcome(Outcome outcome) {
    this.outcome = outcome;
    return this;
  }

  /**
   * The stage the run stopped after; {@code null} for none.
   *
   * @param stage the stage the run stopped after; {@code null} for none
   * @return this builder
   */
  public UpgradeReportBuilder stoppedAfter(UpgradeStage stage) {
    this.stoppedAfter = stage;
    return this;
  }

  /**
   * One line: what happened and what to do next (required).
   *
   * @param message one line: what happened and what to do next (required)
   * @return this builder
   */
  public UpgradeReportBuilder message(String message) {
    this.message = message;
    return this;
  }

  /**
   * The revision the call aimed at; {@code null} when unknown.
   *
   * @param target the revision the call aimed at; {@code null} when unknown
   * @return this builder
   */
  public UpgradeReportBuilder target(Revision target) {
    this.target = target;
    return this;
  }

  /**
   * The installed revisions when the call started.
   *
   * @param revisions the installed revisions when the call started
   * @return this builder
   */
  public UpgradeReportBuilder revisionsBefore(List<Revision> revisions) {
    this.revisionsBefore = copy(revisions, "revisionsBefore");
    return this;
  }

  /**
   * The installed revisions when the call ended.
   *
   * @param revisions the installed revisions when the call ended
   * @return this builder
   */
  public UpgradeReportBuilder revisionsAfter(List<Revision> revisions) {
    this.revisionsAfter = copy(revisions, "revisionsAfter");
    return this;
  }

  /**
   * The plans this call moved, oldest first (replaces those set so far).
   *
   * @param plans the plans this call moved, oldest first (replaces those set so far)
   * @return this builder
   */
  public UpgradeReportBuilder plans(List<UpgradePlan> plans) {
    this.plans = copy(plans, "plans");
    return this;
  }

  /**
   * How long the work toward each stage took, in order (replaces those set so far).
   *
   * @param timings how long the work toward each stage took, in order (replaces those set so far)
   * @return this builder
   */
  public UpgradeReportBuilder stageTimings(List<StageTiming> timings) {
    this.stageTimings = copy(timings, "stageTimings");
    return this;
  }

  /**
   * Adds one stage timing.
   *
   * @param timing the timing of one stage (not null)
   * @return this builder
   */
  public UpgradeReportBuilder addStageTiming(StageTiming timing) {
    this.stageTimings.add(Objects.requireNonNull(timing, "timing"));
    return this;
  }

  /**
   * How many namespaces were relabelled.
   *
   * @param count how many namespaces were relabelled, zero or more
   * @return this builder
   */
  public UpgradeReportBuilder namespacesRelabelled(int count) {
    this.namespacesRelabelled = count;
    return this;
  }

  /**
   * How many workloads were restarted.
   *
   * @param count how many workloads were restarted, zero or more
   * @return this builder
   */
  public UpgradeReportBuilder workloadsRestarted(int count) {
    this.workloadsRestarted = count;
    return this;
  }

  /**
   * The rollouts that did not succeed (replaces those set so far).
   *
   * @param failures the rollouts that did not succeed (replaces those set so far)
   * @return this builder
   */
  public UpgradeReportBuilder failedRollouts(List<RolloutResult> failures) {
    this.failedRollouts = copy(failures, "failedRollouts");
    return this;
  }

  /**
   * Pods per sidecar revision when the call started.
   *
   * @param pods the number of pods per sidecar revision name when the call started, "" for pods without a sidecar
   *     (copied; not null)
   * @return this builder
   */
  public UpgradeReportBuilder podsBefore(Map<String, Integer> pods) {
    this.podsBefore = Objects.requireNonNull(pods, "podsBefore");
    return this;
  }

  /**
   * Pods per sidecar revision when the call ended.
   *
   * @param pods the number of pods per sidecar revision name when the call ended, "" for pods without a sidecar
   *     (copied; not null)
   * @return this builder
   */
  public UpgradeReportBuilder podsAfter(Map<String, Integer> pods) {
    this.podsAfter = Objects.requireNonNull(pods, "podsAfter");
    return this;
  }

  /**
   * Namespaces labelled {@code istio-injection}.
   *
   * @param namespaces the namespaces labelled {@code istio-injection}
   * @return this builder
   */
  public UpgradeReportBuilder namespacesWithIstioInjection(List<String> namespaces) {
    this.namespacesWithIstioInjection = copy(namespaces, "namespacesWithIstioInjection");
    return this;
  }

  /**
   * The reasons given for forcing past an interlock (replaces those set so far).
   *
   * @param reasons the reasons given for forcing past an interlock (replaces those set so far)
   * @return this builder
   */
  public UpgradeReportBuilder forcedReasons(List<String> reasons) {
    this.forcedReasons = copy(reasons, "forcedReasons");
    return this;
  }

  /**
   * The warnings (replaces those set so far).
   *
   * @param warnings the warnings (replaces those set so far)
   * @return this builder
   */
  public UpgradeReportBuilder warnings(List<String> warnings) {
    this.warnings = copy(warnings, "warnings");
    return this;
  }

  /**
   * Adds one warning after those set so far.
   *
   * @param warning the warning, in words (not null)
   * @return this builder
   */
  public UpgradeReportBuilder addWarning(String warning) {
    this.warnings.add(Objects.requireNonNull(warning, "warning"));
    return this;
  }

  /**
   * How many times a listener threw.
   *
   * @param count how many times a listener threw, zero or more
   * @return this builder
   */
  public UpgradeReportBuilder listenerFailures(int count) {
    this.listenerFailures = count;
    return this;
  }

  /**
   * How long the call took (required).
   *
   * @param took how long the call took (required)
   * @return this builder
   */
  public UpgradeReportBuilder took(Duration took) {
    this.took = took;
    return this;
  }

  /**
   * The report.
   *
   * @return the report built from this builder's values
   * @throws NullPointerException naming the missing outcome, message or duration, or a null element
   */
  public UpgradeReport build() {
    return new UpgradeReport(this);
  }

  private static <T> List<T> copy(List<T> list, String name) {
    return new ArrayList<>(Objects.requireNonNull(list, name));
  }
}
