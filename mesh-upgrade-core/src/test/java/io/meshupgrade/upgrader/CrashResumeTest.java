package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.R18;
import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.options.HealthFailurePolicy;
import io.meshupgrade.spi.HealthResult;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.tck.fakes.CallLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A process crash simulated at every port call (before the call does anything), then a resume with a fresh
 * upgrader: the cluster ends the same as after an uninterrupted run, and no workload is restarted more often.
 */
class CrashResumeTest {

  private record Final(List<String> pods, Map<String, String> labels, List<io.meshupgrade.model.Revision> revisions,
      Map<io.meshupgrade.model.Revision, String> meshConfigs, UpgradeStage stage, Map<WorkloadRef, Integer> restarts) {

    static Final of(World w) {
      return new Final(w.dp.snapshot(), w.dp.namespaceLabels(), w.cp.installed(), w.dp.meshConfigs(),
          w.upgrader().currentPlan().map(p -> p.stage()).orElse(null), w.dp.restarts());
    }
  }

  private static List<DynamicTest> crashEverywhere(String name, Consumer<World> setUp,
      Function<World, UpgradeReport> run, Function<World, UpgradeReport> resume) {
    World reference = new World();
    setUp.accept(reference);
    int before = reference.log.calls();
    run.apply(reference);
    int calls = reference.log.calls() - before;
    Final expected = Final.of(reference);
    assertThat(calls).isGreaterThan(10);
    return IntStream.rangeClosed(1, calls).mapToObj(n -> DynamicTest.dynamicTest(name + " crashing at call " + n
        + " of " + calls, () -> {
          World w = new World();
          setUp.accept(w);
          w.log.crashAt(w.log.calls() + n);
          assertThatThrownBy(() -> run.apply(w)).isInstanceOf(CallLog.SimulatedCrash.class);
          resume.apply(w);
          assertThat(Final.of(w)).isEqualTo(expected);
        })).toList();
  }

  @TestFactory
  List<DynamicTest> anUpgradeThatDiesAnywhereResumesToTheSameClusterWithoutRestartingAnythingTwice() {
    return crashEverywhere("upgrade", w -> { }, w -> w.upgrader().upgrade(R19), w -> w.upgrader().upgrade(R19));
  }

  @TestFactory
  List<DynamicTest> aMultiHopUpgradeThatDiesAnywhereResumesToTheSameCluster() {
    return crashEverywhere("multi-hop", w -> { }, w -> w.upgrader().upgrade(World.R20),
        w -> w.upgrader().upgrade(World.R20));
  }

  @TestFactory
  List<DynamicTest> anUpgradeInBatchesThatDiesAnywhereResumesTheSame() {
    UpgradeOptions batches = UpgradeOptions.builder().batches(1, java.time.Duration.ofSeconds(30)).build();
    return crashEverywhere("batched upgrade", w -> { }, w -> w.upgrader().upgrade(R19, batches),
        w -> w.upgrader().upgrade(R19, batches));
  }

  @TestFactory
  List<DynamicTest> aRollbackThatDiesAnywhereResumesToTheSameCluster() {
    return crashEverywhere("rollback",
        w -> w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.HEALTH_VERIFIED).build()),
        w -> w.upgrader().rollback(), w -> w.upgrader().rollback());
  }

  @TestFactory
  List<DynamicTest> aHealthFailureRollbackThatDiesAnywhereResumesWithTheSameIntent() {
    UpgradeOptions full = UpgradeOptions.builder().onHealthFailure(HealthFailurePolicy.ROLLBACK_FULLY).build();
    Function<World, UpgradeReport> run = w -> w.builder().healthCheck(c -> HealthResult.failed("bad")).build()
        .upgrade(R19, full);
    // once the plan reached ROLLED_BACK, calling upgrade again would start a new attempt: finish with rollback
    Function<World, UpgradeReport> resume = w -> w.upgrader().currentPlan().filter(p -> p.isTerminal()).isPresent()
        ? w.upgrader().rollback() : run.apply(w);
    return crashEverywhere("failed upgrade", w -> { }, run, resume);
  }

  @Test
  void aResumedRunRestartsOnlyTheWorkloadsStillOnTheOldRevision() {
    World w = new World();
    UpgradeOptions batches = UpgradeOptions.builder().batches(2, java.time.Duration.ofMinutes(1)).build();
    // crash at the second restart batch
    World probe = new World();
    probe.upgrader().upgrade(R19, batches);
    List<String> names = probe.log.names();
    int second = IntStream.range(0, names.size()).filter(i -> names.get(i).equals("dp.restartWorkloads"))
        .skip(1).findFirst().orElseThrow() + 1;
    w.log.crashAt(second);
    assertThatThrownBy(() -> w.upgrader().upgrade(R19, batches)).isInstanceOf(CallLog.SimulatedCrash.class);
    assertThat(w.dp.restartCalls()).hasSize(1);
    assertThat(w.dp.podsPerRevision()).containsEntry("asm-1-18", 4);
    List<WorkloadRef> restartedBeforeTheCrash = w.dp.restartCalls().get(0);
    List<WorkloadRef> restartedByTheResume = Collections.synchronizedList(new ArrayList<>());

    UpgradeReport resumed = w.builder().listener(e -> {
      if (e instanceof UpgradeEvent.WorkloadRestarted r) {
        restartedByTheResume.add(r.workload());
      }
    }).build().upgrade(R19, batches);

    assertThat(resumed.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(resumed.workloadsRestarted()).isEqualTo(2);
    assertThat(w.dp.restartCalls()).extracting(List::size).containsExactly(2, 2);
    assertThat(w.dp.restarts().values()).containsOnly(1);
    assertThat(w.cp.installed()).containsExactly(R19);
    assertThat(restartedByTheResume).hasSize(2).doesNotContainAnyElementsOf(restartedBeforeTheCrash);
    assertThat(union(restartedBeforeTheCrash, restartedByTheResume)).containsExactlyInAnyOrderElementsOf(World.MESHED);
    assertThat(w.upgrader().currentPlan().orElseThrow().history()).noneMatch(t -> t.to() == UpgradeStage.HALTED);
    assertThat(resumed.revisionsBefore()).containsExactly(R18, R19);
  }

  private static List<WorkloadRef> union(List<WorkloadRef> a, List<WorkloadRef> b) {
    List<WorkloadRef> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
