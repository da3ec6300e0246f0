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
 * Builds an {@link UpgradePreview}. Target, Kubernetes version, situation, switch mode, dangling injection and
 * message are required; optional values take {@code null} for none; lists and maps are copied (null throws NPE
 * naming them). Not thread-safe.
 */
public final class UpgradePreviewBuilder {
  Revision target;
  List<Revision> installed = List.of();
  KubernetesVersion kubernetes;
  Situation situation;
  UpgradeDecision ruleCheck;
  List<Revision> hops = List.of();
  UpgradeNotAllowedException pathRefusal;
  UpgradePlan planInProgress;
  List<UpgradeStage> steps = List.of();
  String switchBy;
  List<String> namespacesToRelabel = List.of();
  List<String> tagsToMove = List.of();
  List<WorkloadRef> workloadsToRestart = List.of();
  List<WorkloadRef> notRestartable = List.of();
  Map<String, Integer> podsOnOldByNamespace = Map.of();
  List<String> namespacesWithIstioInjection = List.of();
  Map<String, Integer> podsPerRevision = Map.of();
  DanglingInjection dangling;
  String message;

  UpgradePreviewBuilder() {}

  /**
   * The final revision asked for (required).
   *
   * @param target the final revision asked for (required)
   * @return this builder
   */
  public UpgradePreviewBuilder target(Revision target) {
    this.target = target;
    return this;
  }

  /**
   * The installed revisions, ascending.
   *
   * @param installed the installed revisions, ascending
   * @return this builder
   */
  public UpgradePreviewBuilder installed(List<Revision> installed) {
    this.installed = List.copyOf(Objects.requireNonNull(installed, "installed"));
    return this;
  }

  /**
   * The cluster's Kubernetes version (required).
   *
   * @param kubernetes the cluster's Kubernetes version (required)
   * @return this builder
   */
  public UpgradePreviewBuilder kubernetes(KubernetesVersion kubernetes) {
    this.kubernetes = kubernetes;
    return this;
  }

  /**
   * Where the cluster stands with respect to the next hop (required).
   *
   * @param situation where the cluster stands with respect to the next hop (required)
   * @return this builder
   */
  public UpgradePreviewBuilder situation(Situation situation) {
    this.situation = situation;
    return this;
  }

  /**
   * The rules' verdict on the next hop (empty when a canary is already in progress); {@code null} for none.
   *
   * @param ruleCheck the rules' verdict on the next hop (empty when a canary is already in progress); {@code null} for
   *     none
   * @return this builder
   */
  public UpgradePreviewBuilder ruleCheck(UpgradeDecision ruleCheck) {
    this.ruleCheck = ruleCheck;
    return this;
  }

  /**
   * The canary upgrades still to run, in order, ending with the target (empty when refused or nothing to do).
   *
   * @param hops the canary upgrades still to run, in order, ending with the target (empty when refused or nothing to
   *     do)
   * @return this builder
   */
  public UpgradePreviewBuilder hops(List<Revision> hops) {
    this.hops = List.copyOf(Objects.requireNonNull(hops, "hops"));
    return this;
  }

  /**
   * Why no path leads to the target, when none does; {@code null} for none.
   *
   * @param pathRefusal why no path leads to the target, when none does; {@code null} for none
   * @return this builder
   */
  public UpgradePreviewBuilder pathRefusal(UpgradeNotAllowedException pathRefusal) {
    this.pathRefusal = pathRefusal;
    return this;
  }

  /**
   * The saved plan a call to {@code upgrade} would resume; {@code null} for none.
   *
   * @param planInProgress the saved plan a call to {@code upgrade} would resume; {@code null} for none
   * @return this builder
   */
  public UpgradePreviewBuilder planInProgress(UpgradePlan planInProgress) {
    this.planInProgress = planInProgress;
    return this;
  }

  /**
   * The stages the next hop will still go through, in order.
   *
   * @param steps the stages the next hop will still go through, in order
   * @return this builder
   */
  public UpgradePreviewBuilder steps(List<UpgradeStage> steps) {
    this.steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
    return this;
  }

  /**
   * How injection will be switched: {@code relabel} or {@code tag:<name>} (required).
   *
   * @param switchBy how injection will be switched: {@code relabel} or {@code tag:<name>} (required)
   * @return this builder
   */
  public UpgradePreviewBuilder switchBy(String switchBy) {
    this.switchBy = switchBy;
    return this;
  }

