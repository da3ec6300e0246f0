package io.meshupgrade.plan;

import static io.meshupgrade.model.UpgradeStage.COMPLETED;
import static io.meshupgrade.model.UpgradeStage.HEALTH_VERIFIED;
import static io.meshupgrade.model.UpgradeStage.INJECTION_REVERTED;
import static io.meshupgrade.model.UpgradeStage.INJECTION_SWITCHED;
import static io.meshupgrade.model.UpgradeStage.MESH_CONFIG_COPIED;
import static io.meshupgrade.model.UpgradeStage.ROLLBACK_STARTED;
import static io.meshupgrade.model.UpgradeStage.WORKLOADS_RESTARTED;
import static io.meshupgrade.model.UpgradeStage.WORKLOADS_REVERTED;

import io.meshupgrade.model.MeshConfigCopy;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.plan.TransitionTable.Route;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the steps of a plan did and observed, typed: read from the latest transition into each stage (a stage
 * entered again after a halt or retry counts once, as last done). The checkpoint keeps them as text; this class is
 * the one place that reads that text back, so checkpoints of every 0.x release read the same.
 *
 * <p>Immutable and thread-safe.
 */
public final class PlanDetails {

  private final UpgradePlan plan;

  PlanDetails(UpgradePlan plan) {
    this.plan = plan;
  }

  private String get(UpgradeStage stage, String key) {
    List<UpgradePlan.Transition> h = plan.history();
    for (int i = h.size() - 1; i >= 0; i--) {
      if (h.get(i).to() == stage) {
        return h.get(i).details().getOrDefault(key, "");
      }
    }
    return "";
  }

  private static List<String> list(String joined, String separator) {
    return joined.isEmpty() ? List.of() : Arrays.stream(joined.split(separator)).map(String::strip).toList();
  }

