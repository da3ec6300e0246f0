package io.meshupgrade.internal;

import io.meshupgrade.exception.UpgradeNotAllowedException;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.DanglingInjection;
import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.model.MeshUpgrades;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.Situation;
import io.meshupgrade.plan.TransitionTable;
import io.meshupgrade.plan.UpgradeDecision;
import io.meshupgrade.plan.UpgradePath;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.plan.UpgradeRules;
import io.meshupgrade.report.UpgradePreview;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@link io.meshupgrade.MeshUpgrader#plan}: the dry run of an upgrade, from the same decisions the upgrade makes.
 * Changes nothing. Not API. Stateless.
 */
final class PreviewCall {

  private final Calls calls;
  private final Settings s;

  PreviewCall(Calls calls) {
    this.calls = calls;
    this.s = calls.s;
  }

  UpgradePreview preview(Revision target, UpgradeOptions options) {
    ClusterMeshState state = s.controlPlane().readMeshState();
    RevisionCatalog catalog = s.controlPlane().getRevisions();
    MeshUpgrades upgrades = calls.upgradesOf(state);
    UpgradeRules rules = calls.rules(catalog, state);
    Optional<UpgradePlan> stored = calls.currentPlan().filter(p -> !p.isTerminal());
    List<Revision> installed = state.revisions();
    List<Revision> hops = new ArrayList<>();
    UpgradeNotAllowedException pathRefusal = null;
    Revision start = stored.map(UpgradePlan::to)
        .orElse(installed.size() == 2 ? installed.get(1) : installed.isEmpty() ? target : installed.get(0));
    // a canary without a saved plan is adopted when it goes to the target or to the first hop toward it
    boolean adopt = stored.isEmpty() && installed.size() == 2
        && calls.hopToward(state, target, catalog).equals(installed.get(1));
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
      steps = TransitionTable.forwardStagesAfter(at, last);
    }
    List<MeshNamespace> namespaces = s.dataPlane().meshNamespaces();
    PodInventory inventory = s.dataPlane().inventory();
    List<RevisionTag> allTags = s.dataPlane().revisionTags();
    DanglingInjection dangling = DanglingInjection.find(installed, allTags, namespaces);
    List<String> toRelabel = new ArrayList<>(namespaces.stream()
        .filter(n -> n.revisionLabel().equals(from.toString())).map(MeshNamespace::name).toList());
    List<String> tagsToMove = new ArrayList<>(SwitchInjectionStep.tagsToMove(allTags, from, options.revisionTag()));
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
      message = calls.danglingRefusal(state, hop, options).orElseThrow().getMessage();
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
