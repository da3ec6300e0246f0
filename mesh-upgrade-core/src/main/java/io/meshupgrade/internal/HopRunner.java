package io.meshupgrade.internal;

import static io.meshupgrade.model.UpgradeStage.CANARY_STARTED;
import static io.meshupgrade.model.UpgradeStage.COMPLETED;
import static io.meshupgrade.model.UpgradeStage.CONTROL_PLANES_VERIFIED;
import static io.meshupgrade.model.UpgradeStage.HALTED;
import static io.meshupgrade.model.UpgradeStage.HEALTH_VERIFIED;
import static io.meshupgrade.model.UpgradeStage.INJECTION_REVERTED;
import static io.meshupgrade.model.UpgradeStage.INJECTION_SWITCHED;
import static io.meshupgrade.model.UpgradeStage.MESH_CONFIG_COPIED;
import static io.meshupgrade.model.UpgradeStage.PLANNED;
import static io.meshupgrade.model.UpgradeStage.ROLLBACK_STARTED;
import static io.meshupgrade.model.UpgradeStage.ROLLED_BACK;
import static io.meshupgrade.model.UpgradeStage.WORKLOADS_RESTARTED;
import static io.meshupgrade.model.UpgradeStage.WORKLOADS_REVERTED;

import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.ControlPlaneStatus;
import io.meshupgrade.model.DanglingInjection;
import io.meshupgrade.options.HealthFailurePolicy;
import io.meshupgrade.spi.HealthResult;
import io.meshupgrade.model.MeshConfigCopy;
import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.PodRecord;
import io.meshupgrade.report.RestartReport;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.SidecarState;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.spi.Checkpoint;
import io.meshupgrade.spi.HealthCheck;
import io.meshupgrade.spi.HealthCheckContext;
import io.meshupgrade.spi.MeshDataPlane;
import io.meshupgrade.spi.UpgradeLock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Drives one hop's {@link UpgradePlan} through the ports: asks the plan which transition comes next, performs it
 * (every step idempotent, deciding from the observed cluster), records the result and saves the checkpoint. Not API.
 * One instance serves one call; not thread-safe (restart callbacks from worker threads only touch thread-safe
 * collaborators).
 */
public final class HopRunner {

  /** What the call wants from the plan. */
  public enum Mode {
    /** upgrade: forward, with the options' soak and failure policy. */
    FORWARD,
    /** complete: forward to COMPLETED, health gate evaluated once, halt on failure. */
    COMPLETE,
    /** move injection and workloads back, then halt with both control planes kept. */
    ROLLBACK_AND_HALT,
    /** move injection and workloads back, then remove the new revision. */
    ROLLBACK_FULLY;

    boolean forward() {
      return this == FORWARD || this == COMPLETE;
    }
  }

  /** How driving a plan ended. */
  public enum Ending { COMPLETED, ROLLED_BACK, HALTED, STOPPED }

  /** The plan as it was left, how it ended, and why. */
  public record Result(UpgradePlan plan, Ending ending, UpgradeStage stoppedAfter, String message) {}

  /** Stages that a rollback may start from (both revisions installed). */
  static final Set<UpgradeStage> ROLLBACKABLE =
      EnumSet.of(CANARY_STARTED, CONTROL_PLANES_VERIFIED, INJECTION_SWITCHED, WORKLOADS_RESTARTED, HEALTH_VERIFIED);

  /** The rollback chain before its end. */
  public static final Set<UpgradeStage> ROLLBACK_CHAIN =
      EnumSet.of(ROLLBACK_STARTED, INJECTION_REVERTED, WORKLOADS_REVERTED);

  private static final List<UpgradeStage> FORWARD_ORDER = List.of(PLANNED, MESH_CONFIG_COPIED, CANARY_STARTED,
      CONTROL_PLANES_VERIFIED, INJECTION_SWITCHED, WORKLOADS_RESTARTED, HEALTH_VERIFIED, COMPLETED);

  private static final Map<UpgradeStage, UpgradeStage> FORWARD_SUCCESSOR = new EnumMap<>(UpgradeStage.class);

  static {
    for (int i = 0; i + 1 < FORWARD_ORDER.size(); i++) {
      FORWARD_SUCCESSOR.put(FORWARD_ORDER.get(i), FORWARD_ORDER.get(i + 1));
    }
  }

  private sealed interface Step {}

  private record Proceed(Map<String, String> details) implements Step {}

  /** The health gate failed: the failure policy decides. */
  private record Fail(String reason) implements Step {}

  /** Stop here with a reason, whatever the policy. */
  private record Halt(String reason) implements Step {}

