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
 * The dry run of an upgrade ({@link io.meshupgrade.MeshUpgrader#plan}): what the upgrader would do, computed from the observed
 * cluster without changing anything. Immutable and thread-safe.
 *
 * <p>The namespaces and workloads are those of the next hop (the one a call to {@code upgrade} would run first);
 * later hops relabel and restart the same workloads again.
 *
 * @param target the final revision asked for
 * @param installed the installed revisions, ascending
 * @param kubernetes the cluster's Kubernetes version
 * @param situation where the cluster stands with respect to the next hop
 * @param ruleCheck the rules' verdict on the next hop (empty when a canary is already in progress)
 * @param hops the canary upgrades still to run, in order, ending with the target (empty when refused or nothing to
 *     do)
 * @param pathRefusal why no path leads to the target, when none does
 * @param planInProgress the saved plan a call to {@code upgrade} would resume
 * @param steps the stages the next hop will still go through, in order
 * @param switchBy how injection will be switched: {@code relabel} or {@code tag:<name>}
 * @param namespacesToRelabel the namespaces labelled with the old revision, ascending
 * @param tagsToMove the revision tags that will point at the new revision (those pointing at the old one, and the
 *     options' tag), ascending
 * @param workloadsToRestart the restartable workloads with pods on the old revision, ascending
 * @param notRestartable the workloads with pods on the old revision that cannot be restarted (Jobs, bare pods):
 *     they block completion until recreated
 * @param podsOnOldByNamespace pods on the old revision per namespace, ascending by namespace
 * @param namespacesWithIstioInjection namespaces labelled {@code istio-injection}: AKS skips them entirely
 * @param podsPerRevision pods per sidecar revision ("" for pods without a sidecar), in {@link Revision#NAME_ORDER}
 * @param dangling revision tags and namespaces pointing at a revision that is not installed: {@code upgrade} refuses
 *     while any exist unless the options repoint them (then they are in {@code tagsToMove} and
 *     {@code namespacesToRelabel})
 * @param message one line: what {@code upgrade} would do, or why it would refuse
 */
public record UpgradePreview(
    Revision target,
    List<Revision> installed,
    KubernetesVersion kubernetes,
    Situation situation,
    Optional<UpgradeDecision> ruleCheck,
    List<Revision> hops,
    Optional<UpgradeNotAllowedException> pathRefusal,
    Optional<UpgradePlan> planInProgress,
    List<UpgradeStage> steps,
    String switchBy,
    List<String> namespacesToRelabel,
    List<String> tagsToMove,
    List<WorkloadRef> workloadsToRestart,
    List<WorkloadRef> notRestartable,
    Map<String, Integer> podsOnOldByNamespace,
    List<String> namespacesWithIstioInjection,
    Map<String, Integer> podsPerRevision,
    DanglingInjection dangling,
    String message) {

  /**
   * Creates a {@code UpgradePreview} from its components, checking them.
   *
   * @param target the final revision asked for
   * @param installed the installed revisions, ascending
   * @param kubernetes the cluster's Kubernetes version
   * @param situation where the cluster stands with respect to the next hop
   * @param ruleCheck the rules' verdict on the next hop (empty when a canary is already in progress)
   * @param hops the canary upgrades still to run, in order, ending with the target (empty when refused or nothing to
   *     do)
   * @param pathRefusal why no path leads to the target, when none does
   * @param planInProgress the saved plan a call to {@code upgrade} would resume
   * @param steps the stages the next hop will still go through, in order
   * @param switchBy how injection will be switched: {@code relabel} or {@code tag:<name>}
   * @param namespacesToRelabel the namespaces labelled with the old revision, ascending
   * @param tagsToMove the revision tags that will point at the new revision (those pointing at the old one, and the
   *     options' tag), ascending
   * @param workloadsToRestart the restartable workloads with pods on the old revision, ascending
   * @param notRestartable the workloads with pods on the old revision that cannot be restarted (Jobs, bare pods): they
   *     block completion until recreated
   * @param podsOnOldByNamespace pods on the old revision per namespace, ascending by namespace
   * @param namespacesWithIstioInjection namespaces labelled {@code istio-injection}: AKS skips them entirely
   * @param podsPerRevision pods per sidecar revision ("" for pods without a sidecar), in {@link Revision#NAME_ORDER}
   * @param dangling revision tags and namespaces pointing at a revision that is not installed: {@code upgrade} refuses
   *     while any exist unless the options repoint them (then they are in {@code tagsToMove} and {@code
   *     namespacesToRelabel})
   * @param message one line: what {@code upgrade} would do, or why it would refuse
   */
  public UpgradePreview {
    Objects.requireNonNull(target, "target");
    installed = List.copyOf(installed);
    Objects.requireNonNull(kubernetes, "kubernetes");
    Objects.requireNonNull(situation, "situation");
    Objects.requireNonNull(ruleCheck, "ruleCheck");
    hops = List.copyOf(hops);
    Objects.requireNonNull(pathRefusal, "pathRefusal");
    Objects.requireNonNull(planInProgress, "planInProgress");
    steps = List.copyOf(steps);
    Objects.requireNonNull(switchBy, "switchBy");
    namespacesToRelabel = List.copyOf(namespacesToRelabel);
    tagsToMove = List.copyOf(tagsToMove);
    workloadsToRestart = List.copyOf(workloadsToRestart);
    notRestartable = List.copyOf(notRestartable);
    podsOnOldByNamespace = SortedMaps.copyOf(podsOnOldByNamespace, "podsOnOldByNamespace");
    namespacesWithIstioInjection = List.copyOf(namespacesWithIstioInjection);
    podsPerRevision = SortedMaps.copyOf(podsPerRevision, Revision.NAME_ORDER, "podsPerRevision");
    Objects.requireNonNull(dangling, "dangling");
    Objects.requireNonNull(message, "message");
  }

  /** {@return whether {@code upgrade} would change the cluster (start, resume or continue a canary)} */
  public boolean wouldChangeCluster() {
    return !steps.isEmpty();
  }
}
