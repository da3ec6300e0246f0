package io.meshupgrade.internal;

import io.meshupgrade.exception.CanaryRemovedException;
import io.meshupgrade.exception.CheckpointException;
import io.meshupgrade.exception.ForeignPlanException;
import io.meshupgrade.model.ClusterId;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.exception.ConcurrentUpgradeException;
import io.meshupgrade.model.DanglingInjection;
import io.meshupgrade.exception.DanglingInjectionException;
import io.meshupgrade.model.MeshConfigCopy;
import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.model.MeshUpgrades;
import io.meshupgrade.exception.NoUpgradeInProgressException;
import io.meshupgrade.plan.PatchRollover;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.report.RollOverReport;
import io.meshupgrade.plan.Situation;
import io.meshupgrade.plan.UpgradeDecision;
import io.meshupgrade.exception.UpgradeNotAllowedException;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.UpgradePath;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.UpgradePreview;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.report.UpgradeReport.Outcome;
import io.meshupgrade.plan.UpgradeRules;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.spi.Checkpoint;
import io.meshupgrade.spi.UpgradeLock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The calls of {@link io.meshupgrade.MeshUpgrader}: decide from the observed cluster and the saved plan, then let a
 * {@link HopRunner} drive each hop. Not API. Thread-safe: mutating calls are mutually exclusive.
 */
public final class Orchestrator {

  private static final int MAX_HOPS = 64;
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private static final UpgradeLock.Held NO_LOCK = new UpgradeLock.Held() {
    @Override
    public String holder() {
      return "";
    }

    @Override
    public void renew() {}

    @Override
    public void close() {}
  };

  private final Settings s;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean tookOver = new AtomicBoolean();

  public Orchestrator(Settings s) {
    this.s = s;
  }

  /**
   * One mutating call: in-process exclusion, then the cluster lock for its whole duration, renewed by a
   * {@link Heartbeat} every third of its ttl and before every step. A failure to release the
   * lock after the call did its work does not throw the result away: {@code warn} adds it as a warning.
   */
  private <T> T exclusive(Function<UpgradeLock.Held, T> body, BiFunction<T, String, T> warn) {
    if (!running.compareAndSet(false, true)) {
      throw new ConcurrentUpgradeException(s.holder(), "another call on this MeshUpgrader is running");
    }
    try {
      UpgradeLock.Held held = s.lock()
          .<UpgradeLock.Held>map(l -> Heartbeat.start(take(l), s.lockTtl()))
          .orElse(NO_LOCK);
      T result;
      try {
        result = body.apply(held);
        if (held.takenOverFrom().isPresent()) {
          result = warn.apply(result, "took the cluster's lock over from " + held.takenOverFrom().get() + " (as "
              + s.holder() + "); recorded in the plan");
        }
      } catch (RuntimeException | Error e) {
        try {
          held.close();
        } catch (RuntimeException c) {
          e.addSuppressed(c);
        }
        throw e;
      }
      try {
        held.close();
      } catch (RuntimeException e) {
        return warn.apply(result, "could not release the upgrade lock (" + e.getMessage() + "): it expires by"
            + " itself within " + s.lockTtl() + "; until then another run on this cluster is refused");
      }
      return result;
    } finally {
      running.set(false);
    }
  }

  /** Acquires the lock, or takes it over from the holder named to the builder (once per upgrader). */
  private UpgradeLock.Held take(UpgradeLock lock) {
    if (s.takeOver().isPresent() && !tookOver.get()) {
      UpgradeLock.Held held = lock.takeOver(s.holder(), s.takeOver().get(), s.lockTtl());
      tookOver.set(true);
      return held;
    }
    return lock.acquire(s.holder(), s.lockTtl());
  }

  private UpgradeReport exclusiveReport(Function<UpgradeLock.Held, UpgradeReport> body) {
    return exclusive(body, Orchestrator::withWarning);
  }

  private static UpgradeReport withWarning(UpgradeReport r, String warning) {
    return r.toBuilder().addWarning(warning).build();
  }

  private static RollOverReport withWarning(RollOverReport r, String warning) {
    return r.toBuilder().addWarning(warning).build();
  }

  /** The saved plan, if any. */
  public Optional<UpgradePlan> currentPlan() {
    return s.planStore().load(s.planKey()).map(c -> UpgradePlan.fromCheckpoint(c.json()));
  }

  private MeshUpgrades upgradesOf(ClusterMeshState state) {
    return state.meshEnabled() ? s.controlPlane().getUpgrades() : new MeshUpgrades(List.of(), false);
  }

