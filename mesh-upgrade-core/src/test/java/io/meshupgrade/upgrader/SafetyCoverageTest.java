package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.R18;
import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.ConcurrentUpgradeException;
import io.meshupgrade.spi.HealthResult;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.tck.fakes.CallLog;
import io.meshupgrade.spi.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, item 7: safety code that mutation testing showed untested: the lock renewal before every step, and the
 * clean-up of the old mesh config when complete resumes a plan that was already completed.
 */
class SafetyCoverageTest {

  @Test
  void issue8_aLockTakenOverBetweenTwoStepsStopsTheRunBeforeTheNextStep() {
    World w = new World();
    // the moment the canary's checkpoint is saved, another run takes the lease (ours looked expired to it)
    UpgradeReport[] none = new UpgradeReport[1];
    assertThatThrownBy(() -> none[0] = w.builder().listener(e -> {
      if (e instanceof UpgradeEvent.StageCompleted c && c.stage() == UpgradeStage.CANARY_STARTED) {
        w.lock.holdAs("other-run", Duration.ofMinutes(15));
      }
    }).build().upgrade(R19)).isInstanceOfSatisfying(ConcurrentUpgradeException.class,
        e -> assertThat(e.holder()).isEqualTo("other-run"));

    assertThat(none[0]).isNull();
    assertThat(w.upgrader().currentPlan().orElseThrow().stage()).as("stopped before its next step")
        .isEqualTo(UpgradeStage.CANARY_STARTED);
    assertThat(w.log.names()).as("nothing after the canary's start").doesNotContain("dp.awaitControlPlane",
        "dp.relabelNamespaces", "dp.restartWorkloads");
    assertThat(w.dp.namespaceLabels()).containsEntry("shop", "asm-1-18").containsEntry("web", "asm-1-18");
    assertThat(w.dp.restarts()).isEmpty();
    assertThat(w.lock.holder()).as("the other run's lease is left alone").isEqualTo("other-run");
  }

  @Test
  void issue8_everyStepRenewsTheLockBeforeItRuns() {
    World w = new World();
    int[] renewalsAtStart = new int[UpgradeStage.values().length];
    w.builder().listener(e -> {
      if (e instanceof UpgradeEvent.StageStarted s) {
        renewalsAtStart[s.stage().ordinal()] = w.lock.renewals();
      }
    }).build().upgrade(R19);

    // copying the mesh config and starting the canary renew nothing themselves: only the renewal before each step
    // tells them apart
    int copy = renewalsAtStart[UpgradeStage.MESH_CONFIG_COPIED.ordinal()];
    int canary = renewalsAtStart[UpgradeStage.CANARY_STARTED.ordinal()];
    int verify = renewalsAtStart[UpgradeStage.CONTROL_PLANES_VERIFIED.ordinal()];
    assertThat(copy).isPositive();
    assertThat(canary).isGreaterThan(copy);
    assertThat(verify).isGreaterThan(canary);
  }

  @Test
  void issue8_aLockTakenOverDuringThePauseBetweenBatchesStopsTheRunBeforeTheNextBatch() {
    World w = new World();
    UpgradeOptions batches = UpgradeOptions.builder().batches(2, Duration.ofSeconds(30)).build();

    assertThatThrownBy(() -> w.builder().listener(e -> {
      if (e instanceof UpgradeEvent.BatchPaused) {
        w.lock.holdAs("other-run", Duration.ofMinutes(15));
      }
    }).build().upgrade(R19, batches)).isInstanceOf(ConcurrentUpgradeException.class);

    assertThat(w.dp.restartCalls()).as("the second batch was not restarted").hasSize(1);
  }

  @Test
  void issue8_aLockTakenOverDuringTheSoakStopsTheHealthGate() {
    World w = new World();
    AtomicInteger rounds = new AtomicInteger();
    HealthCheck takeOver = context -> {
      if (rounds.incrementAndGet() == 1) {
        w.lock.holdAs("other-run", Duration.ofMinutes(15));
      }
      return HealthResult.ok();
    };
    UpgradeOptions soak = UpgradeOptions.builder().soak(Duration.ofMinutes(10), Duration.ofMinutes(1)).build();

    assertThatThrownBy(() -> w.builder().healthCheck(takeOver).build().upgrade(R19, soak))
        .isInstanceOf(ConcurrentUpgradeException.class);

    assertThat(rounds).as("no round after the lease was lost").hasValue(1);
    assertThat(w.cp.installed()).containsExactly(R18, R19);
  }

  @Test
  void issue8_aLockTakenOverWhileWaitingForPodsToLeaveStopsTheWait() {
    World w = new World();
    w.dp.lingerFor(5);

    assertThatThrownBy(() -> w.builder().listener(e -> {
      if (e instanceof UpgradeEvent.WaitingOnPods) {
        w.lock.holdAs("other-run", Duration.ofMinutes(15));
      }
    }).build().upgrade(R19)).isInstanceOf(ConcurrentUpgradeException.class);

    assertThat(w.events(UpgradeEvent.WaitingOnPods.class)).as("no poll after the lease was lost").hasSize(1);
    assertThat(w.cp.installed()).containsExactly(R18, R19);
  }

  /** The call index (1-based) of the first {@code name} in a clean run of the world's upgrade to asm-1-19. */
  private static int firstCall(String name) {
    World probe = new World();
    probe.upgrader().upgrade(R19);
    List<String> names = probe.log.names();
    return IntStream.range(0, names.size()).filter(i -> names.get(i).equals(name)).findFirst().orElseThrow() + 1;
  }

  @Test
  void issue8_completeOfARunThatDiedAfterCompleteDeletesTheOldMeshConfig() {
    World w = new World();
    w.log.crashAt(firstCall("dp.deleteSharedMeshConfig"));
    assertThatThrownBy(() -> w.upgrader().upgrade(R19)).isInstanceOf(CallLog.SimulatedCrash.class);
    assertThat(w.cp.installed()).containsExactly(R19);
    assertThat(w.upgrader().currentPlan().orElseThrow().stage()).isEqualTo(UpgradeStage.COMPLETED);
    assertThat(w.dp.meshConfigs()).as("the run died before its clean-up").containsKeys(R18, R19);

    UpgradeReport report = w.upgrader().complete();

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(report.message()).contains("was already completed");
    assertThat(w.dp.meshConfigs()).as("istio-shared-configmap-asm-1-18 deleted").containsOnlyKeys(R19);
    assertThat(w.events(UpgradeEvent.Completed.class)).singleElement()
        .satisfies(c -> assertThat(c.to()).isEqualTo(R19));
  }

  @Test
  void issue8_upgradeAfterARunThatDiedAfterCompleteDeletesTheOldMeshConfig() {
    World w = new World();
    w.log.crashAt(firstCall("dp.deleteSharedMeshConfig"));
    assertThatThrownBy(() -> w.upgrader().upgrade(R19)).isInstanceOf(CallLog.SimulatedCrash.class);

    UpgradeReport report = w.upgrader().upgrade(R19);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.NOTHING_TO_DO);
    assertThat(w.dp.meshConfigs()).containsOnlyKeys(R19);
  }
}