  private static Optional<String> text(String value) {
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /**
   * What copying the shared mesh config did (seed step 2), if the plan passed that step going forward.
   *
   * @return the copy's result; empty when the plan never passed MESH_CONFIG_COPIED
   */
  public Optional<MeshConfigCopy> meshConfigCopy() {
    return text(get(MESH_CONFIG_COPIED, "result")).map(MeshConfigCopy::valueOf);
  }

  /**
   * The namespaces relabelled to the new revision when injection was switched (seed step 5).
   *
   * @return the namespace names, in the order relabelled; empty when injection was not switched or none was labelled
   */
  public List<String> relabelledNamespaces() {
    return list(get(INJECTION_SWITCHED, "namespaces"), ",");
  }

  /**
   * The revision tags moved to the new revision when injection was switched.
   *
   * @return the tag names; empty when none was moved
   */
  public List<String> movedTags() {
    return list(get(INJECTION_SWITCHED, "tags"), ",");
  }

  /**
   * The namespaces that follow the moved tags.
   *
   * @return the namespace names; empty when no tag was moved or none is labelled with one
   */
  public List<String> tagNamespaces() {
    return list(get(INJECTION_SWITCHED, "tagNamespaces"), ",");
  }

  /**
   * The options' revision tag, when injection was switched through one.
   *
   * @return the tag name; empty when the options named no tag or injection was not switched
   */
  public Optional<String> revisionTag() {
    return text(get(INJECTION_SWITCHED, "tag"));
  }

  /**
   * The namespaces labelled {@code istio-injection} (which AKS skips) when injection was switched.
   *
   * @return the namespace names; empty when none
   */
  public List<String> istioInjectionNamespaces() {
    return list(get(INJECTION_SWITCHED, "istioInjection"), ",");
  }

  /**
   * The dangling tags repointed to the new revision (when injection was switched, or before complete).
   *
   * @return the tag names; empty when none was repointed
   */
  public List<String> repointedTags() {
    return repointed(0);
  }

  /**
   * The namespaces labelled with a missing revision that were relabelled to the new one.
   *
   * @return the namespace names; empty when none was relabelled
   */
  public List<String> repointedNamespaces() {
    return repointed(1);
  }

  private List<String> repointed(int part) {
    String r = get(COMPLETED, "repointed");
    String joined = (r.isEmpty() ? get(INJECTION_SWITCHED, "repointed") : r) + ";";
    return list(joined.split(";", -1)[part], ",");
  }

  /**
   * The workloads restarted onto the new revision (seed step 6), earlier runs of the step included; empty for plans
   * written before 0.2, which recorded only {@link #restartedCount()}.
   *
   * @return the restarted workloads; empty when none was restarted or the step did not run
   */
  public List<WorkloadRef> restartedWorkloads() {
    return list(get(WORKLOADS_RESTARTED, "workloads"), ",").stream().map(PlanDetails::workload).toList();
  }

  /**
   * How many workloads were restarted onto the new revision, earlier runs of the step included.
   *
   * @return the number of workloads restarted; 0 when none was or the step did not run
   */
  public int restartedCount() {
    String n = get(WORKLOADS_RESTARTED, "restarted");
    return n.isEmpty() ? 0 : Integer.parseInt(n);
  }

  /**
   * The failed rollouts of the restart step, described ({@code Deployment shop/cart: TIMED_OUT (...)}).
   *
   * @return one description per failed rollout; empty when none failed
   */
  public List<String> failedRollouts() {
    return list(get(WORKLOADS_RESTARTED, "failed"), "; ");
  }

  /**
   * The workloads with pods on the old revision that cannot be restarted (Jobs, bare pods).
   *
   * @return the workloads left on the old revision; empty when none
   */
  public List<WorkloadRef> notRestartable() {
    return list(get(WORKLOADS_RESTARTED, "notRestartable"), ", ").stream().map(PlanDetails::workload).toList();
  }

  /**
   * Whether switching injection and restarting were skipped (a forced complete).
   *
   * @return true when a forced complete skipped the restart step
   */
  public boolean skippedByForce() {
    return "forced".equals(get(WORKLOADS_RESTARTED, "skipped"));
  }

  /**
   * The soak period the health gate waited (seed step 7), if it passed.
   *
   * @return the soak duration; empty when the health gate did not pass
   */
  public Optional<Duration> soak() {
    return text(get(HEALTH_VERIFIED, "soak")).map(Duration::parse);
  }

  /**
   * How many rounds of health checks the gate ran (0 when it did not pass).
   *
   * @return the number of rounds, 0 or more
   */
  public int healthRounds() {
    String n = get(HEALTH_VERIFIED, "rounds");
    return n.isEmpty() ? 0 : Integer.parseInt(n);
  }

  /**
   * The reason given to a forced complete, if the plan was completed by force.
   *
   * @return the reason; empty when the plan was not completed by force
   */
  public Optional<String> forcedReason() {
    return text(get(COMPLETED, "forced")).or(() -> text(get(HEALTH_VERIFIED, "forced")));
  }

  /**
   * What still used the old revision when a forced complete detached it, described.
   *
   * @return the description of what was detached; empty when nothing was or the complete was not forced
   */
  public Optional<String> detachedByForce() {
    return text(get(COMPLETED, "orphans"));
  }

  /**
   * Why the rollback started, if it did.
   *
   * @return the rollback's reason; empty when no rollback started
   */
  public Optional<String> rollbackReason() {
    return text(get(ROLLBACK_STARTED, "reason"));
  }

  /**
   * How far the rollback goes: {@link Route#ROLLBACK_FULLY} or {@link Route#ROLLBACK_THEN_HALT}, if it started.
   *
   * @return the rollback's route; empty when no rollback started
   */
  public Optional<Route> rollbackRoute() {
    String then = get(ROLLBACK_STARTED, "then");
    return then.isEmpty() ? Optional.empty()
        : Optional.of("rollback".equals(then) ? Route.ROLLBACK_FULLY : Route.ROLLBACK_THEN_HALT);
  }

  /**
   * The namespaces relabelled back to the old revision (seed step 7, rollback).
   *
   * @return the namespace names; empty when injection was not reverted or none was relabelled
   */
  public List<String> revertedNamespaces() {
    return list(get(INJECTION_REVERTED, "namespaces"), ",");
  }

  /**
   * The revision tags moved back to the old revision.
   *
   * @return the tag names; empty when none was moved back
   */
  public List<String> revertedTags() {
    return list(get(INJECTION_REVERTED, "tags"), ",");
  }

  /**
   * The workloads restarted because their pods had no sidecar in the namespaces moved back.
   *
   * @return the restarted workloads; empty when none
   */
  public List<WorkloadRef> revertedWithoutSidecar() {
    return list(get(WORKLOADS_REVERTED, "withoutSidecar"), ",").stream().map(PlanDetails::workload).toList();
  }

  /**
   * The installed revisions ARM reported after {@code stage}'s operation (CANARY_STARTED, COMPLETED, ROLLED_BACK).
   *
   * @param stage the stage whose operation reported the revisions
   * @return the installed revisions; empty when the plan never entered {@code stage} or it recorded none
   */
  public List<Revision> revisionsAfter(UpgradeStage stage) {
    return list(get(stage, "revisions"), ",").stream().map(Revision::parse).toList();
  }

  /**
   * The holder whose lock this plan's run took over, if one did (recorded in the first transition after it).
   *
   * @return the replaced holder, nonce included; empty when no take-over happened
   */
  public Optional<String> lockTakenOverFrom() {
    return takeOver("lockTakenOverFrom");
  }

  /**
   * The holder that took the lock over, if one did.
   *
   * @return the taking holder, nonce included; empty when no take-over happened
   */
  public Optional<String> lockTakenOverBy() {
    return takeOver("lockTakenOverBy");
  }

  private Optional<String> takeOver(String key) {
    List<UpgradePlan.Transition> h = plan.history();
    for (int i = h.size() - 1; i >= 0; i--) {
      String v = h.get(i).details().get(key);
      if (v != null) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /**
   * The explicit adoption of this plan from an older {@code resourceGroup/name} id, if it was adopted.
   *
   * @return the adoption; empty when the plan was not adopted
   */
  public Optional<UpgradePlan.Adoption> adoption() {
    return plan.adoption();
  }

  /**
   * For a HALTED plan, why it stopped.
   *
   * @return the halt reason; empty when the plan is not HALTED
   */
  public Optional<String> haltReason() {
    return plan.haltReason();
  }

  /**
   * The raw text details of the latest transition into {@code stage} (the checkpoint's form), if any.
   *
   * @param stage the stage whose details are read
   * @return the details, key to value; empty when the plan never entered {@code stage}
   */
  public Map<String, String> recorded(UpgradeStage stage) {
    return plan.detailsOf(stage).orElse(Map.of());
  }

  /** Parses {@link WorkloadRef#toString()}: {@code Deployment shop/cart}. */
  static WorkloadRef workload(String text) {
    int space = text.indexOf(' ');
    int slash = text.indexOf('/', space + 1);
    if (space < 0 || slash < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a workload: expected 'Kind namespace/name'");
    }
    String kind = text.substring(0, space);
    WorkloadKind k = Arrays.stream(WorkloadKind.values()).filter(w -> w.kubernetesKind().equals(kind)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown workload kind '" + kind + "' in '" + text + "'"));
    return new WorkloadRef(k, text.substring(space + 1, slash), text.substring(slash + 1));
  }

  /** Equal when read from equal histories (and adoption). */
  @Override
  public boolean equals(Object o) {
    return o instanceof PlanDetails d && d.plan.history().equals(plan.history())
        && d.plan.adoption().equals(plan.adoption());
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(plan.history(), plan.adoption());
  }

  @Override
  public String toString() {
    return "PlanDetails[" + plan.planId() + " at " + plan.stage() + "]";
  }
}