  private UpgradeRules rules(RevisionCatalog catalog) {
    return UpgradeRules.of(catalog, s.policy());
  }

  /**
   * The next hop toward {@code target} when no plan is saved: the first hop of the path. With a canary
   * {@code [from, next]} installed, {@code next} when it is the first hop of the path from {@code from} to the target
   * (the canary is adopted and resumed, then the upgrade goes on); else the target (the canary is stale unless it
   * goes to the target).
   */
  private Revision hopToward(ClusterMeshState state, Revision target, RevisionCatalog catalog) {
    List<Revision> installed = state.revisions();
    if (installed.size() == 1 && state.meshEnabled() && target.isAfter(installed.get(0))) {
      return UpgradePath.find(rules(catalog), installed.get(0), target, state.kubernetesVersion()).firstHop()
          .orElse(target);
    }
    if (installed.size() == 2 && state.meshEnabled() && target.isAfter(installed.get(1))) {
      try {
        Optional<Revision> first = UpgradePath.find(rules(catalog), installed.get(0), target,
            state.kubernetesVersion()).firstHop();
        if (first.equals(Optional.of(installed.get(1)))) {
          return installed.get(1);
        }
      } catch (UpgradeNotAllowedException e) {
        // no path from the canary's old revision: the canary is stale
      }
    }
    return target;
  }

  /**
   * The saved plan to apply to the observed cluster: {@code stored} itself when it is this cluster's (full ids equal
   * ignoring case, as ARM compares them), a copy adopted for this cluster when it is an older plan naming only
   * {@code resourceGroup/name}, the same group and name, and {@code options} adopt legacy plans (the caller saves
   * it, which records the adoption); null when none is saved.
   *
   * @throws ForeignPlanException naming both ids, before anything changes, when the plan is another cluster's or
   *     an older one not adopted
   */
  private UpgradePlan own(UpgradePlan stored, ClusterMeshState state, UpgradeOptions options) {
    if (stored == null) {
      return null;
    }
    Optional<ClusterId> mine = state.clusterId();
    Optional<ClusterId> theirs = ClusterId.tryParse(stored.cluster());
    if (mine.isEmpty()) {
      // an adapter without ARM ids: its names are compared as they are, ignoring case
      if (stored.cluster().equalsIgnoreCase(state.cluster())) {
        return stored;
      }
      throw foreign(stored, state, false);
    }
    if (theirs.isPresent()) {
      if (theirs.get().equals(mine.get())) {
        return stored;
      }
      throw foreign(stored, state, false);
    }
    if (!stored.cluster().equalsIgnoreCase(mine.get().legacyName())) {
      throw foreign(stored, state, false);
    }
    if (!options.adoptLegacyPlan()) {
      throw new ForeignPlanException("the saved plan " + stored.planId() + " (" + stored.from() + " -> "
          + stored.to() + ", stage " + stored.stage() + ", key " + s.planKey() + ") was saved by an older release"
          + " for cluster " + stored.cluster() + " without its subscription, so it may belong to a cluster of the"
          + " same group and name in another subscription, not to " + state.cluster() + ": if it was saved for this"
          + " cluster, adopt it (UpgradeOptions.adoptLegacyPlan(true), CLI --adopt-plan); otherwise delete it or use"
          + " another plan key. Nothing was changed", stored.cluster(), state.cluster(), true);
    }
    return stored.adoptedBy(mine.get(), s.clock());
  }

  private ForeignPlanException foreign(UpgradePlan stored, ClusterMeshState state, boolean legacy) {
    return new ForeignPlanException("the saved plan " + stored.planId() + " (" + stored.from() + " -> "
        + stored.to() + ", key " + s.planKey() + ") belongs to cluster " + stored.cluster() + ", not to "
        + state.cluster() + ": use another plan key for this cluster (MeshUpgrader.Builder.planKey), or delete the"
        + " plan if it is no longer needed. Nothing was changed", stored.cluster(), state.cluster(), legacy);
  }

  private String newPlanId(Revision from, Revision to) {
    return from + "-to-" + to + "-" + ID_TIME.format(s.clock().instant());
  }

  // ---------------------------------------------------------------------------------------------------- upgrade

