package io.meshupgrade.internal;

import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.ControlPlaneStatus;
import io.meshupgrade.model.DanglingInjection;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.plan.UpgradePlan;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seed step 7, first option, "Complete the canary upgrade" ({@code az aks mesh upgrade complete}): refuses while
 * pods, namespaces or tags still use the old revision (unless forced) and while a tag would dangle, then removes the
 * old revision's control plane (stage {@link UpgradeStage#COMPLETED}); then seed step 8, "delete the ConfigMap for
 * the revision that was removed", and a check of the final state ({@link #finish}). Not API.
 */
final class CompleteStep implements Step {

  private final StepContext c;

  CompleteStep(StepContext c) {
    this.c = c;
  }

  @Override
  public Outcome perform(UpgradePlan plan, UpgradeStage next, Mode mode) {
    Map<String, String> d = new TreeMap<>();
    Orphans orphans = Orphans.of(plan.from(), c.dp.inventory(), c.dp.meshNamespaces(), c.dp.revisionTags());
    if (c.forced()) {
      d.put("forced", c.forceReason);
      d.put("orphans", orphans.describe(""));
    } else if (!orphans.isEmpty()) {
      return new Halt("cannot complete " + plan.from() + " -> " + plan.to() + ": " + orphans.describe("pass force"));
    }
    // once only the new revision is installed, nothing may point at another one (a tag left at a removed istiod
    // fails every pod creation in its namespaces): repoint it when asked, else halt before complete
    DanglingInjection dangling = DanglingInjection.find(List.of(plan.to()), c.dp.revisionTags(),
        c.dp.meshNamespaces());
    if (!dangling.isEmpty()) {
      if (!c.options.repointDanglingTags()) {
        return new Halt("cannot complete " + plan.from() + " -> " + plan.to() + ": once only " + plan.to()
            + " is installed, " + dangling.describe() + ": point the tags at " + plan.to() + " and relabel the"
            + " namespaces, or call again with repointDanglingTags; nothing was removed");
      }
      for (RevisionTag t : dangling.tags()) {
        c.moveTag(t.tag(), plan.to());
      }
      c.relabel(dangling.namespacesLabelledWithMissingRevision(), plan.to());
      d.put("repointed", String.join(",", dangling.tagNames()) + ";"
          + String.join(",", dangling.namespacesLabelledWithMissingRevision()));
    }
    d.put("revisions", Joined.of(c.cp().complete(plan.to()).revisions()));
    return new Proceed(d);
  }

  /** After COMPLETED: deletes the old revision's shared mesh config and checks the final state. Idempotent. */
  void finish(UpgradePlan plan) {
    c.dp.deleteSharedMeshConfig(plan.from());
    ClusterMeshState state = c.cp().readMeshState();
    if (!state.revisions().equals(List.of(plan.to()))) {
      c.report.warn("after complete the cluster has revisions " + state.revisions() + ", expected [" + plan.to()
          + "]: check the cluster's mesh profile");
    }
    ControlPlaneStatus st = c.dp.awaitControlPlane(plan.to(), state.ingressGateways(),
        c.options.controlPlaneTimeout());
    if (!st.ready()) {
      c.report.warn("after complete the control plane is not ready: " + st.describe());
    }
    DanglingInjection dangling = DanglingInjection.find(state.revisions(), c.dp.revisionTags(),
        c.dp.meshNamespaces());
    if (!dangling.isEmpty()) {
      c.report.warn("after complete " + dangling.describe() + ": point the tags at " + plan.to() + " and relabel"
          + " the namespaces (or call upgrade with repointDanglingTags)");
    }
    c.bus.emit(new UpgradeEvent.Completed(c.now(), plan.from(), plan.to()));
  }
}
