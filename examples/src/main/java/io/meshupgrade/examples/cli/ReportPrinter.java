package io.meshupgrade.examples.cli;

import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.report.RollOverReport;
import io.meshupgrade.report.UpgradePreview;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.WorkloadRef;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/** Prints reports and previews for people, and maps outcomes to exit codes. */
final class ReportPrinter {
  private ReportPrinter() {}

  static int exitCode(UpgradeReport report) {
    return switch (report.outcome()) {
      case COMPLETED, NOTHING_TO_DO, STOPPED_AFTER -> ExitCodes.SUCCESS;
      case ROLLED_BACK -> ExitCodes.ROLLED_BACK;
      case HALTED -> ExitCodes.HALTED;
    };
  }

  static void print(UpgradeReport r, PrintStream out) {
    out.println();
    out.println("== summary: " + r.outcome() + r.stoppedAfter().map(s -> " (after " + s + ")").orElse(""));
    out.println(r.message());
    out.println("revisions: " + r.revisionsBefore() + " -> " + r.revisionsAfter());
    out.println("pods per revision: " + pods(r.podsBefore()) + " -> " + pods(r.podsAfter()));
    out.println("namespaces relabelled: " + r.namespacesRelabelled() + ", workloads restarted: "
        + r.workloadsRestarted() + ", failed rollouts: " + r.failedRollouts().size());
    for (RolloutResult f : r.failedRollouts()) {
      out.println("  failed: " + f.workload() + " " + f.outcome() + " " + f.detail());
    }
    if (!r.stageTimings().isEmpty()) {
      out.println("stage timings:");
      for (UpgradeReport.StageTiming t : r.stageTimings()) {
        out.printf("  %-9s -> %-9s %-24s %6d ms%n", t.from(), t.to(), t.stage(), t.took().toMillis());
      }
    }
    if (!r.namespacesWithIstioInjection().isEmpty()) {
      out.println("WARNING: namespaces labelled istio-injection are skipped by AKS (relabel them istio.io/rev=...): "
          + r.namespacesWithIstioInjection());
    }
    r.forcedReasons().forEach(reason -> out.println("forced: " + reason));
    r.warnings().forEach(w -> out.println("warning: " + w));
    out.println("took " + r.took().toMillis() + " ms");
  }

  static void print(UpgradePreview p, PrintStream out) {
    out.println("target:     " + p.target() + " (installed " + p.installed() + ", Kubernetes " + p.kubernetes() + ")");
    out.println("situation:  " + p.situation().message());
    p.pathRefusal().ifPresent(e -> out.println("refused:    " + e.getMessage()));
    out.println("hops:       " + p.hops());
    out.println("steps:      " + p.steps());
    out.println("injection:  " + p.switchBy());
    out.println("relabel:    " + p.namespacesToRelabel().size() + " namespace(s) " + p.namespacesToRelabel());
    if (!p.tagsToMove().isEmpty()) {
      out.println("move tags:  " + p.tagsToMove());
    }
    out.println("restart:    " + p.workloadsToRestart().size() + " workload(s) " + names(p.workloadsToRestart()));
    if (!p.notRestartable().isEmpty()) {
      out.println("WARNING:    cannot restart (recreate them before complete): " + names(p.notRestartable()));
    }
    if (!p.namespacesWithIstioInjection().isEmpty()) {
      out.println("WARNING:    istio-injection namespaces are skipped by AKS: " + p.namespacesWithIstioInjection());
    }
    out.println("pods:       " + pods(p.podsPerRevision()));
    out.println(p.message());
  }

  static void print(RollOverReport r, PrintStream out) {
    out.println();
    out.println("== patch roll-over: current images " + r.currentImages());
    out.println("stale workloads: " + r.staleWorkloads().size() + ", restarted: " + r.restarted().size()
        + ", failed: " + r.failedRollouts().size());
    if (!r.notRestartable().isEmpty()) {
      out.println("WARNING: cannot restart (recreate them): " + names(r.notRestartable()));
    }
    r.failedRollouts().forEach(f -> out.println("  failed: " + f.workload() + " " + f.outcome() + " " + f.detail()));
    r.warnings().forEach(w -> out.println("warning: " + w));
  }

  /** Pods per revision, sorted, with "no sidecar" for the pods without one. */
  static String pods(java.util.Map<String, Integer> counts) {
    java.util.Map<String, Integer> sorted = new java.util.TreeMap<>(io.meshupgrade.model.Revision.NAME_ORDER);
    sorted.putAll(counts);
    return sorted.entrySet().stream()
        .map(e -> (e.getKey().isEmpty() ? "no sidecar" : e.getKey()) + "=" + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private static String names(List<WorkloadRef> refs) {
    if (refs.size() > 20) {
      return refs.subList(0, 20).stream().map(WorkloadRef::toString).collect(Collectors.joining(", "))
          + ", ... (" + (refs.size() - 20) + " more)";
    }
    return refs.stream().map(WorkloadRef::toString).collect(Collectors.joining(", "));
  }
}