  public UpgradeReport upgrade(Revision target, UpgradeOptions options) {
    return exclusiveReport(held -> {
      EventBus bus = new EventBus(s.listeners());
      ReportBuilder report = new ReportBuilder(s.clock().instant());
      report.target(target);
      ClusterMeshState first = s.controlPlane().readMeshState();
      report.before(first.revisions(), s.dataPlane().inventory().countByRevision());
      UpgradeReport r = upgradeHops(target, options, held, bus, report);
      return r;
    });
  }

  private UpgradeReport upgradeHops(
      Revision target, UpgradeOptions options, UpgradeLock.Held held, EventBus bus, ReportBuilder report) {
    int hopsCompleted = 0;
    for (int i = 0; i < MAX_HOPS; i++) {
      ClusterMeshState state = s.controlPlane().readMeshState();
      Optional<Checkpoint> saved = s.planStore().load(s.planKey());
      Optional<String> version = saved.map(Checkpoint::version);
      UpgradePlan saved0 = saved.map(c -> UpgradePlan.fromCheckpoint(c.json())).orElse(null);
      HopRunner runner = new HopRunner(s, bus, report, held, options, null, version);
      UpgradePlan stored;
      try {
        stored = own(saved0, state, options);
      } catch (ForeignPlanException e) {
        return refused(report, bus, e);
      }
      if (stored != saved0) {
        runner.save(stored); // the explicit adoption of an older plan, recorded before anything else
      }
      RevisionCatalog catalog = s.controlPlane().getRevisions();
      Situation situation;
      UpgradePlan plan;
      if (stored != null && !stored.isTerminal()) {
        if (stored.to().isAfter(target)) {
          return refused(report, bus, new UpgradeRefusedException("the upgrade " + stored.from() + " -> "
              + stored.to() + " is in progress (stage " + stored.stage() + ") and goes beyond " + target
              + ": finish it with upgrade(" + stored.to() + ") or call rollback"));
        }
        situation = Situation.classify(state, upgradesOf(state), catalog, stored.to(), s.policy());
        if (HopRunner.expectsCanary(stored) && situation instanceof Situation.StartCanary sc
            && sc.from().equals(stored.from())) {
          return refused(report, bus, canaryRemoved(stored, state));
        }
        boolean fits = situation instanceof Situation.NothingToDo
            || situation instanceof Situation.StartCanary sc && sc.from().equals(stored.from())
            || situation instanceof Situation.ResumeCanary rc && rc.from().equals(stored.from());
        if (!fits) {
          return refused(report, bus, errorOf(situation, "the saved plan " + stored + " does not match the cluster "
              + state.revisions() + ": " + situation.message()));
        }
        if (situation instanceof Situation.NothingToDo && !stored.hasReached(UpgradeStage.CANARY_STARTED)) {
          // the plan never started its canary and the cluster already runs only its target: it is obsolete (a plan
          // that did start it, even one halted mid-rollback, goes on: namespaces or pods may still point at from)
          s.planStore().delete(s.planKey());
          return finish(report, bus, hopsCompleted > 0 ? Outcome.COMPLETED : Outcome.NOTHING_TO_DO, null,
              "the saved plan " + stored.from() + " -> " + stored.to() + " never started its canary and the cluster"
                  + " already runs only " + stored.to() + ": discarded it; " + situation.message(), null);
        }
        if (!HopRunner.inRollback(stored)) {
          Optional<DanglingInjectionException> dangling = danglingRefusal(state, stored.to(), options);
          if (dangling.isPresent()) {
            return refused(report, bus, dangling.get());
          }
        }
        plan = runner.start(stored, true);
      } else {
        if (i == 0 && stored != null && stored.stage() == UpgradeStage.COMPLETED
            && state.revisions().equals(List.of(stored.to()))) {
          s.dataPlane().deleteSharedMeshConfig(stored.from()); // idempotent end of a run that died after complete
        }
        Revision hop;
        try {
          hop = hopToward(state, target, catalog);
        } catch (UpgradeNotAllowedException e) {
          return refused(report, bus, e);
        }
        situation = Situation.classify(state, upgradesOf(state), catalog, hop, s.policy());
        if (situation instanceof Situation.NothingToDo) {
          return finish(report, bus, hopsCompleted > 0 ? Outcome.COMPLETED : Outcome.NOTHING_TO_DO, null,
              hopsCompleted > 0 ? "upgraded to " + target : situation.message(), null);
        }
        Revision from;
        if (situation instanceof Situation.StartCanary sc) {
          from = sc.from();
        } else if (situation instanceof Situation.ResumeCanary rc) {
          from = rc.from();
        } else {
          return refused(report, bus, errorOf(situation, situation.message()));
        }
        Optional<DanglingInjectionException> dangling = danglingRefusal(state, hop, options);
        if (dangling.isPresent()) {
          return refused(report, bus, dangling.get());
        }
        plan = runner.start(UpgradePlan.create(newPlanId(from, hop), state.cluster(), from, hop, s.clock()), false);
      }
      HopRunner.Result result = runner.drive(plan, HopRunner.Mode.FORWARD);
      switch (result.ending()) {
        case COMPLETED -> {
          hopsCompleted++;
          boolean more = !result.plan().to().equals(target);
          if (more && options.stopAfter().orElse(null) == UpgradeStage.COMPLETED) {
            bus.emit(new UpgradeEvent.Stopped(s.clock().instant(), result.plan().from(), result.plan().to(),
                UpgradeStage.COMPLETED));
            return finish(report, bus, Outcome.STOPPED_AFTER, UpgradeStage.COMPLETED, "completed "
                + result.plan().from() + " -> " + result.plan().to() + " and stopped as asked; call upgrade again"
                + " to go on to " + target, null);
          }
        }
        case STOPPED -> {
          return finish(report, bus, Outcome.STOPPED_AFTER, result.stoppedAfter(), result.message(), null);
        }
        case HALTED -> {
          return finish(report, bus, Outcome.HALTED, null, result.message(), null);
        }
        case ROLLED_BACK -> {
          return finish(report, bus, Outcome.ROLLED_BACK, null, result.message(), null);
        }
        default -> throw new IllegalStateException(result.ending().name());
      }
    }
    throw new MeshUpgradeException("more than " + MAX_HOPS + " hops toward " + target + ": giving up");
  }

