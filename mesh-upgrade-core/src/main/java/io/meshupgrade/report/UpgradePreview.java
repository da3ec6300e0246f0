package io.meshupgrade.report;

import io.meshupgrade.exception.UpgradeNotAllowedException;
import io.meshupgrade.model.DanglingInjection;
import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.plan.Situation;
import io.meshupgrade.plan.UpgradeDecision;
import io.meshupgrade.plan.UpgradePlan;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The dry run of an upgrade ({@link io.meshupgrade.MeshUpgrader#plan}): what the upgrader would do, computed from the
 * observed cluster without changing anything. Immutable and thread-safe. Build one with {@link #builder()}; a field
 * added later gets a default in the builder, so no caller breaks.
 *
 * <p>The namespaces and workloads are those of the next hop (the one a call to {@code upgrade} would run first);
 * later hops relabel and restart the same workloads again.
 */
public final class UpgradePreview {

  private final Revision target;
  private final List<Revision> installed;
  private final KubernetesVersion kubernetes;
  private final Situation situation;
  private final Optional<UpgradeDecision> ruleCheck;
  private final List<Revision> hops;
  private final Optional<UpgradeNotAllowedException> pathRefusal;
  private final Optional<UpgradePlan> planInProgress;
  private final List<UpgradeStage> steps;
  private final String switchBy;
  private final List<String> namespacesToRelabel;
  private final List<String> tagsToMove;
  private final List<WorkloadRef> workloadsToRestart;
  private final List<WorkloadRef> notRestartable;
  private final Map<String, Integer> podsOnOldByNamespace;
  private final List<String> namespacesWithIstioInjection;
  private final Map<String, Integer> podsPerRevision;
  private final DanglingInjection dangling;
  private final String message;

  UpgradePreview(UpgradePreviewBuilder b) {
    this.target = Objects.requireNonNull(b.target, "target");
    this.installed = List.copyOf(b.installed);
    this.kubernetes = Objects.requireNonNull(b.kubernetes, "kubernetes");
    this.situation = Objects.requireNonNull(b.situation, "situation");
    this.ruleCheck = Optional.ofNullable(b.ruleCheck);
    this.hops = List.copyOf(b.hops);
    this.pathRefusal = Optional.ofNullable(b.pathRefusal);
    this.planInProgress = Optional.ofNullable(b.planInProgress);
    this.steps = List.copyOf(b.steps);
    this.switchBy = Objects.requireNonNull(b.switchBy, "switchBy");
    this.namespacesToRelabel = List.copyOf(b.namespacesToRelabel);
    this.tagsToMove = List.copyOf(b.tagsToMove);
    this.workloadsToRestart = List.copyOf(b.workloadsToRestart);
    this.notRestartable = List.copyOf(b.notRestartable);
    this.podsOnOldByNamespace = SortedMaps.copyOf(b.podsOnOldByNamespace, "podsOnOldByNamespace");
    this.namespacesWithIstioInjection = List.copyOf(b.namespacesWithIstioInjection);
    this.podsPerRevision = SortedMaps.copyOf(b.podsPerRevision, Revision.NAME_ORDER, "podsPerRevision");
    this.dangling = Objects.requireNonNull(b.dangling, "dangling");
    this.message = Objects.requireNonNull(b.message, "message");
  }

  /** {@return a builder with empty lists and maps and no optional values; the other values are required} */
  public static UpgradePreviewBuilder builder() {
    return new UpgradePreviewBuilder();
  }

  /** {@return a builder holding this preview's values} */
  public UpgradePreviewBuilder toBuilder() {
    UpgradePreviewBuilder b = new UpgradePreviewBuilder();
    b.target = target;
    b.installed = installed;
    b.kubernetes = kubernetes;
    b.situation = situation;
    b.ruleCheck = ruleCheck.orElse(null);
    b.hops = hops;
    b.pathRefusal = pathRefusal.orElse(null);
    b.planInProgress = planInProgress.orElse(null);
    b.steps = steps;
    b.switchBy = switchBy;
    b.namespacesToRelabel = namespacesToRelabel;
    b.tagsToMove = tagsToMove;
    b.workloadsToRestart = workloadsToRestart;
    b.notRestartable = notRestartable;
    b.podsOnOldByNamespace = podsOnOldByNamespace;
    b.namespacesWithIstioInjection = namespacesWithIstioInjection;
    b.podsPerRevision = podsPerRevision;
    b.dangling = dangling;
    b.message = message;
    return b;
  }

  /** {@return the final revision asked for} */
  public Revision target() {
    return target;
  }

  /** {@return the installed revisions, ascending} */
  public List<Revision> installed() {
    return installed;
  }

  /** {@return the cluster's Kubernetes version} */
  public KubernetesVersion kubernetes() {
    return kubernetes;
  }

  /** {@return where the cluster stands with respect to the next hop} */
  public Situation situation() {
    return situation;
  }

  /** {@return the rules' verdict on the next hop (empty when a canary is already in progress)} */
  public Optional<UpgradeDecision> ruleCheck() {
    return ruleCheck;
  }

  /**
   * {@return the canary upgrades still to run, in order, ending with the target (empty when refused or nothing to do)}
   */
  public List<Revision> hops() {
    return hops;
  }

  /** {@return why no path leads to the target, when none does} */
  public Optional<UpgradeNotAllowedException> pathRefusal() {
    return pathRefusal;
  }

  /** {@return the saved plan a call to {@code upgrade} would resume; empty when none is in progress} */
  public Optional<UpgradePlan> planInProgress() {
    return planInProgress;
  }

  /** {@return the stages the next hop will still go through, in order} */
  public List<UpgradeStage> steps() {
    return steps;
  }

  /** {@return how injection will be switched: {@code relabel} or {@code tag:<name>}} */
  public String switchBy() {
    return switchBy;
  }

  /** {@return the namespaces labelled with the old revision, ascending} */
  public List<String> namespacesToRelabel() {
    return namespacesToRelabel;
  }

  /**
   * The revision tags that will point at the new revision (those pointing at the old one, and the options' tag),
   * ascending.
   *
   * @return the tag names, ascending; empty when no tag moves
   */
  public List<String> tagsToMove() {
    return tagsToMove;
  }

  /** {@return the restartable workloads with pods on the old revision, ascending} */
  public List<WorkloadRef> workloadsToRestart() {
    return workloadsToRestart;
  }

  /**
   * The workloads with pods on the old revision that cannot be restarted (Jobs, bare pods): they block completion
   * until recreated.
   *
   * @return those workloads; empty when every workload on the old revision can be restarted
   */
  public List<WorkloadRef> notRestartable() {
    return notRestartable;
  }

  /** {@return the number of pods on the old revision per namespace, ascending by namespace} */
  public Map<String, Integer> podsOnOldByNamespace() {
    return podsOnOldByNamespace;
  }

  /** {@return the namespaces labelled {@code istio-injection}: AKS skips them entirely} */
  public List<String> namespacesWithIstioInjection() {
    return namespacesWithIstioInjection;
  }

  /**
   * {@return the number of pods per sidecar revision ("" for pods without a sidecar), in
   * {@link Revision#NAME_ORDER}}
   */
  public Map<String, Integer> podsPerRevision() {
    return podsPerRevision;
  }

  /**
   * Revision tags and namespaces pointing at a revision that is not installed: {@code upgrade} refuses while any
   * exist unless the options repoint them (then they are in {@code tagsToMove} and {@code namespacesToRelabel}).
   *
   * @return the dangling tags and namespaces found (possibly none)
   */
  public DanglingInjection dangling() {
    return dangling;
  }

  /** {@return one line: what {@code upgrade} would do, or why it would refuse} */
  public String message() {
    return message;
  }

  /** {@return whether {@code upgrade} would change the cluster (start, resume or continue a canary)} */
  public boolean wouldChangeCluster() {
    return !steps.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof UpgradePreview p)) {
      return false;
    }
    return p.target.equals(target)
        && p.installed.equals(installed)
        && p.kubernetes.equals(kubernetes)
        && p.situation.equals(situation)
        && p.ruleCheck.equals(ruleCheck)
        && p.hops.equals(hops)
        && p.pathRefusal.equals(pathRefusal)
        && p.planInProgress.equals(planInProgress)
        && p.steps.equals(steps)
        && p.switchBy.equals(switchBy)
        && p.namespacesToRelabel.equals(namespacesToRelabel)
        && p.tagsToMove.equals(tagsToMove)
        && p.workloadsToRestart.equals(workloadsToRestart)
        && p.notRestartable.equals(notRestartable)
        && p.podsOnOldByNamespace.equals(podsOnOldByNamespace)
        && p.namespacesWithIstioInjection.equals(namespacesWithIstioInjection)
        && p.podsPerRevision.equals(podsPerRevision)
        && p.dangling.equals(dangling)
        && p.message.equals(message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(target, installed, kubernetes, situation, ruleCheck, hops, pathRefusal, planInProgress, steps,
        switchBy, namespacesToRelabel, tagsToMove, workloadsToRestart, notRestartable, podsOnOldByNamespace,
        namespacesWithIstioInjection, podsPerRevision, dangling, message);
  }

  @Override
  public String toString() {
    return "UpgradePreview["
        + "target=" + target
        + ", installed=" + installed
        + ", kubernetes=" + kubernetes
        + ", situation=" + situation
        + ", ruleCheck=" + ruleCheck
        + ", hops=" + hops
        + ", pathRefusal=" + pathRefusal
        + ", planInProgress=" + planInProgress
        + ", steps=" + steps
        + ", switchBy=" + switchBy
        + ", namespacesToRelabel=" + namespacesToRelabel
        + ", tagsToMove=" + tagsToMove
        + ", workloadsToRestart=" + workloadsToRestart
        + ", notRestartable=" + notRestartable
        + ", podsOnOldByNamespace=" + podsOnOldByNamespace
        + ", namespacesWithIstioInjection=" + namespacesWithIstioInjection
        + ", podsPerRevision=" + podsPerRevision
        + ", dangling=" + dangling
        + ", message=" + message
        + "]";
  }
}