  private final Settings s;
  private final MeshDataPlane dp;
  private final EventBus bus;
  private final ReportBuilder report;
  private final UpgradeLock.Held held;
  private final UpgradeOptions options;
  private final String forceReason;
  private Optional<String> version;
  private String rollbackReason = "rollback requested";
  private boolean takeOverRecorded;
  /** The workloads this call's restart step moved to the new revision (null: the step ran in an earlier run). */
  private List<WorkloadRef> restartedThisCall;

  /** When a restart callback last renewed the lock (null: never); see {@link #renewQuietly()}. */
  private final AtomicReference<Instant> lastCallbackRenewal = new AtomicReference<>();

  public HopRunner(Settings s, EventBus bus, ReportBuilder report, UpgradeLock.Held held, UpgradeOptions options,
      String forceReason, Optional<String> version) {
    this.s = s;
    this.dp = s.dataPlane();
    this.bus = bus;
    this.report = report;
    this.held = held;
    this.options = options;
    this.forceReason = forceReason;
    this.version = version;
  }

  /** The store version of the last checkpoint this runner saw or wrote. */
  public Optional<String> version() {
    return version;
  }

  /** Why a rollback started (recorded in ROLLBACK_STARTED), when the caller asks for one. */
  public void rollbackReason(String reason) {
    this.rollbackReason = reason;
  }

  /** The stage a plan is effectively at for going forward (a halted plan resumes where it stopped). */
  public static UpgradeStage effectiveStage(UpgradePlan plan) {
    if (plan.stage() != HALTED) {
      return plan.stage();
    }
    UpgradeStage from = plan.haltedFrom().orElseThrow();
    return ROLLBACK_CHAIN.contains(from) ? MESH_CONFIG_COPIED : from;
  }

  /** Whether {@code plan} is in its rollback chain, or halted there. */
  public static boolean inRollback(UpgradePlan plan) {
    return ROLLBACK_CHAIN.contains(plan.stage())
        || plan.stage() == HALTED && ROLLBACK_CHAIN.contains(plan.haltedFrom().orElseThrow());
  }

  /**
   * Whether going forward with {@code plan} needs its canary installed: it is at CANARY_STARTED or later, and not
   * rolling back (a rollback, or a retry after one, may start the canary again).
   */
  public static boolean expectsCanary(UpgradePlan plan) {
    UpgradeStage at = effectiveStage(plan);
    return !inRollback(plan) && at != PLANNED && at != MESH_CONFIG_COPIED && !at.isTerminal();
  }

  /** The forward stages after {@code stage}, up to {@code last}. */
  public static List<UpgradeStage> forwardStagesAfter(UpgradeStage stage, UpgradeStage last) {
    int i = FORWARD_ORDER.indexOf(stage);
    int j = FORWARD_ORDER.indexOf(last);
    return i < 0 || j < i ? List.of() : FORWARD_ORDER.subList(i + 1, j + 1);
  }

  private static int rank(UpgradeStage stage) {
    return FORWARD_ORDER.indexOf(stage);
  }

  /** Saves a newly created plan (the first checkpoint of a hop). */
  public UpgradePlan start(UpgradePlan plan, boolean resumed) {
    if (!resumed) {
      save(plan);
    }
    report.plan(plan);
    bus.emit(new UpgradeEvent.PlanStarted(now(), plan.planId(), plan.from(), plan.to(), plan.stage(), resumed));
    return plan;
  }