  /** The tags and namespaces pointing at a revision not in {@code installed}. */
  private DanglingInjection danglingWith(List<Revision> installed) {
    return DanglingInjection.find(installed, s.dataPlane().revisionTags(), s.dataPlane().meshNamespaces());
  }

  /** What points at a revision that is not installed now (read-only). */
  public DanglingInjection danglingInjection() {
    return danglingWith(s.controlPlane().readMeshState().revisions());
  }

  /**
   * The refusal to start or go on with an upgrade to {@code to} while tags or namespaces point at a revision that is
   * not installed, unless the options repoint them.
   */
  private Optional<DanglingInjectionException> danglingRefusal(
      ClusterMeshState state, Revision to, UpgradeOptions options) {
    if (options.repointDanglingTags()) {
      return Optional.empty();
    }
    DanglingInjection d = danglingWith(state.revisions());
    if (d.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DanglingInjectionException(d, "refusing to upgrade to " + to + " (nothing was changed): "
        + d.describe() + ": point the tags at an installed revision (istioctl tag set <tag> --revision "
        + state.highestRevision().map(Revision::toString).orElse("<revision>") + ") and relabel the namespaces, or"
        + " pass repointDanglingTags (CLI: --repoint-dangling-tags) to point them at " + to
        + " when injection is switched"));
  }

  /** The refusal to go on with {@code plan}, whose canary was removed outside this library. */
  private CanaryRemovedException canaryRemoved(UpgradePlan plan, ClusterMeshState state) {
    Revision canary = plan.to();
    List<MeshNamespace> all = s.dataPlane().meshNamespaces();
    List<String> tags = s.dataPlane().revisionTags().stream().filter(t -> t.revision().equals(canary))
        .map(RevisionTag::tag).sorted().toList();
    List<String> pointing = all.stream()
        .filter(n -> n.revisionLabel().equals(canary.toString()) || tags.contains(n.revisionLabel()))
        .map(MeshNamespace::name).sorted().toList();
    String what = pointing.isEmpty() && tags.isEmpty()
        ? "nothing points at it yet: call rollback to close the plan, then upgrade again"
        : (pointing.isEmpty() ? "" : "namespaces " + String.join(", ", pointing) + " still point at it")
            + (tags.isEmpty() ? "" : (pointing.isEmpty() ? "" : " and ") + "revision tags " + String.join(", ", tags)
                + " still point at it")
            + ": call rollback to move injection back to " + plan.from()
            + " (workloads left without a sidecar are restarted), then upgrade again";
    return new CanaryRemovedException(canary, pointing, "the canary " + canary + " was removed outside this run"
        + " (cluster " + state.cluster() + " has " + state.revisions() + ") while the saved plan " + plan.planId()
        + " was at " + plan.stage() + (plan.stage() == UpgradeStage.HALTED ? " (from " + plan.haltedFrom()
            .orElseThrow() + ")" : "") + "; " + what);
  }

