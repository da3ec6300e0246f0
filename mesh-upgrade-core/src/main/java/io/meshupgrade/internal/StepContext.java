package io.meshupgrade.internal;

import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.spi.Checkpoint;
import io.meshupgrade.spi.MeshControlPlane;
import io.meshupgrade.spi.MeshDataPlane;
import io.meshupgrade.spi.UpgradeLock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every step of one call works with: the ports, the options, the lock, the event bus, the report, the run's
 * control (cancellation and deadline) and the checkpoint's store version; plus the helpers several steps share.
 * Not API. One instance serves one call; the helpers called from restart worker threads are thread-safe.
 */
final class StepContext {

  final Settings s;
  final MeshDataPlane dp;
  final EventBus bus;
  final ReportBuilder report;
  final UpgradeLock.Held held;
  final UpgradeOptions options;
  /** The reason given to forceComplete, or null. */
  final String forceReason;
  final RunControl control;
  private volatile Optional<String> version;
  /** The workloads this call's restart step moved to the new revision (null: the step ran in an earlier run). */
  List<WorkloadRef> restartedThisCall;

  StepContext(Settings s, EventBus bus, ReportBuilder report, UpgradeLock.Held held, UpgradeOptions options,
      String forceReason, Optional<String> version, RunControl control) {
    this.s = s;
    this.dp = s.dataPlane();
    this.bus = bus;
    this.report = report;
    this.held = held;
    this.options = options;
    this.forceReason = forceReason;
    this.version = version;
    this.control = control;
  }

  MeshControlPlane cp() {
    return s.controlPlane();
  }

  boolean forced() {
    return forceReason != null;
  }

  Instant now() {
    return s.clock().instant();
  }

  /** The store version of the last checkpoint this call saw or wrote. */
  Optional<String> version() {
    return version;
  }

  /** Saves {@code plan} with compare-and-set against the last version seen. */
  void save(UpgradePlan plan) {
    Checkpoint c = s.planStore().save(s.planKey(), plan.toCheckpoint(), version);
    version = Optional.of(c.version());
    report.plan(plan);
    control.saved(plan);
  }

  /** A safe point: stops the run if it was cancelled or passed its deadline, else renews the lock. */
  void safePoint() {
    control.safePoint();
    held.renew();
  }

  /** Waits {@code d} (nothing when not positive), then passes a safe point. */
  void pause(Duration d) {
    control.safePoint();
    if (!d.isZero() && !d.isNegative()) {
      try {
        s.sleeper().sleep(d);
      } catch (InterruptedException e) {
        throw control.stopped(e);
      }
    }
    safePoint();
  }

  /** Waits the check interval, or what is left until {@code until} when that is shorter. */
  void pauseUntil(Instant until) {
    Duration rest = Duration.between(now(), until);
    pause(rest.compareTo(options.checkInterval()) < 0 ? rest : options.checkInterval());
  }

  /** Relabels {@code names} (when any) to {@code to}, counting and announcing it. */
  void relabel(List<String> names, Revision to) {
    if (!names.isEmpty()) {
      dp.relabelNamespaces(names, to.toString());
      report.relabelled(names.size());
      bus.emit(new UpgradeEvent.NamespacesRelabelled(now(), names, to.toString()));
    }
  }

  /** Moves revision tag {@code tag} to {@code to}, announcing it. */
  io.meshupgrade.model.RevisionTag moveTag(String tag, Revision to) {
    io.meshupgrade.model.RevisionTag moved = dp.moveRevisionTag(tag, to);
    bus.emit(new UpgradeEvent.TagMoved(now(), tag, to));
    return moved;
  }

  /** The names of the namespaces labelled {@code istio.io/rev=r}, ascending. */
  static List<String> namesLabelled(List<MeshNamespace> all, Revision r) {
    return all.stream().filter(n -> n.revisionLabel().equals(r.toString())).map(MeshNamespace::name).sorted()
        .toList();
  }

  /** Polls the inventory until no pod runs {@code revision} or the drain timeout passes. */
  PodInventory waitForPodsToLeave(Revision revision) {
    Instant deadline = now().plus(options.podDrainTimeout());
    while (true) {
      PodInventory inv = dp.inventory();
      Map<String, Integer> left = inv.countOnRevisionByNamespace(revision);
      Instant now = now();
      if (left.isEmpty() || !now.isBefore(deadline)) {
        return inv;
      }
      bus.emit(new UpgradeEvent.WaitingOnPods(now, revision, left.values().stream().mapToInt(i -> i).sum(), left));
      pauseUntil(deadline);
    }
  }
}