  /** Drives {@code plan} in {@code mode} until it ends, halts or stops. */
  public Result drive(UpgradePlan plan, Mode mode) {
    if (mode.forward() && ROLLBACK_CHAIN.contains(plan.stage())) {
      mode = "rollback".equals(plan.detailsOf(ROLLBACK_STARTED).orElse(Map.of()).get("then"))
          ? Mode.ROLLBACK_FULLY : Mode.ROLLBACK_AND_HALT;
    }
    while (true) {
      UpgradeStage stage = plan.stage();
      if (stage == COMPLETED) {
        finishComplete(plan);
        return new Result(plan, Ending.COMPLETED, null, plan.from() + " -> " + plan.to() + " completed");
      }
      if (stage == ROLLED_BACK) {
        finishRollback(plan);
        return new Result(plan, Ending.ROLLED_BACK, null,
            plan.from() + " -> " + plan.to() + " rolled back: " + plan.to() + " removed, everything runs "
                + plan.from());
      }
      if (mode == Mode.FORWARD && options.stopAfter().isPresent()
          && rank(effectiveStage(plan)) >= rank(options.stopAfter().get())) {
        UpgradeStage at = options.stopAfter().get();
        bus.emit(new UpgradeEvent.Stopped(now(), plan.from(), plan.to(), at));
        return new Result(plan, Ending.STOPPED, at, "stopped after " + at + " of " + plan.from() + " -> "
            + plan.to() + " as asked: inspect the cluster, then call upgrade again to go on, or rollback");
      }
      UpgradeStage next = choose(plan, mode);
      held.renew();
      if (next == HALTED) {
        String reason = plan.detailsOf(ROLLBACK_STARTED).orElse(Map.of()).getOrDefault("reason", "")
            + "; injection and workloads were moved back to " + plan.from() + " and both control planes are kept:"
            + " fix the cause and call upgrade again, or call rollback to remove " + plan.to();
        plan = halt(plan, reason);
        return new Result(plan, Ending.HALTED, null, reason);
      }
      Instant t0 = now();
      if (stage == HALTED && next == plan.haltedFrom().orElseThrow()) {
        plan = record(plan, next, Map.of("resumed", "true"), t0);
        continue;
      }
      bus.emit(new UpgradeEvent.StageStarted(t0, plan.from(), plan.to(), next));
      Step step = perform(plan, next, mode);
      if (step instanceof Proceed p) {
        plan = record(plan, next, p.details(), t0);
      } else if (step instanceof Halt h) {
        plan = halt(plan, h.reason());
        return new Result(plan, Ending.HALTED, null, h.reason());
      } else {
        String reason = ((Fail) step).reason();
        HealthFailurePolicy policy = mode == Mode.COMPLETE ? HealthFailurePolicy.HALT : options.onHealthFailure();
        if (policy == HealthFailurePolicy.HALT) {
          String why = reason + "; nothing was moved back: fix the cause and call upgrade again, or call rollback";
          plan = halt(plan, why);
          return new Result(plan, Ending.HALTED, null, why);
        }
        mode = policy == HealthFailurePolicy.ROLLBACK_FULLY ? Mode.ROLLBACK_FULLY : Mode.ROLLBACK_AND_HALT;
        plan = record(plan, ROLLBACK_STARTED,
            Map.of("reason", reason, "then", mode == Mode.ROLLBACK_FULLY ? "rollback" : "halt"), t0);
      }
    }
  }

  private UpgradeStage choose(UpgradePlan plan, Mode mode) {
    UpgradeStage stage = plan.stage();
    UpgradeStage pick;
    if (stage == HALTED) {
      UpgradeStage from = plan.haltedFrom().orElseThrow();
      if (mode.forward()) {
        pick = ROLLBACK_CHAIN.contains(from) ? CANARY_STARTED : from;
      } else {
        pick = ROLLBACKABLE.contains(from) ? ROLLBACK_STARTED : from;
      }
    } else if (mode.forward() || stage == PLANNED || stage == MESH_CONFIG_COPIED) {
      pick = FORWARD_SUCCESSOR.get(stage);
    } else if (ROLLBACKABLE.contains(stage)) {
      pick = ROLLBACK_STARTED;
    } else if (stage == ROLLBACK_STARTED) {
      pick = INJECTION_REVERTED;
    } else if (stage == INJECTION_REVERTED) {
      pick = WORKLOADS_REVERTED;
    } else {
      pick = mode == Mode.ROLLBACK_FULLY ? ROLLED_BACK : HALTED;
    }
    if (pick == null || !plan.canMoveTo(pick)) {
      throw new IllegalStateException("no " + mode + " move from " + stage + " (legal: " + plan.nextStages() + ")");
    }
    return pick;
  }

  private Step perform(UpgradePlan plan, UpgradeStage next, Mode mode) {
    return switch (next) {
      case MESH_CONFIG_COPIED -> copyMeshConfig(plan, mode);
      case CANARY_STARTED -> new Proceed(Map.of("revisions", join(s.controlPlane().startCanary(plan.to()).revisions())));
      case CONTROL_PLANES_VERIFIED -> verifyControlPlanes(plan);
      case INJECTION_SWITCHED -> switchInjection(plan);
      case WORKLOADS_RESTARTED -> restartOld(plan);
      case HEALTH_VERIFIED -> healthGate(plan, mode);
      case COMPLETED -> complete(plan);
      case ROLLBACK_STARTED -> new Proceed(Map.of("reason", rollbackReason,
          "then", mode == Mode.ROLLBACK_FULLY ? "rollback" : "halt"));
      case INJECTION_REVERTED -> revertInjection(plan);
      case WORKLOADS_REVERTED -> revertWorkloads(plan);
      case ROLLED_BACK -> removeNewRevision(plan);
      default -> throw new IllegalStateException("no step leads to " + next);
    };
  }

  private Step copyMeshConfig(UpgradePlan plan, Mode mode) {
    if (!mode.forward()) {
      return new Proceed(Map.of("skipped", "rollback"));
    }
    MeshConfigCopy r = dp.copySharedMeshConfig(plan.from(), plan.to(), options.overwriteMeshConfig());
    return new Proceed(Map.of("result", r.name()));
  }