  private static MeshUpgradeException errorOf(Situation situation, String message) {
    if (situation instanceof Situation.Refused r) {
      return r.error();
    }
    return new UpgradeRefusedException(message);
  }

  private UpgradeReport refused(ReportBuilder report, EventBus bus, MeshUpgradeException error) {
    bus.emit(new UpgradeEvent.Refused(s.clock().instant(), error.getMessage()));
    return finish(report, bus, Outcome.REFUSED, null, error.getMessage(), error);
  }

  private UpgradeReport finish(ReportBuilder report, EventBus bus, Outcome outcome, UpgradeStage stoppedAfter,
      String message, MeshUpgradeException refusal) {
    report.after(s.controlPlane().readMeshState().revisions(), s.dataPlane().inventory().countByRevision());
    return report.build(outcome, stoppedAfter, message, refusal, s.clock().instant(), bus.failures());
  }

  private static UpgradeReport.Outcome outcomeOf(HopRunner.Ending e) {
    return switch (e) {
      case COMPLETED -> Outcome.COMPLETED;
      case ROLLED_BACK -> Outcome.ROLLED_BACK;
      case HALTED -> Outcome.HALTED;
      case STOPPED -> Outcome.STOPPED_AFTER;
    };
  }

  // ------------------------------------------------------------------------------------------ complete, rollback

  /**
   * What complete and rollback work on.
   *
   * @param version the store version of the saved checkpoint
   * @param stored the saved plan, whatever its stage (null: none)
   * @param plan the plan in progress: the saved one unless terminal, else one adopted from a canary installed
   *     without a plan (null: neither)
   * @param adopted whether {@code plan} was adopted (not saved yet)
   */
  private record InProgress(Optional<String> version, UpgradePlan stored, UpgradePlan plan, boolean adopted) {}

  /** Loads the saved plan (refusing one of another cluster) and finds the plan in progress, or adopts a canary. */
  private InProgress loadOrAdopt(ClusterMeshState state, UpgradeOptions options) {
    Optional<Checkpoint> saved = s.planStore().load(s.planKey());
    UpgradePlan loaded = saved.map(c -> UpgradePlan.fromCheckpoint(c.json())).orElse(null);
    UpgradePlan stored = own(loaded, state, options);
    Optional<String> version = saved.map(Checkpoint::version);
    if (stored != loaded) {
      // the explicit adoption of an older plan, recorded before anything else
      version = Optional.of(s.planStore().save(s.planKey(), stored.toCheckpoint(), version).version());
    }
    if (stored != null && !stored.isTerminal()) {
      return new InProgress(version, stored, stored, false);
    }
    List<Revision> installed = state.revisions();
    if (installed.size() == 2) {
      UpgradePlan adopted = UpgradePlan.create(newPlanId(installed.get(0), installed.get(1)), state.cluster(),
          installed.get(0), installed.get(1), s.clock());
      return new InProgress(version, stored, adopted, true);
    }
    return new InProgress(version, stored, null, false);
  }

  private static NoUpgradeInProgressException notInProgress(ClusterMeshState state, String what) {
    return new NoUpgradeInProgressException("Azure Service Mesh upgrade is not in progress on cluster "
        + state.cluster() + " (installed: " + state.revisions() + "): nothing to " + what + "; start one with"
        + " upgrade");
  }


