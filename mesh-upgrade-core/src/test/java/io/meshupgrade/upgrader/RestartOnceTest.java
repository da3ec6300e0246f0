package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.AGENT;
import static io.meshupgrade.upgrader.World.CART;
import static io.meshupgrade.upgrader.World.FRONTEND;
import static io.meshupgrade.upgrader.World.ORDERS;
import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.model.ControlPlaneStatus;
import io.meshupgrade.model.IngressGateway;
import io.meshupgrade.model.MeshConfigCopy;
import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.options.RestartOptions;
import io.meshupgrade.report.RestartReport;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.tck.fakes.CallLog;
import io.meshupgrade.spi.MeshDataPlane;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A run that dies during or right after the restarts, while the old pods of restarted workloads are still listed
 * (terminating, or a rollout still in progress): the resumed run waits for them and restarts nothing twice.
 */
class RestartOnceTest {

  private static final Map<WorkloadRef, Integer> ONCE = Map.of(CART, 1, ORDERS, 1, FRONTEND, 1, AGENT, 1);

  private static World lingering() {
    World w = new World();
    w.dp.lingerFor(3); // old pods stay listed for three inventories after their workload's restart
    return w;
  }

  private static List<DynamicTest> crashAtEveryCall(String name, Function<World, UpgradeReport> run) {
    World reference = lingering();
    int before = reference.log.calls();
    assertThat(run.apply(reference).outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    int calls = reference.log.calls() - before;
    assertThat(reference.dp.restarts()).isEqualTo(ONCE);
    return IntStream.rangeClosed(1, calls).mapToObj(n -> DynamicTest.dynamicTest(name + " crashing at call " + n
        + " of " + calls, () -> {
          World w = lingering();
          w.log.crashAt(w.log.calls() + n);
          assertThatThrownBy(() -> run.apply(w)).isInstanceOf(CallLog.SimulatedCrash.class);

          UpgradeReport resumed = run.apply(w);

          assertThat(resumed.outcome()).as(resumed.message()).isIn(UpgradeReport.Outcome.COMPLETED,
              UpgradeReport.Outcome.NOTHING_TO_DO);
          assertThat(w.dp.restarts()).as("no workload restarted twice").isEqualTo(ONCE);
          assertThat(w.dp.snapshot()).isEqualTo(reference.dp.snapshot());
          assertThat(w.cp.installed()).containsExactly(R19);
        })).toList();
  }

  @TestFactory
  List<DynamicTest> issue5AnUpgradeThatDiesAnywhereWhileOldPodsLingerRestartsNothingTwice() {
    return crashAtEveryCall("upgrade", w -> w.upgrader().upgrade(R19));
  }

  @TestFactory
  List<DynamicTest> issue5AnUpgradeInBatchesThatDiesAnywhereWhileOldPodsLingerRestartsNothingTwice() {
    UpgradeOptions batches = UpgradeOptions.builder().batches(1, Duration.ofSeconds(30)).build();
    return crashAtEveryCall("batched upgrade", w -> w.upgrader().upgrade(R19, batches));
  }

  @Test
  void issue5TheWorkloadsAlreadyRestartedAreRecordedInTheCheckpointAndOnlyWaitedFor() {
    World w = lingering();
    UpgradeOptions batches = UpgradeOptions.builder().batches(2, Duration.ofMinutes(1)).build();
    // die when the second batch starts: the first batch's old pods are still listed
    World probe = lingering();
    probe.upgrader().upgrade(R19, batches);
    List<String> names = probe.log.names();
    int second = IntStream.range(0, names.size()).filter(i -> names.get(i).equals("dp.restartWorkloads"))
        .skip(1).findFirst().orElseThrow() + 1;
    w.log.crashAt(second);
    assertThatThrownBy(() -> w.upgrader().upgrade(R19, batches)).isInstanceOf(CallLog.SimulatedCrash.class);
    assertThat(w.upgrader().currentPlan().orElseThrow().progress()).containsKey("restarted");

    UpgradeReport resumed = w.upgrader().upgrade(R19, batches);

    assertThat(resumed.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.dp.restarts()).isEqualTo(ONCE);
    assertThat(w.dp.restartCalls()).extracting(List::size).containsExactly(2, 2);
    assertThat(w.upgrader().currentPlan().orElseThrow().details().restartedCount()).isEqualTo(4);
    assertThat(w.upgrader().currentPlan().orElseThrow().details().recorded(UpgradeStage.WORKLOADS_RESTARTED))
        .containsEntry("alreadyRestarted", "2");
    assertThat(w.upgrader().currentPlan().orElseThrow().details().restartedWorkloads()).hasSize(4);
    assertThat(w.upgrader().currentPlan().orElseThrow().progress()).as("cleared by the next transition").isEmpty();
  }

  @Test
  void issue5ARunThatDiesInTheMiddleOfABatchRestartsOnlyTheWorkloadsItHadNotReached() {
    World w = lingering();
    DyingMidBatch dp = new DyingMidBatch(w.dp, 2);
    assertThatThrownBy(() -> w.builder().dataPlane(dp).build().upgrade(R19))
        .isInstanceOf(CallLog.SimulatedCrash.class);
    assertThat(w.dp.restarts()).hasSize(2);

    UpgradeReport resumed = w.upgrader().upgrade(R19);

    assertThat(resumed.outcome()).as(resumed.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.dp.restarts()).isEqualTo(ONCE);
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-19", 7, "", 1));
  }

  /** The world's data plane, but the process dies after the first {@code reached} restarts of a batch. */
  private static final class DyingMidBatch implements MeshDataPlane {
    private final MeshDataPlane d;
    private final int reached;

    DyingMidBatch(MeshDataPlane d, int reached) {
      this.d = d;
      this.reached = reached;
    }

    @Override
    public RestartReport restartWorkloads(List<WorkloadRef> workloads, RestartOptions options,
        RestartListener listener) {
      d.restartWorkloads(workloads.subList(0, Math.min(reached, workloads.size())), options, listener);
      throw new CallLog.SimulatedCrash("dp.restartWorkloads", -1);
    }

    @Override
    public ControlPlaneStatus awaitControlPlane(Revision revision, Set<IngressGateway> gateways, Duration timeout) {
      return d.awaitControlPlane(revision, gateways, timeout);
    }

    @Override
    public MeshConfigCopy copySharedMeshConfig(Revision from, Revision to, boolean overwrite) {
      return d.copySharedMeshConfig(from, to, overwrite);
    }

    @Override
    public boolean deleteSharedMeshConfig(Revision revision) {
      return d.deleteSharedMeshConfig(revision);
    }

    @Override
    public List<MeshNamespace> meshNamespaces() {
      return d.meshNamespaces();
    }

    @Override
    public List<MeshNamespace> relabelNamespaces(Collection<String> namespaces, String value) {
      return d.relabelNamespaces(namespaces, value);
    }

    @Override
    public List<RevisionTag> revisionTags() {
      return d.revisionTags();
    }

    @Override
    public RevisionTag moveRevisionTag(String tag, Revision revision) {
      return d.moveRevisionTag(tag, revision);
    }

    @Override
    public PodInventory inventory() {
      return d.inventory();
    }

    @Override
    public Optional<String> currentProxyImage(Revision revision) {
      return d.currentProxyImage(revision);
    }
  }
}
