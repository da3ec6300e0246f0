package io.meshupgrade.internal;

import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.PodRecord;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.SidecarState;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.plan.PlanDetails;
import io.meshupgrade.plan.UpgradePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Seed step 7, second option, "Rollback the canary upgrade", its three bullets in order: "Relabel the namespace to
 * the previous revision" (stage {@link UpgradeStage#INJECTION_REVERTED}, tags moved back too), "Roll back the
 * workloads ... by restarting these workloads again" ({@link UpgradeStage#WORKLOADS_REVERTED}), "Roll back the
 * control plane to the previous revision" ({@code az aks mesh upgrade rollback}, {@link UpgradeStage#ROLLED_BACK});
 * then seed step 8 for the removed revision's ConfigMap ({@link #finish}). {@link UpgradeStage#ROLLBACK_STARTED}
 * records why and how far the rollback goes. Not API.
 */
final class RollBackStep implements Step {

  private final StepContext c;
  private final RestartBatches batches;
  private String reason = "rollback requested";

  RollBackStep(StepContext c, RestartBatches batches) {
    this.c = c;
    this.batches = batches;
  }

  /** Why the rollback starts (recorded in ROLLBACK_STARTED), when the caller asks for one. */
  void reason(String reason) {
    this.reason = reason;
  }

  @Override
  public Outcome perform(UpgradePlan plan, UpgradeStage next, Mode mode) {
    return switch (next) {
      case ROLLBACK_STARTED -> new Proceed(Map.of("reason", reason, "then", mode.then()));
      case INJECTION_REVERTED -> revertInjection(plan);
      case WORKLOADS_REVERTED -> revertWorkloads(plan);
      case ROLLED_BACK -> removeNewRevision(plan);
      default -> throw new IllegalStateException("the rollback does not lead to " + next);
    };
  }

  private Outcome revertInjection(UpgradePlan plan) {
    List<String> names = StepContext.namesLabelled(c.dp.meshNamespaces(), plan.to());
    c.relabel(names, plan.from());
    List<String> tags = new ArrayList<>();
    for (RevisionTag t : c.dp.revisionTags()) {
      if (t.revision().equals(plan.to())) {
        c.moveTag(t.tag(), plan.from());
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
  private Outcome revertWorkloads(UpgradePlan plan) {
    PlanDetails details = plan.details();
    Set<String> movedBack = new TreeSet<>(details.revertedNamespaces());
    List<String> tags = details.revertedTags();
    for (RevisionTag t : c.dp.revisionTags()) {
      if (tags.contains(t.tag())) {
        movedBack.addAll(t.namespaces());
      }
    }
    PodInventory inv = c.dp.inventory();
    Set<WorkloadRef> candidates = new TreeSet<>(inv.workloadsOn(plan.to()));
    List<WorkloadRef> withoutSidecar = inv.podsIn(SidecarState.NOT_INJECTED).stream()
        .filter(p -> movedBack.contains(p.namespace())).map(PodRecord::owner).distinct().sorted().toList();
    candidates.addAll(withoutSidecar);
    List<WorkloadRef> back = candidates.stream().filter(w -> w.kind().isRestartable()).toList();
    List<RolloutResult> failures = batches.restartOnce(plan, back, inv.workloadsOn(plan.from())).failures();
    if (!failures.isEmpty()) {
      return new Halt(failures.size() + " workloads could not be moved back to " + plan.from() + ": "
          + failures.stream().map(f -> f.workload() + " " + f.outcome()).collect(Collectors.joining(", "))
          + ": fix them, then call rollback (or upgrade) again");
    }
    Map<String, String> d = new TreeMap<>();
    d.put("restarted", String.valueOf(back.size()));
    if (!withoutSidecar.isEmpty()) {
      d.put("withoutSidecar", Joined.of(withoutSidecar));
    }
    return new Proceed(d);
  }

  private Outcome removeNewRevision(UpgradePlan plan) {
    PodInventory inv = c.waitForPodsToLeave(plan.to());
    Orphans orphans = Orphans.of(plan.to(), inv, c.dp.meshNamespaces(), c.dp.revisionTags());
    if (!orphans.isEmpty()) {
      return new Halt("cannot remove " + plan.to() + ": " + orphans.describe("") + "; then call rollback again");
    }
    return new Proceed(Map.of("revisions", Joined.of(c.cp().rollback(plan.from()).revisions())));
  }

  /** After ROLLED_BACK: deletes the removed revision's shared mesh config. Idempotent. */
  void finish(UpgradePlan plan) {
    c.dp.deleteSharedMeshConfig(plan.to());
    c.bus.emit(new UpgradeEvent.RolledBack(c.now(), plan.from(), plan.to()));
  }
}