  public UpgradeReport complete(String forceReason, UpgradeOptions options) {
    return exclusiveReport(held -> {
      EventBus bus = new EventBus(s.listeners());
      ReportBuilder report = new ReportBuilder(s.clock().instant());
      ClusterMeshState state = s.controlPlane().readMeshState();
      PodInventory inventory = s.dataPlane().inventory();
      report.before(state.revisions(), inventory.countByRevision());
      InProgress found = loadOrAdopt(state, options);
      UpgradePlan stored = found.stored();
      UpgradePlan plan = found.plan();
      boolean adopted = found.adopted();
      if (plan == null) {
        if (stored != null && stored.stage() == UpgradeStage.COMPLETED
            && state.revisions().equals(List.of(stored.to()))) {
          report.target(stored.to());
          HopRunner runner = new HopRunner(s, bus, report, held, options, null, found.version());
          report.plan(stored);
          runner.finishComplete(stored);
          return finish(report, bus, Outcome.COMPLETED, null, stored.from() + " -> " + stored.to()
              + " was already completed", null);
        }
        throw notInProgress(state, "complete");
      }
      report.target(plan.to());
      if (plan.stage() != UpgradeStage.HALTED && HopRunner.ROLLBACK_CHAIN.contains(plan.stage())) {
        throw new UpgradeRefusedException("a rollback of " + plan.from() + " -> " + plan.to() + " is in progress"
            + " (stage " + plan.stage() + "): finish it with rollback, then upgrade again");
      }
      if (!state.revisions().contains(plan.to()) && !adopted && HopRunner.expectsCanary(plan)
          && state.revisions().equals(List.of(plan.from()))) {
        throw canaryRemoved(plan, state);
      }
      if (!state.revisions().contains(plan.to())) {
        throw new NoUpgradeInProgressException("the canary of " + plan.to() + " is not installed (installed: "
            + state.revisions() + "): start it with upgrade before completing");
      }
      Orphans orphans = Orphans.of(plan.from(), inventory, s.dataPlane().meshNamespaces(),
          s.dataPlane().revisionTags());
      if (!orphans.isEmpty() && forceReason == null) {
        throw new UpgradeRefusedException("cannot complete " + plan.from() + " -> " + plan.to() + ": "
            + orphans.describe("pass force"));
      }
      DanglingInjection afterComplete = danglingWith(List.of(plan.to()));
      if (!afterComplete.isEmpty() && !options.repointDanglingTags()) {
        throw new DanglingInjectionException(afterComplete, "cannot complete " + plan.from() + " -> " + plan.to()
            + " (nothing was changed): once only " + plan.to() + " is installed, " + afterComplete.describe()
            + ": point the tags at " + plan.to() + " (istioctl tag set <tag> --revision " + plan.to() + ") and"
            + " relabel the namespaces, or pass repointDanglingTags (CLI: --repoint-dangling-tags) to do it before"
            + " complete");
      }
      if (forceReason != null) {
        report.forced(forceReason);
      }
      HopRunner runner = new HopRunner(s, bus, report, held, options, forceReason,
          found.version());
      plan = runner.start(plan, !adopted);
      HopRunner.Result result = runner.drive(plan, HopRunner.Mode.COMPLETE);
      return finish(report, bus, outcomeOf(result.ending()), result.stoppedAfter(), result.message(), null);
    });
  }

  public UpgradeReport rollback(UpgradeOptions options) {
    return exclusiveReport(held -> {
      EventBus bus = new EventBus(s.listeners());
      ReportBuilder report = new ReportBuilder(s.clock().instant());
      ClusterMeshState state = s.controlPlane().readMeshState();
      report.before(state.revisions(), s.dataPlane().inventory().countByRevision());
      InProgress found = loadOrAdopt(state, options);
      UpgradePlan stored = found.stored();
      UpgradePlan plan = found.plan();
      boolean adopted = found.adopted();
      if (plan == null) {
        if (stored != null && stored.stage() == UpgradeStage.COMPLETED) {
          throw new UpgradeRefusedException("the upgrade " + stored.from() + " -> " + stored.to()
              + " was completed: AKS cannot roll back after complete (" + stored.from() + " is gone);"
              + " upgrade to a newer revision instead");
        }
        if (stored != null && stored.stage() == UpgradeStage.ROLLED_BACK
            && state.revisions().equals(List.of(stored.from()))) {
          report.target(stored.from());
          report.plan(stored);
          new HopRunner(s, bus, report, held, options, null, found.version())
              .finishRollback(stored);
          return finish(report, bus, Outcome.ROLLED_BACK, null,
              stored.from() + " -> " + stored.to() + " was already rolled back", null);
        }
        throw notInProgress(state, "roll back");
      }
      report.target(plan.from());
      HopRunner runner = new HopRunner(s, bus, report, held, options, null, found.version());
      if (!plan.hasReached(UpgradeStage.CANARY_STARTED) && !state.revisions().contains(plan.to())) {
        String copied = plan.detailsOf(UpgradeStage.MESH_CONFIG_COPIED).orElse(Map.of()).getOrDefault("result", "");
        if (copied.equals(MeshConfigCopy.COPIED.name()) || copied.equals(MeshConfigCopy.OVERWRITTEN.name())) {
          s.dataPlane().deleteSharedMeshConfig(plan.to());
        }
        s.planStore().delete(s.planKey());
        report.plan(plan);
        bus.emit(new UpgradeEvent.RolledBack(s.clock().instant(), plan.from(), plan.to()));
        return finish(report, bus, Outcome.ROLLED_BACK, null, "the canary of " + plan.to()
            + " had not been started: removed its copied mesh config and the saved plan", null);
      }
      plan = runner.start(plan, !adopted);
      HopRunner.Result result = runner.drive(plan, HopRunner.Mode.ROLLBACK_FULLY);
      return finish(report, bus, outcomeOf(result.ending()), null, result.message(), null);
    });
  }

