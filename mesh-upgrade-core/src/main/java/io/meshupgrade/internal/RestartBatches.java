package io.meshupgrade.internal;

import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.RestartReport;
import io.meshupgrade.spi.MeshDataPlane;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Restarts workloads in the options' order and batches, pausing between batches (a safe point), emitting progress
 * and renewing the lock from the restart worker threads; with {@link #restartOnce} a resumed run restarts nothing
 * twice. Shared by the restart step, the rollback and the patch roll-over. Not API. One instance serves one call.
 */
final class RestartBatches {

  /**
   * What {@link #restartOnce} did.
   *
   * @param done the workloads an earlier run of this step restarted (only waited for now)
   * @param restarted the workloads restarted now
   * @param failures the rollouts that failed now
   * @param failed every failed rollout of this step, described, earlier runs included
   */
  record Once(Set<String> done, List<WorkloadRef> restarted, List<RolloutResult> failures, List<String> failed) {}

  /** Told before and after each restart batch. */
  private interface BatchHook {
    BatchHook NONE = new BatchHook() {};

    default void starting(List<WorkloadRef> batch) {}

    default void finished(List<WorkloadRef> batch, List<RolloutResult> failures) {}
  }

  private final StepContext c;
  /** When a restart callback last renewed the lock (null: never); see {@link #renewQuietly()}. */
  private final AtomicReference<Instant> lastCallbackRenewal = new AtomicReference<>();

  RestartBatches(StepContext c) {
    this.c = c;
  }

  /**
   * Restarts {@code candidates} unless an earlier run of this step did: before every batch the checkpoint records
   * (in {@link UpgradePlan#progress()}) the workloads restarted so far and the batch about to start. A workload of
   * the batch a dead run had started counts as restarted when it already has pods on the revision it moves to
   * ({@code arrived}); old pods still listed (terminating, or a rollout in progress) then cause no second restart.
   */
  Once restartOnce(UpgradePlan plan, List<WorkloadRef> candidates, Set<WorkloadRef> arrived) {
    Map<String, String> progress = plan.progress();
    Set<String> done = new TreeSet<>(Joined.split(progress.getOrDefault("restarted", "")));
    for (String w : Joined.split(progress.getOrDefault("restarting", ""))) {
      if (arrived.stream().anyMatch(a -> a.toString().equals(w))) {
        done.add(w);
      }
    }
    String earlier = progress.getOrDefault("failed", "");
    List<String> failed = new ArrayList<>(earlier.isEmpty() ? List.of() : List.of(earlier.split("; ")));
    List<WorkloadRef> todo = candidates.stream().filter(w -> !done.contains(w.toString())).toList();
    Set<String> restartedSoFar = new TreeSet<>(done);
    List<RolloutResult> failures = restart(todo, new BatchHook() {
      @Override
      public void starting(List<WorkloadRef> batch) {
        Map<String, String> p = new TreeMap<>();
        p.put("restarted", String.join(",", restartedSoFar));
        p.put("restarting", Joined.of(batch));
        if (!failed.isEmpty()) {
          p.put("failed", String.join("; ", failed));
        }
        c.save(Plans.withProgress(plan, p));
      }

      @Override
      public void finished(List<WorkloadRef> batch, List<RolloutResult> batchFailures) {
        batch.forEach(w -> restartedSoFar.add(w.toString()));
        batchFailures.forEach(f -> failed.add(describe(f)));
      }
    });
    return new Once(done, todo, failures, List.copyOf(failed));
  }

  private static String describe(RolloutResult f) {
    return f.workload() + ": " + f.outcome() + (f.detail().isEmpty() ? "" : " (" + f.detail() + ")");
  }

  /**
   * Restarts {@code workloads} in the options' order and batches, emitting progress.
   *
   * @return the rollouts that did not succeed
   */
  List<RolloutResult> restart(List<WorkloadRef> workloads) {
    return restart(workloads, BatchHook.NONE);
  }

  private List<RolloutResult> restart(List<WorkloadRef> workloads, BatchHook hook) {
    if (workloads.isEmpty()) {
      return List.of();
    }
    List<WorkloadRef> ordered = c.options.restart().order(workloads);
    int size = c.options.batchSize() == 0 ? ordered.size() : c.options.batchSize();
    List<List<WorkloadRef>> batches = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i += size) {
      batches.add(ordered.subList(i, Math.min(ordered.size(), i + size)));
    }
    List<RolloutResult> failures = new ArrayList<>();
    int offset = 0;
    for (int b = 0; b < batches.size(); b++) {
      if (b > 0) {
        c.bus.emit(new UpgradeEvent.BatchPaused(c.now(), b, batches.size(), c.options.pauseBetweenBatches()));
        c.pause(c.options.pauseBetweenBatches());
      }
      List<WorkloadRef> batch = batches.get(b);
      hook.starting(batch);
      int base = offset;
      RestartReport r = c.dp.restartWorkloads(batch, c.options.restart(), new MeshDataPlane.RestartListener() {
        @Override
        public void restarted(WorkloadRef workload, int index, int total) {
          renewQuietly();
          c.bus.emit(new UpgradeEvent.WorkloadRestarted(c.now(), workload, base + index, ordered.size()));
        }

        @Override
        public void rolloutFinished(RolloutResult result) {
          renewQuietly();
          c.bus.emit(new UpgradeEvent.RolloutFinished(c.now(), result));
        }
      });
      c.held.renew(); // a lock lost during the rollouts surfaces here, on the calling thread
      offset += batch.size();
      c.report.restarted((int) r.results().stream().filter(x -> x.outcome() != RolloutResult.Outcome.NOT_FOUND
          && x.outcome() != RolloutResult.Outcome.NOT_RESTARTABLE
          && x.outcome() != RolloutResult.Outcome.PAUSED).count());
      failures.addAll(r.failures());
      hook.finished(batch, r.failures());
    }
    c.report.failed(failures);
    return failures;
  }

  /**
   * Renews the lock from a restart worker thread, at most once per tenth of the lock's ttl (a renewal costs the lock
   * a read and a write: once per callback it cost more requests than the restarts themselves); a failure surfaces at
   * the next renewal on the caller's thread.
   */
  private void renewQuietly() {
    Instant now = c.now();
    Instant last = lastCallbackRenewal.get();
    if (last != null && now.isBefore(last.plus(c.s.lockTtl().dividedBy(10)))) {
      return;
    }
    if (!lastCallbackRenewal.compareAndSet(last, now)) {
      return; // another worker thread renews right now
    }
    try {
      c.held.renew();
    } catch (RuntimeException e) {
      // reported by the renewal after restartWorkloads returns
    }
  }
}