  private Step verifyControlPlanes(UpgradePlan plan) {
    ClusterMeshState state = s.controlPlane().readMeshState();
    List<String> problems = new ArrayList<>();
    // the old revision is checked while installed; once removed outside (the canary was completed), only the new one
    List<Revision> revisions = state.revisions().contains(plan.from()) ? List.of(plan.from(), plan.to())
        : List.of(plan.to());
    for (Revision r : revisions) {
      ControlPlaneStatus st = dp.awaitControlPlane(r, state.ingressGateways(), options.controlPlaneTimeout());
      if (!st.ready()) {
        problems.add(st.describe());
      }
    }
    if (!problems.isEmpty()) {
      return new Halt("control planes not ready after " + options.controlPlaneTimeout() + ": "
          + String.join("; ", problems) + ": check istiod in aks-istio-system, then call upgrade again, or rollback");
    }
    return new Proceed(Map.of("gateways", join(state.ingressGateways())));
  }

  private Step switchInjection(UpgradePlan plan) {
    List<MeshNamespace> all = dp.meshNamespaces();
    List<String> injection = all.stream().filter(MeshNamespace::hasIstioInjectionLabel).map(MeshNamespace::name)
        .toList();
    report.istioInjection(injection);
    Map<String, String> d = new TreeMap<>();
    d.put("istioInjection", String.join(",", injection));
    if (forceReason != null) {
      d.put("skipped", "forced");
      return new Proceed(d);
    }
    // every namespace labelled with the old revision and every tag pointing at it, whatever the mode; the options'
    // tag is one more that must point at the new revision (created when absent)
    List<String> names = new ArrayList<>(namesLabelled(all, plan.from()));
    List<RevisionTag> allTags = dp.revisionTags();
    List<String> tags = new ArrayList<>(tagsToMove(allTags, plan.from(), options.revisionTag()));
    if (options.repointDanglingTags()) {
      // asked for: tags and namespaces pointing at a revision that is not installed move to the new revision too
      DanglingInjection dangling = DanglingInjection.find(s.controlPlane().readMeshState().revisions(), allTags, all);
      names.addAll(dangling.namespacesLabelledWithMissingRevision());
      tags.addAll(dangling.tagNames());
      if (!dangling.isEmpty()) {
        d.put("repointed", String.join(",", dangling.tagNames()) + ";"
            + String.join(",", dangling.namespacesLabelledWithMissingRevision()));
      }
    }
    names = names.stream().distinct().sorted().toList();
    tags = tags.stream().distinct().sorted().toList();
    relabel(names, plan.to());
    List<String> tagNamespaces = new ArrayList<>();
    for (String tag : tags) {
      RevisionTag moved = dp.moveRevisionTag(tag, plan.to());
      bus.emit(new UpgradeEvent.TagMoved(now(), tag, plan.to()));
      tagNamespaces.addAll(moved.namespaces());
    }
    d.put("namespaces", String.join(",", names));
    d.put("tags", String.join(",", tags));
    d.put("tagNamespaces", String.join(",", tagNamespaces));
    options.revisionTag().ifPresent(t -> d.put("tag", t));
    return new Proceed(d);
  }

  /** The tags pointing at {@code from}, plus {@code optionTag}, ascending. */
  public static List<String> tagsToMove(List<RevisionTag> all, Revision from, Optional<String> optionTag) {
    Set<String> tags = new TreeSet<>();
    all.stream().filter(t -> t.revision().equals(from)).map(RevisionTag::tag).forEach(tags::add);
    optionTag.ifPresent(tags::add);
    return List.copyOf(tags);
  }

  private static List<String> namesLabelled(List<MeshNamespace> all, Revision r) {
    return all.stream().filter(n -> n.revisionLabel().equals(r.toString())).map(MeshNamespace::name).sorted()
        .toList();
  }

  private void relabel(List<String> names, Revision to) {
    if (!names.isEmpty()) {
      dp.relabelNamespaces(names, to.toString());
      report.relabelled(names.size());
      bus.emit(new UpgradeEvent.NamespacesRelabelled(now(), names, to.toString()));
    }
  }

  private Step restartOld(UpgradePlan plan) {
    if (forceReason != null) {
      return new Proceed(Map.of("skipped", "forced"));
    }
    PodInventory inv = dp.inventory();
    List<WorkloadRef> on = new ArrayList<>(inv.workloadsOn(plan.from()));
    List<WorkloadRef> restartable = on.stream().filter(w -> w.kind().isRestartable()).toList();
    Once once = restartOnce(plan, restartable, inv.workloadsOn(plan.to()));
    restartedThisCall = restartable;
    Map<String, String> d = new TreeMap<>();
    d.put("restarted", String.valueOf(once.done().size() + once.restarted().size()));
    if (!once.done().isEmpty()) {
      d.put("alreadyRestarted", String.valueOf(once.done().size()));
    }
    d.put("failed", once.failed());
    d.put("notRestartable", on.stream().filter(w -> !w.kind().isRestartable()).map(WorkloadRef::toString)
        .collect(Collectors.joining(", ")));
    return new Proceed(d);
  }

