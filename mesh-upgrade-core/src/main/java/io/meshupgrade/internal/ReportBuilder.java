package io.meshupgrade.internal;

import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.report.UpgradeReport.Outcome;
import io.meshupgrade.report.UpgradeReport.StageTiming;
import io.meshupgrade.model.UpgradeStage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Collects what one call did, then builds its {@link UpgradeReport}. Not API. Thread-safe. */
public final class ReportBuilder {

  private final Instant started;
  private Revision target;
  private List<Revision> revisionsBefore = List.of();
  private List<Revision> revisionsAfter = List.of();
  private final Map<String, UpgradePlan> plans = new LinkedHashMap<>();
  private final List<StageTiming> timings = new ArrayList<>();
  private int namespacesRelabelled;
  private int workloadsRestarted;
  private final List<RolloutResult> failedRollouts = new ArrayList<>();
  private Map<String, Integer> podsBefore = Map.of();
  private Map<String, Integer> podsAfter = Map.of();
  private final TreeSet<String> istioInjection = new TreeSet<>();
  private final List<String> forcedReasons = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  public ReportBuilder(Instant started) {
    this.started = started;
  }

  public synchronized void target(Revision r) {
    this.target = r;
  }

  public synchronized void before(List<Revision> revisions, Map<String, Integer> pods) {
    this.revisionsBefore = revisions;
    this.podsBefore = pods;
  }

  public synchronized void after(List<Revision> revisions, Map<String, Integer> pods) {
    this.revisionsAfter = revisions;
    this.podsAfter = pods;
  }

  public synchronized void plan(UpgradePlan p) {
    plans.put(p.planId(), p);
  }

  public synchronized void timing(UpgradePlan p, UpgradeStage stage, Duration took) {
    timings.add(new StageTiming(p.from(), p.to(), stage, took));
  }

  public synchronized void relabelled(int n) {
    namespacesRelabelled += n;
  }

  public synchronized void restarted(int n) {
    workloadsRestarted += n;
  }

  public synchronized void failed(List<RolloutResult> failures) {
    failedRollouts.addAll(failures);
  }

  public synchronized void istioInjection(List<String> namespaces) {
    istioInjection.addAll(namespaces);
  }

  public synchronized void forced(String reason) {
    forcedReasons.add(reason);
  }

  public synchronized void warn(String warning) {
    warnings.add(warning);
  }

  public synchronized UpgradeReport build(
      Outcome outcome, UpgradeStage stoppedAfter, String message, Instant now, int listenerFailures) {
    return UpgradeReport.builder().outcome(outcome).stoppedAfter(stoppedAfter).message(message)
        .target(target).revisionsBefore(revisionsBefore).revisionsAfter(revisionsAfter)
        .plans(new ArrayList<>(plans.values())).stageTimings(timings).namespacesRelabelled(namespacesRelabelled)
        .workloadsRestarted(workloadsRestarted).failedRollouts(failedRollouts).podsBefore(podsBefore)
        .podsAfter(podsAfter).namespacesWithIstioInjection(new ArrayList<>(istioInjection))
        .forcedReasons(forcedReasons).warnings(warnings).listenerFailures(listenerFailures)
        .took(Duration.between(started, now)).build();
  }
}