  /**
   * The namespaces labelled with the old revision, ascending.
   *
   * @param namespacesToRelabel the namespaces labelled with the old revision, ascending
   * @return this builder
   */
  public UpgradePreviewBuilder namespacesToRelabel(List<String> namespacesToRelabel) {
    this.namespacesToRelabel = List.copyOf(Objects.requireNonNull(namespacesToRelabel, "namespacesToRelabel"));
    return this;
  }

  /**
   * The revision tags that will point at the new revision (those pointing at the old one, and the options' tag),
   * ascending.
   *
   * @param tagsToMove the tag names that will point at the new revision, ascending (copied; not null)
   * @return this builder
   */
  public UpgradePreviewBuilder tagsToMove(List<String> tagsToMove) {
    this.tagsToMove = List.copyOf(Objects.requireNonNull(tagsToMove, "tagsToMove"));
    return this;
  }

  /**
   * The restartable workloads with pods on the old revision, ascending.
   *
   * @param workloadsToRestart the restartable workloads with pods on the old revision, ascending
   * @return this builder
   */
  public UpgradePreviewBuilder workloadsToRestart(List<WorkloadRef> workloadsToRestart) {
    this.workloadsToRestart = List.copyOf(Objects.requireNonNull(workloadsToRestart, "workloadsToRestart"));
    return this;
  }

  /**
   * The workloads with pods on the old revision that cannot be restarted (Jobs, bare pods): they block
   * completion until recreated.
   *
   * @param notRestartable the workloads on the old revision that cannot be restarted (copied; not null)
   * @return this builder
   */
  public UpgradePreviewBuilder notRestartable(List<WorkloadRef> notRestartable) {
    this.notRestartable = List.copyOf(Objects.requireNonNull(notRestartable, "notRestartable"));
    return this;
  }

  /**
   * Pods on the old revision per namespace, ascending by namespace.
   *
   * @param podsOnOldByNamespace the number of pods on the old revision per namespace name (copied; not null)
   * @return this builder
   */
  public UpgradePreviewBuilder podsOnOldByNamespace(Map<String, Integer> podsOnOldByNamespace) {
    this.podsOnOldByNamespace = Objects.requireNonNull(podsOnOldByNamespace, "podsOnOldByNamespace");
    return this;
  }

  /**
   * Namespaces labelled {@code istio-injection}: AKS skips them entirely.
   *
   * @param namespacesWithIstioInjection the namespaces labelled {@code istio-injection}: AKS skips them entirely
   * @return this builder
   */
  public UpgradePreviewBuilder namespacesWithIstioInjection(List<String> namespacesWithIstioInjection) {
    this.namespacesWithIstioInjection =
        List.copyOf(Objects.requireNonNull(namespacesWithIstioInjection, "namespacesWithIstioInjection"));
    return this;
  }

  /**
   * Pods per sidecar revision ("" for pods without a sidecar), in {@link Revision#NAME_ORDER}.
   *
   * @param podsPerRevision the number of pods per sidecar revision name, "" for pods without a sidecar (copied; not
   *     null)
   * @return this builder
   */
  public UpgradePreviewBuilder podsPerRevision(Map<String, Integer> podsPerRevision) {
    this.podsPerRevision = Objects.requireNonNull(podsPerRevision, "podsPerRevision");
    return this;
  }

  /**
   * Revision tags and namespaces pointing at a revision that is not installed: {@code upgrade} refuses while any
   * exist unless the options repoint them (then they are in {@code tagsToMove} and {@code namespacesToRelabel})
   * (required).
   *
   * @param dangling the dangling revision tags and namespaces found (required; none is an empty value, not null)
   * @return this builder
   */
  public UpgradePreviewBuilder dangling(DanglingInjection dangling) {
    this.dangling = dangling;
    return this;
  }

  /**
   * One line: what {@code upgrade} would do, or why it would refuse (required).
   *
   * @param message one line: what {@code upgrade} would do, or why it would refuse (required)
   * @return this builder
   */
  public UpgradePreviewBuilder message(String message) {
    this.message = message;
    return this;
  }

  /**
   * The preview.
   *
   * @return the preview built from this builder's values
   * @throws NullPointerException naming a missing required value or a null key, value or element
   */
  public UpgradePreview build() {
    return new UpgradePreview(this);
  }
}
