package io.meshupgrade.examples.cli;

import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.event.UpgradeListener;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Prints one line per progress event, with counts. Thread-safe (restart events come from worker threads). */
final class ProgressPrinter implements UpgradeListener {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final PrintStream out;
  private final boolean verbose;

  ProgressPrinter(PrintStream out, boolean verbose) {
    this.out = out;
    this.verbose = verbose;
  }

  @Override
  public synchronized void onEvent(UpgradeEvent event) {
    String line = describe(event);
    if (line != null) {
      out.println(TIME.format(event.at()) + "  " + line);
      out.flush();
    }
  }

  private String describe(UpgradeEvent event) {
    if (event instanceof UpgradeEvent.PlanStarted e) {
      return (e.resumed() ? "resuming " : "upgrading ") + e.from() + " -> " + e.to()
          + (e.resumed() ? " from " + e.stage() : "") + " (plan " + e.planId() + ")";
    } else if (event instanceof UpgradeEvent.StageStarted e) {
      return verbose ? "  ... " + label(e.stage().name()) : null;
    } else if (event instanceof UpgradeEvent.StageCompleted e) {
      return "[ok] " + label(e.stage().name()) + " (" + millis(e) + ")";
    } else if (event instanceof UpgradeEvent.NamespacesRelabelled e) {
      return "     relabelled " + e.namespaces().size() + " namespace(s) istio.io/rev=" + e.value() + ": "
          + String.join(", ", e.namespaces());
    } else if (event instanceof UpgradeEvent.TagMoved e) {
      return "     moved revision tag " + e.tag() + " to " + e.revision();
    } else if (event instanceof UpgradeEvent.WorkloadRestarted e) {
      return "     restarted " + e.index() + "/" + e.total() + " " + e.workload();
    } else if (event instanceof UpgradeEvent.RolloutFinished e) {
      return e.result().succeeded()
          ? (verbose ? "     rolled out " + e.result().workload() : null)
          : "     ROLLOUT " + e.result().outcome() + " " + e.result().workload() + ": " + e.result().detail();
    } else if (event instanceof UpgradeEvent.BatchPaused e) {
      return "     batch " + e.batch() + "/" + e.batches() + " done; pausing " + e.pause();
    } else if (event instanceof UpgradeEvent.WaitingOnPods e) {
      return "     waiting on " + e.pods() + " pod(s) still on " + e.revision() + " " + e.byNamespace();
    } else if (event instanceof UpgradeEvent.CheckFailed e) {
      return "[!!] check " + e.check() + " failed: " + e.detail();
    } else if (event instanceof UpgradeEvent.Halted e) {
      return "[!!] HALTED at " + e.haltedAt() + ": " + e.reason();
    } else if (event instanceof UpgradeEvent.RolledBack e) {
      return "[<<] rolled back to " + e.from() + " (" + e.to() + " removed)";
    } else if (event instanceof UpgradeEvent.Completed e) {
      return "[ok] COMPLETED: " + e.to() + " is the only revision; " + e.from() + " removed";
    } else if (event instanceof UpgradeEvent.Stopped e) {
      return "[||] stopped after " + e.stage() + " as asked";
    } else if (event instanceof UpgradeEvent.Refused e) {
      return "[--] refused: " + e.reason();
    }
    // any other event, such as a kind added in a later release (UpgradeEvent is not sealed): its kind, when verbose
    return verbose ? event.kind() + " " + event : null;
  }

  private static String millis(UpgradeEvent.StageCompleted e) {
    return e.took().toMillis() + " ms";
  }

  private static String label(String stage) {
    return stage.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