  /**
   * What {@link #restartOnce} did.
   *
   * @param done the workloads an earlier run of this step restarted (only waited for now)
   * @param restarted the workloads restarted now
   * @param failures the rollouts that failed now
   * @param failed every failed rollout of this step, described, earlier runs included ("" for none)
   */
  private record Once(Set<String> done, List<WorkloadRef> restarted, List<RolloutResult> failures, String failed) {}

  /**
   * Restarts {@code candidates} unless an earlier run of this step did: before every batch the checkpoint records
   * (in {@link UpgradePlan#progress()}) the workloads restarted so far and the batch about to start. A workload of
   * the batch a dead run had started counts as restarted when it already has pods on the revision it moves to
   * ({@code arrived}); old pods still listed (terminating, or a rollout in progress) then cause no second restart.
   */
  private Once restartOnce(UpgradePlan plan, List<WorkloadRef> candidates, Set<WorkloadRef> arrived) {
    Map<String, String> progress = plan.progress();
    Set<String> done = new TreeSet<>(split(progress.getOrDefault("restarted", "")));
    for (String w : split(progress.getOrDefault("restarting", ""))) {
      if (arrived.stream().anyMatch(a -> a.toString().equals(w))) {
        done.add(w);
      }
    }
    List<String> failed = new ArrayList<>(splitFailures(progress.getOrDefault("failed", "")));
    List<WorkloadRef> todo = candidates.stream().filter(w -> !done.contains(w.toString())).toList();
    Set<String> restartedSoFar = new TreeSet<>(done);
    List<RolloutResult> failures = restart(todo, new BatchHook() {
      @Override
      public void starting(List<WorkloadRef> batch) {
        Map<String, String> p = new TreeMap<>();
        p.put("restarted", String.join(",", restartedSoFar));
        p.put("restarting", join(batch));
        if (!failed.isEmpty()) {
          p.put("failed", String.join("; ", failed));
        }
        save(plan.withProgress(p));
      }

      @Override
      public void finished(List<WorkloadRef> batch, List<RolloutResult> batchFailures) {
        batch.forEach(w -> restartedSoFar.add(w.toString()));
        batchFailures.forEach(f -> failed.add(describe(f)));
      }
    });
    return new Once(done, todo, failures, String.join("; ", failed));
  }

  private static String describe(RolloutResult f) {
    return f.workload() + ": " + f.outcome() + (f.detail().isEmpty() ? "" : " (" + f.detail() + ")");
  }

  private static List<String> splitFailures(String joined) {
    return joined.isEmpty() ? List.of() : List.of(joined.split("; "));
  }

  /** Told before and after each restart batch. */
  private interface BatchHook {
    BatchHook NONE = new BatchHook() {};

    default void starting(List<WorkloadRef> batch) {}

    default void finished(List<WorkloadRef> batch, List<RolloutResult> failures) {}
  }

  /**
   * Restarts {@code workloads} in the options' order and batches, emitting progress.
   *
   * @return the rollouts that did not succeed
   */
  public List<RolloutResult> restart(List<WorkloadRef> workloads) {
    return restart(workloads, BatchHook.NONE);
  }