  // ------------------------------------------------------------------------------------------------------ repair

  public ClusterMeshState repair() {
    return exclusive(held -> {
      ClusterMeshState state = s.controlPlane().readMeshState();
      if (!state.isFailed()) {
        throw new UpgradeRefusedException("cluster " + state.cluster() + " is " + state.provisioningState()
            + ", not Failed: there is nothing to repair"
            + (state.isSucceeded() ? "; resume with upgrade, complete or rollback"
                : "; wait for its current operation to finish, then read its state again"));
      }
      held.renew();
      return s.controlPlane().repair();
    }, (r, warning) -> r);
  }

  // ---------------------------------------------------------------------------------------------- patch roll-over

  public RollOverReport rollOverPatch(UpgradeOptions options) {
    return exclusive(held -> {
      EventBus bus = new EventBus(s.listeners());
      ReportBuilder report = new ReportBuilder(s.clock().instant());
      ClusterMeshState state = s.controlPlane().readMeshState();
      PodInventory inventory = s.dataPlane().inventory();
      Map<Revision, String> images = new LinkedHashMap<>();
      List<PatchRollover.StaleWorkload> stale = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      for (Revision r : state.revisions()) {
        Optional<String> image = s.dataPlane().currentProxyImage(r);
        if (image.isEmpty()) {
          warnings.add("the injector config of " + r + " (istio-sidecar-injector-" + r + ") was not found: its"
              + " workloads were not checked");
          continue;
        }
        images.put(r, image.get());
        stale.addAll(PatchRollover.staleWorkloads(r, image.get(), inventory));
      }
      List<WorkloadRef> restartable = stale.stream().filter(PatchRollover.StaleWorkload::isRestartable)
          .map(PatchRollover.StaleWorkload::workload).distinct().toList();
      List<WorkloadRef> notRestartable = stale.stream().filter(w -> !w.isRestartable())
          .map(PatchRollover.StaleWorkload::workload).distinct().toList();
      HopRunner runner = new HopRunner(s, bus, report, held, options, null, Optional.empty());
      List<RolloutResult> failures = runner.restart(restartable);
      return RollOverReport.builder().currentImages(images).staleWorkloads(stale).restarted(restartable)
          .notRestartable(notRestartable).failedRollouts(failures).warnings(warnings)
          .listenerFailures(bus.failures()).build();
    }, Orchestrator::withWarning);
  }

  // ------------------------------------------------------------------------------------------------- dry run

