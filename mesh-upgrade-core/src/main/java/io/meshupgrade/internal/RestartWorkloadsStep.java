package io.meshupgrade.internal;

import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.plan.UpgradePlan;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Seed step 6, "Individually roll over each of your application workloads by restarting them"
 * ({@code kubectl rollout restart deployment <name> -n <namespace>}): restarts every restartable workload with pods
 * on the old revision, in the options' order and batches, none twice across a crash (stage
 * {@link UpgradeStage#WORKLOADS_RESTARTED}). Failed rollouts are recorded for the health gate. Skipped by a forced
 * complete. Not API.
 */
final class RestartWorkloadsStep implements Step {

  private final StepContext c;
  private final RestartBatches batches;

  RestartWorkloadsStep(StepContext c, RestartBatches batches) {
    this.c = c;
    this.batches = batches;
  }

  @Override
  public Outcome perform(UpgradePlan plan, UpgradeStage next, Mode mode) {
    if (c.forced()) {
      return new Proceed(Map.of("skipped", "forced"));
    }
    PodInventory inv = c.dp.inventory();
    List<WorkloadRef> on = List.copyOf(inv.workloadsOn(plan.from()));
    List<WorkloadRef> restartable = on.stream().filter(w -> w.kind().isRestartable()).toList();
    RestartBatches.Once once = batches.restartOnce(plan, restartable, inv.workloadsOn(plan.to()));
    c.restartedThisCall = restartable;
    Map<String, String> d = new TreeMap<>();
    d.put("restarted", String.valueOf(once.done().size() + once.restarted().size()));
    if (!once.done().isEmpty()) {
      d.put("alreadyRestarted", String.valueOf(once.done().size()));
    }
    java.util.Set<String> all = new java.util.TreeSet<>(once.done());
    once.restarted().forEach(w -> all.add(w.toString()));
    d.put("workloads", String.join(",", all));
    d.put("failed", String.join("; ", once.failed()));
    d.put("notRestartable", on.stream().filter(w -> !w.kind().isRestartable()).map(WorkloadRef::toString)
        .collect(Collectors.joining(", ")));
    return new Proceed(d);
  }
}