  private List<RolloutResult> restart(List<WorkloadRef> workloads, BatchHook hook) {
    if (workloads.isEmpty()) {
      return List.of();
    }
    List<WorkloadRef> ordered = options.restart().order(workloads);
    int size = options.batchSize() == 0 ? ordered.size() : options.batchSize();
    List<List<WorkloadRef>> batches = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i += size) {
      batches.add(ordered.subList(i, Math.min(ordered.size(), i + size)));
    }
    List<RolloutResult> failures = new ArrayList<>();
    int offset = 0;
    for (int b = 0; b < batches.size(); b++) {
      if (b > 0) {
        bus.emit(new UpgradeEvent.BatchPaused(now(), b, batches.size(), options.pauseBetweenBatches()));
        sleep(options.pauseBetweenBatches());
        held.renew();
      }
      List<WorkloadRef> batch = batches.get(b);
      hook.starting(batch);
      int base = offset;
      RestartReport r = dp.restartWorkloads(batch, options.restart(), new MeshDataPlane.RestartListener() {
        @Override
        public void restarted(WorkloadRef workload, int index, int total) {
          renewQuietly();
          bus.emit(new UpgradeEvent.WorkloadRestarted(now(), workload, base + index, ordered.size()));
        }

        @Override
        public void rolloutFinished(RolloutResult result) {
          renewQuietly();
          bus.emit(new UpgradeEvent.RolloutFinished(now(), result));
        }
      });
      held.renew(); // a lock lost during the rollouts surfaces here, on the calling thread
      offset += batch.size();
      report.restarted((int) r.results().stream().filter(x -> x.outcome() != RolloutResult.Outcome.NOT_FOUND
          && x.outcome() != RolloutResult.Outcome.NOT_RESTARTABLE
          && x.outcome() != RolloutResult.Outcome.PAUSED).count());
      failures.addAll(r.failures());
      hook.finished(batch, r.failures());
    }
    report.failed(failures);
    return failures;
  }

  /**
   * Renews the lock from a restart worker thread, at most once per tenth of the lock's ttl (a renewal costs the lock
   * a read and a write: once per callback it cost more requests than the restarts themselves); a failure surfaces at
   * the next renewal on the caller's thread.
   */
  private void renewQuietly() {
    Instant now = s.clock().instant();
    Instant last = lastCallbackRenewal.get();
    if (last != null && now.isBefore(last.plus(s.lockTtl().dividedBy(10)))) {
      return;
    }
    if (!lastCallbackRenewal.compareAndSet(last, now)) {
      return; // another worker thread renews right now
    }
    try {
      held.renew();
    } catch (RuntimeException e) {
      // reported by the renewal after restartWorkloads returns
    }
  }

  private Step healthGate(UpgradePlan plan, Mode mode) {
    boolean forced = forceReason != null;
    Map<String, String> d = new TreeMap<>();
    PodInventory drained = null;
    if (!forced) {
      String failed = plan.detailsOf(WORKLOADS_RESTARTED).orElse(Map.of()).getOrDefault("failed", "");
      if (!failed.isEmpty()) {
        return fail("rollouts", "rollouts failed: " + failed);
      }
      PodInventory inv = waitForPodsToLeave(plan.from());
      drained = inv;
      Map<String, Integer> left = inv.countOnRevisionByNamespace(plan.from());
      List<PodRecord> stuck = inv.podsOn(plan.from());
      if (!stuck.isEmpty() && stuck.stream().noneMatch(p -> p.owner().kind().isRestartable())) {
        return haltOnNotRestartable(plan, stuck);
      }
      if (!left.isEmpty()) {
        return fail("pods-on-old-revision", new Orphans(plan.from(), left, List.of(), List.of())
            .describe("") + " after " + options.podDrainTimeout());
      }
    } else {
      d.put("forced", forceReason);
    }
    ClusterMeshState state = s.controlPlane().readMeshState();
    ControlPlaneStatus st = dp.awaitControlPlane(plan.to(), state.ingressGateways(), options.controlPlaneTimeout());
    if (!st.ready()) {
      return fail("control-plane", "control plane not ready: " + st.describe());
    }
    Duration soak = mode == Mode.COMPLETE ? Duration.ZERO : options.soakPeriod();
    Instant began = now();
    Instant deadline = began.plus(soak);
    List<WorkloadRef> restarted = restartedThisCall != null ? restartedThisCall
        : drained == null ? List.of() : drained.workloadsOn(plan.to()).stream()
            .filter(w -> w.kind().isRestartable()).toList();
    int rounds = 0;
    while (true) {
      rounds++;
      HealthCheckContext context = HealthCheckContext.builder().from(plan.from()).to(plan.to()).attempt(rounds)
          .elapsed(Duration.between(began, now())).deadline(deadline).restartedWorkloads(restarted).build();
      for (HealthCheck check : s.healthChecks()) {
        HealthResult r;
        try {
          r = check.check(context);
        } catch (RuntimeException e) {
          r = HealthResult.failed("threw " + e);
        }
        if (!r.healthy()) {
          return fail(check.name(), "health check " + check.name() + " failed: " + r.detail());
        }
      }
      Instant now = now();
      if (!now.isBefore(deadline)) {
        break;
      }
      Duration left = Duration.between(now, deadline);
      sleep(left.compareTo(options.checkInterval()) < 0 ? left : options.checkInterval());
      held.renew();
    }
    d.put("soak", soak.toString());
    d.put("rounds", String.valueOf(rounds));
    return new Proceed(d);
  }

  /**
   * Only pods of owners that cannot be restarted (Jobs, bare pods) are left on the old revision: moving every
   * workload back would not help, so halt where we are and say how to go on.
   */
  private Halt haltOnNotRestartable(UpgradePlan plan, List<PodRecord> stuck) {
    Map<WorkloadRef, Integer> byOwner = new TreeMap<>();
    stuck.forEach(p -> byOwner.merge(p.owner(), 1, Integer::sum));
    String left = byOwner.entrySet().stream().map(e -> e.getValue() + (e.getValue() == 1 ? " pod of " : " pods of ")
        + e.getKey() + (e.getValue() == 1 ? " still runs " : " still run ") + plan.from())
        .collect(Collectors.joining(", "));
    String owners = byOwner.keySet().stream().map(WorkloadRef::toString).collect(Collectors.joining(", "));
    bus.emit(new UpgradeEvent.CheckFailed(now(), "pods-on-old-revision", left));
    return new Halt("health gate: " + left + " after " + options.podDrainTimeout() + " and cannot be restarted: delete"
        + " the pods of " + owners + " (or let them finish), then call upgrade again, or forceComplete to detach"
        + " them; nothing was moved back");
  }

  private Fail fail(String check, String reason) {
    bus.emit(new UpgradeEvent.CheckFailed(now(), check, reason));
    return new Fail("health gate failed: " + reason);
  }

  /** Polls the inventory until no pod runs {@code revision} or the drain timeout passes. */
  private PodInventory waitForPodsToLeave(Revision revision) {
    Instant deadline = now().plus(options.podDrainTimeout());
    while (true) {
      PodInventory inv = dp.inventory();
      Map<String, Integer> left = inv.countOnRevisionByNamespace(revision);
      Instant now = now();
      if (left.isEmpty() || !now.isBefore(deadline)) {
        return inv;
      }
      bus.emit(new UpgradeEvent.WaitingOnPods(now, revision, left.values().stream().mapToInt(i -> i).sum(), left));
      Duration rest = Duration.between(now, deadline);
      sleep(rest.compareTo(options.checkInterval()) < 0 ? rest : options.checkInterval());
      held.renew();
    }
  }

  private Step complete(UpgradePlan plan) {
    Map<String, String> d = new TreeMap<>();
    Orphans orphans = Orphans.of(plan.from(), dp.inventory(), dp.meshNamespaces(), dp.revisionTags());
    if (forceReason != null) {
      d.put("forced", forceReason);
      d.put("orphans", orphans.describe(""));
    } else if (!orphans.isEmpty()) {
      return new Halt("cannot complete " + plan.from() + " -> " + plan.to() + ": " + orphans.describe("pass force"));
    }
    // once only the new revision is installed, nothing may point at another one (a tag left at a removed istiod
    // fails every pod creation in its namespaces): repoint it when asked, else halt before complete
    DanglingInjection dangling = DanglingInjection.find(List.of(plan.to()), dp.revisionTags(), dp.meshNamespaces());
    if (!dangling.isEmpty()) {
      if (!options.repointDanglingTags()) {
        return new Halt("cannot complete " + plan.from() + " -> " + plan.to() + ": once only " + plan.to()
            + " is installed, " + dangling.describe() + ": point the tags at " + plan.to() + " and relabel the"
            + " namespaces, or call again with repointDanglingTags; nothing was removed");
      }
      for (RevisionTag t : dangling.tags()) {
        dp.moveRevisionTag(t.tag(), plan.to());
        bus.emit(new UpgradeEvent.TagMoved(now(), t.tag(), plan.to()));
      }
      relabel(dangling.namespacesLabelledWithMissingRevision(), plan.to());
      d.put("repointed", String.join(",", dangling.tagNames()) + ";"
          + String.join(",", dangling.namespacesLabelledWithMissingRevision()));
    }
    d.put("revisions", join(s.controlPlane().complete(plan.to()).revisions()));
    return new Proceed(d);
  }

  /** After COMPLETED: deletes the old revision's shared mesh config and checks the final state. Idempotent. */
  public void finishComplete(UpgradePlan plan) {
    dp.deleteSharedMeshConfig(plan.from());
    ClusterMeshState state = s.controlPlane().readMeshState();
    if (!state.revisions().equals(List.of(plan.to()))) {
      report.warn("after complete the cluster has revisions " + state.revisions() + ", expected [" + plan.to()
          + "]: check the cluster's mesh profile");
    }
    ControlPlaneStatus st = dp.awaitControlPlane(plan.to(), state.ingressGateways(), options.controlPlaneTimeout());
    if (!st.ready()) {
      report.warn("after complete the control plane is not ready: " + st.describe());
    }
    DanglingInjection dangling = DanglingInjection.find(state.revisions(), dp.revisionTags(), dp.meshNamespaces());
    if (!dangling.isEmpty()) {
      report.warn("after complete " + dangling.describe() + ": point the tags at " + plan.to() + " and relabel the"
          + " namespaces (or call upgrade with repointDanglingTags)");
    }
    bus.emit(new UpgradeEvent.Completed(now(), plan.from(), plan.to()));
  }

  private Step revertInjection(UpgradePlan plan) {
    List<String> names = namesLabelled(dp.meshNamespaces(), plan.to());
    relabel(names, plan.from());
    List<String> tags = new ArrayList<>();
    for (RevisionTag t : dp.revisionTags()) {
      if (t.revision().equals(plan.to())) {
        dp.moveRevisionTag(t.tag(), plan.from());
        bus.emit(new UpgradeEvent.TagMoved(now(), t.tag(), plan.from()));
        tags.add(t.tag());
      }
    }
    return new Proceed(Map.of("namespaces", String.join(",", names), "tags", String.join(",", tags)));
  }

  /**
   * Restarts the workloads on the new revision, and those with pods left without a sidecar in the namespaces moved
   * back (directly or through a tag): created while their namespace pointed at a revision without a webhook (a
   * canary removed outside this library), they only get a sidecar again by being re-created.
   */
  private Step revertWorkloads(UpgradePlan plan) {
    Map<String, String> reverted = plan.detailsOf(INJECTION_REVERTED).orElse(Map.of());
    Set<String> movedBack = new TreeSet<>(split(reverted.getOrDefault("namespaces", "")));
    List<String> tags = split(reverted.getOrDefault("tags", ""));
    for (RevisionTag t : dp.revisionTags()) {
      if (tags.contains(t.tag())) {
        movedBack.addAll(t.namespaces());
      }
    }
    PodInventory inv = dp.inventory();
    Set<WorkloadRef> candidates = new TreeSet<>(inv.workloadsOn(plan.to()));
    List<WorkloadRef> withoutSidecar = inv.podsIn(SidecarState.NOT_INJECTED).stream()
        .filter(p -> movedBack.contains(p.namespace())).map(PodRecord::owner).distinct().sorted().toList();
    candidates.addAll(withoutSidecar);
    List<WorkloadRef> back = candidates.stream().filter(w -> w.kind().isRestartable()).toList();
    List<RolloutResult> failures = restartOnce(plan, back, inv.workloadsOn(plan.from())).failures();
    if (!failures.isEmpty()) {
      return new Halt(failures.size() + " workloads could not be moved back to " + plan.from() + ": "
          + failures.stream().map(f -> f.workload() + " " + f.outcome()).collect(Collectors.joining(", "))
          + ": fix them, then call rollback (or upgrade) again");
    }
    Map<String, String> d = new TreeMap<>();
    d.put("restarted", String.valueOf(back.size()));
    if (!withoutSidecar.isEmpty()) {
      d.put("withoutSidecar", join(withoutSidecar));
    }
    return new Proceed(d);
  }

  private static List<String> split(String joined) {
    return joined.isEmpty() ? List.of() : List.of(joined.split(","));
  }

  private Step removeNewRevision(UpgradePlan plan) {
    PodInventory inv = waitForPodsToLeave(plan.to());
    Orphans orphans = Orphans.of(plan.to(), inv, dp.meshNamespaces(), dp.revisionTags());
    if (!orphans.isEmpty()) {
      return new Halt("cannot remove " + plan.to() + ": " + orphans.describe("")
          + "; then call rollback again");
    }
    return new Proceed(Map.of("revisions", join(s.controlPlane().rollback(plan.from()).revisions())));
  }

  /** After ROLLED_BACK: deletes the removed revision's shared mesh config. Idempotent. */
  public void finishRollback(UpgradePlan plan) {
    dp.deleteSharedMeshConfig(plan.to());
    bus.emit(new UpgradeEvent.RolledBack(now(), plan.from(), plan.to()));
  }

  private UpgradePlan record(UpgradePlan plan, UpgradeStage next, Map<String, String> details, Instant t0) {
    if (held.takenOverFrom().isPresent() && !takeOverRecorded) {
      // the first transition after a take-over says whose lock this run took: the plan's history keeps it
      Map<String, String> withTakeOver = new java.util.TreeMap<>(details);
      withTakeOver.put("lockTakenOverFrom", held.takenOverFrom().get());
      withTakeOver.put("lockTakenOverBy", held.holder());
      details = Map.copyOf(withTakeOver);
      takeOverRecorded = true;
    }
    UpgradePlan p = plan.moveTo(next, s.clock(), details);
    save(p);
    Instant now = now();
    Duration took = Duration.between(t0, now);
    report.timing(p, next, took);
    bus.emit(new UpgradeEvent.StageCompleted(now, p.from(), p.to(), next, took, details));
    return p;
  }

  private UpgradePlan halt(UpgradePlan plan, String reason) {
    UpgradeStage at = plan.stage();
    UpgradePlan p = plan.halt(reason, s.clock());
    save(p);
    bus.emit(new UpgradeEvent.Halted(now(), p.from(), p.to(), at, reason));
    return p;
  }

  /** Saves {@code plan} with compare-and-set against the last version seen. */
  public void save(UpgradePlan plan) {
    Checkpoint c = s.planStore().save(s.planKey(), plan.toCheckpoint(), version);
    version = Optional.of(c.version());
    report.plan(plan);
  }

  private void sleep(Duration d) {
    if (d.isZero() || d.isNegative()) {
      return;
    }
    try {
      s.sleeper().sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshUpgradeException("interrupted while waiting; the checkpoint is kept: call again to resume", e);
    }
  }

  private Instant now() {
    return s.clock().instant();
  }

  private static String join(java.util.Collection<?> items) {
    return items.stream().map(Object::toString).collect(Collectors.joining(","));
  }
}
