package io.meshupgrade.internal;

import io.meshupgrade.exception.CanaryRemovedException;
import io.meshupgrade.exception.DanglingInjectionException;
import io.meshupgrade.exception.ForeignPlanException;
import io.meshupgrade.exception.NoUpgradeInProgressException;
import io.meshupgrade.exception.UpgradeNotAllowedException;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.model.ClusterId;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.DanglingInjection;
import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.model.MeshUpgrades;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.Situation;
import io.meshupgrade.plan.UpgradePath;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.plan.UpgradeRules;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.report.UpgradeReport.Outcome;
import io.meshupgrade.spi.Checkpoint;
import io.meshupgrade.spi.UpgradeLock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * What the calls share: the saved plan and whose it is, the next hop, the refusals every call makes before it
 * changes anything, and the report's end. Not API. Thread-safe (stateless beyond the settings).
 */
final class Calls {

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  final Settings s;

  Calls(Settings s) {
    this.s = s;
  }

  /** A runner for one call. */
  HopRunner runner(EventBus bus, ReportBuilder report, UpgradeLock.Held held, UpgradeOptions options,
      String forceReason, Optional<String> version, RunControl control) {
    return new HopRunner(new StepContext(s, bus, report, held, options, forceReason, version, control));
  }

  /** The saved plan, if any. */
  Optional<UpgradePlan> currentPlan() {
    return s.planStore().load(s.planKey()).map(c -> UpgradePlan.fromCheckpoint(c.json()));
  }

  MeshUpgrades upgradesOf(ClusterMeshState state) {
    return state.meshEnabled() ? s.controlPlane().getUpgrades() : new MeshUpgrades(List.of(), false);
  }

  UpgradeRules rules(RevisionCatalog catalog, ClusterMeshState state) {
    return UpgradeRules.of(catalog, s.policy(), state.supportPlan());
  }

  String newPlanId(Revision from, Revision to) {
    return from + "-to-" + to + "-" + ID_TIME.format(s.clock().instant());
  }

  /**
   * The next hop toward {@code target} when no plan is saved: the first hop of the path. With a canary
   * {@code [from, next]} installed, {@code next} when it is the first hop of the path from {@code from} to the target
   * (the canary is adopted and resumed, then the upgrade goes on); else the target (the canary is stale unless it
   * goes to the target).
   */
  Revision hopToward(ClusterMeshState state, Revision target, RevisionCatalog catalog) {
    List<Revision> installed = state.revisions();
    if (installed.size() == 1 && state.meshEnabled() && target.isAfter(installed.get(0))) {
      return UpgradePath.find(rules(catalog, state), installed.get(0), target, state.kubernetesVersion()).firstHop()
          .orElse(target);
    }
    if (installed.size() == 2 && state.meshEnabled() && target.isAfter(installed.get(1))) {
      try {
        Optional<Revision> first = UpgradePath.find(rules(catalog, state), installed.get(0), target,
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
  UpgradePlan own(UpgradePlan stored, ClusterMeshState state, UpgradeOptions options) {
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
      throw foreign(stored, state);
    }
    if (theirs.isPresent()) {
      if (theirs.get().equals(mine.get())) {
        return stored;
      }
      throw foreign(stored, state);
    }
    if (!stored.cluster().equalsIgnoreCase(mine.get().legacyName())) {
      throw foreign(stored, state);
    }
    if (!options.adoptLegacyPlan()) {
      throw new ForeignPlanException("the saved plan " + stored.planId() + " (" + stored.from() + " -> "
          + stored.to() + ", stage " + stored.stage() + ", key " + s.planKey() + ") was saved by an older release"
          + " for cluster " + stored.cluster() + " without its subscription, so it may belong to a cluster of the"
          + " same group and name in another subscription, not to " + state.cluster() + ": if it was saved for this"
          + " cluster, adopt it (UpgradeOptions.adoptLegacyPlan(true), CLI --adopt-plan); otherwise delete it or use"
          + " another plan key. Nothing was changed", stored.cluster(), state.cluster(), true);
    }
    return Plans.adoptedBy(stored, mine.get(), s.clock());
  }

  private ForeignPlanException foreign(UpgradePlan stored, ClusterMeshState state) {
    return new ForeignPlanException("the saved plan " + stored.planId() + " (" + stored.from() + " -> "
        + stored.to() + ", key " + s.planKey() + ") belongs to cluster " + stored.cluster() + ", not to "
        + state.cluster() + ": use another plan key for this cluster (MeshUpgraderBuilder.planKey), or delete the"
        + " plan if it is no longer needed. Nothing was changed", stored.cluster(), state.cluster(), false);
  }

  /**
   * What complete and rollback work on.
   *
   * @param version the store version of the saved checkpoint
   * @param stored the saved plan, whatever its stage (null: none)
   * @param plan the plan in progress: the saved one unless terminal, else one adopted from a canary installed
   *     without a plan (null: neither)
   * @param adopted whether {@code plan} was adopted (not saved yet)
   */
  record InProgress(Optional<String> version, UpgradePlan stored, UpgradePlan plan, boolean adopted) {}

  /** Loads the saved plan (refusing one of another cluster) and finds the plan in progress, or adopts a canary. */
  InProgress loadOrAdopt(ClusterMeshState state, UpgradeOptions options) {
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

  static NoUpgradeInProgressException notInProgress(ClusterMeshState state, String what) {
    return new NoUpgradeInProgressException("Azure Service Mesh upgrade is not in progress on cluster "
        + state.cluster() + " (installed: " + state.revisions() + "): nothing to " + what + "; start one with"
        + " upgrade");
  }

  /** The tags and namespaces pointing at a revision not in {@code installed}. */
  DanglingInjection danglingWith(List<Revision> installed) {
    return DanglingInjection.find(installed, s.dataPlane().revisionTags(), s.dataPlane().meshNamespaces());
  }

  /**
   * The refusal to start or go on with an upgrade to {@code to} while tags or namespaces point at a revision that is
   * not installed, unless the options repoint them.
   */
  Optional<DanglingInjectionException> danglingRefusal(ClusterMeshState state, Revision to, UpgradeOptions options) {
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
  CanaryRemovedException canaryRemoved(UpgradePlan plan, ClusterMeshState state) {
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

  static UpgradeRefusedException errorOf(Situation situation, String message) {
    if (situation instanceof Situation.Refused r) {
      return r.error();
    }
    return new UpgradeRefusedException(message);
  }

  UpgradeReport finish(ReportBuilder report, EventBus bus, Outcome outcome, UpgradeStage stoppedAfter,
      String message) {
    report.after(s.controlPlane().readMeshState().revisions(), s.dataPlane().inventory().countByRevision());
    return report.build(outcome, stoppedAfter, message, s.clock().instant(), bus.failures());
  }

  static Outcome outcomeOf(HopRunner.Ending e) {
    return switch (e) {
      case COMPLETED -> Outcome.COMPLETED;
      case ROLLED_BACK -> Outcome.ROLLED_BACK;
      case HALTED -> Outcome.HALTED;
      case STOPPED -> Outcome.STOPPED_AFTER;
    };
  }
}