  public UpgradePreview preview(Revision target, UpgradeOptions options) {
    ClusterMeshState state = s.controlPlane().readMeshState();
    RevisionCatalog catalog = s.controlPlane().getRevisions();
    MeshUpgrades upgrades = upgradesOf(state);
    UpgradeRules rules = rules(catalog);
    Optional<UpgradePlan> stored = currentPlan().filter(p -> !p.isTerminal());
    List<Revision> installed = state.revisions();
    List<Revision> hops = new ArrayList<>();
    UpgradeNotAllowedException pathRefusal = null;
    Revision start = stored.map(UpgradePlan::to)
        .orElse(installed.size() == 2 ? installed.get(1) : installed.isEmpty() ? target : installed.get(0));
    // a canary without a saved plan is adopted when it goes to the target or to the first hop toward it
    boolean adopt = stored.isEmpty() && installed.size() == 2
        && hopToward(state, target, catalog).equals(installed.get(1));
    if (stored.isPresent() ? !start.isAfter(target) : adopt) {
      hops.add(start);
    }
    boolean pathFromStart = stored.isPresent() || installed.size() == 1 || adopt;
    if (state.meshEnabled() && pathFromStart && target.isAfter(start)) {
      try {
        hops.addAll(UpgradePath.find(rules, start, target, state.kubernetesVersion()).hops());
      } catch (UpgradeNotAllowedException e) {
        pathRefusal = e;
      }
    }
    Revision hop = hops.isEmpty() ? target : hops.get(0);
    Situation situation = Situation.classify(state, upgrades, catalog, hop, s.policy());
    Optional<UpgradeDecision> ruleCheck = installed.size() == 1 && state.meshEnabled()
        ? Optional.of(rules.check(installed.get(0), hop, state.kubernetesVersion())) : Optional.empty();
    Revision from = situation instanceof Situation.StartCanary sc ? sc.from()
        : situation instanceof Situation.ResumeCanary rc ? rc.from()
        : installed.isEmpty() ? target : installed.get(0);
    List<UpgradeStage> steps = List.of();
    String message = pathRefusal != null ? pathRefusal.getMessage() : situation.message();
    boolean proceeds = pathRefusal == null
        && (situation instanceof Situation.StartCanary || situation instanceof Situation.ResumeCanary
            || situation instanceof Situation.NothingToDo && stored.isPresent());
    UpgradeStage last = options.stopAfter().orElse(UpgradeStage.COMPLETED);
    if (proceeds) {
      UpgradeStage at = stored.filter(p -> p.to().equals(hop)).map(HopRunner::effectiveStage)
          .orElse(UpgradeStage.PLANNED);
      steps = HopRunner.forwardStagesAfter(at, last);
    }
    List<MeshNamespace> namespaces = s.dataPlane().meshNamespaces();
    PodInventory inventory = s.dataPlane().inventory();
    List<RevisionTag> allTags = s.dataPlane().revisionTags();
    DanglingInjection dangling = DanglingInjection.find(installed, allTags, namespaces);
    List<String> toRelabel = new ArrayList<>(namespaces.stream()
        .filter(n -> n.revisionLabel().equals(from.toString())).map(MeshNamespace::name).toList());
    List<String> tagsToMove = new ArrayList<>(HopRunner.tagsToMove(allTags, from, options.revisionTag()));
    if (options.repointDanglingTags()) {
      toRelabel.addAll(dangling.namespacesLabelledWithMissingRevision());
      tagsToMove.addAll(dangling.tagNames());
    }
    toRelabel = toRelabel.stream().distinct().sorted().toList();
    tagsToMove = tagsToMove.stream().distinct().sorted().toList();
    boolean refusedForDangling = proceeds && !dangling.isEmpty() && !options.repointDanglingTags()
        && !stored.map(HopRunner::inRollback).orElse(false);
    if (refusedForDangling) {
      proceeds = false;
      steps = List.of();
      message = danglingRefusal(state, hop, options).orElseThrow().getMessage();
    }
    List<WorkloadRef> onOld = new ArrayList<>(inventory.workloadsOn(from));
    List<WorkloadRef> restartable = onOld.stream().filter(w -> w.kind().isRestartable()).toList();
    List<WorkloadRef> notRestartable = onOld.stream().filter(w -> !w.kind().isRestartable()).toList();
    List<String> injection = namespaces.stream().filter(MeshNamespace::hasIstioInjectionLabel)
        .map(MeshNamespace::name).sorted().toList();
    if (proceeds) {
      message = "would upgrade " + from + " -> " + String.join(" -> ", hops.stream().map(Revision::toString).toList())
          + ": relabel " + toRelabel.size() + " namespaces " + toRelabel
          + (tagsToMove.isEmpty() ? "" : ", move tags " + tagsToMove) + ", restart " + restartable.size() + " workloads"
          + (notRestartable.isEmpty() ? "" : "; " + notRestartable.size() + " workloads cannot be restarted and"
              + " block completion: " + notRestartable.stream().map(WorkloadRef::toString)
                  .collect(Collectors.joining(", ")) + ": delete their pods before complete (they come back on the"
              + " new revision) or forceComplete")
          + (injection.isEmpty() ? "" : "; namespaces labelled istio-injection are skipped by AKS: " + injection)
          + (dangling.isEmpty() ? "" : "; repoints to " + hop + " what dangles: " + dangling.describe());
    }
    return UpgradePreview.builder().target(target).installed(installed).kubernetes(state.kubernetesVersion())
        .situation(situation).ruleCheck(ruleCheck.orElse(null)).hops(proceeds ? hops : List.of())
        .pathRefusal(pathRefusal).planInProgress(stored.orElse(null)).steps(steps)
        .switchBy(options.revisionTag().map(t -> "tag:" + t).orElse("relabel")).namespacesToRelabel(toRelabel)
        .tagsToMove(tagsToMove).workloadsToRestart(restartable).notRestartable(notRestartable)
        .podsOnOldByNamespace(new TreeMap<>(inventory.countOnRevisionByNamespace(from)))
        .namespacesWithIstioInjection(injection).podsPerRevision(inventory.countByRevision()).dangling(dangling)
        .message(message).build();
  }
}
