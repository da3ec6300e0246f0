package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.CART;
import static io.meshupgrade.upgrader.World.MESHED;
import static io.meshupgrade.upgrader.World.R17;
import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.RunStatus;
import io.meshupgrade.UpgradeRun;
import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.exception.UpgradeCancelledException;
import io.meshupgrade.exception.UpgradeNotAllowedException;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.spi.Sleeper;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue 9 item 3: long calls as handles, with a deadline and cancellation at safe points. */
class UpgradeRunTest {

  private static final UpgradeOptions SOAK = UpgradeOptions.builder()
      .soak(Duration.ofMinutes(10), Duration.ofMinutes(1)).build();

  /** A sleeper that advances the clock, except that its {@code blockAt}-th sleep in the health gate blocks. */
  private static final class GateSleeper implements Sleeper {
    final World w;
    final int blockAt;
    final AtomicBoolean inGate = new AtomicBoolean();
    final AtomicInteger gateSleeps = new AtomicInteger();
    final CountDownLatch blocked = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    GateSleeper(World w, int blockAt) {
      this.w = w;
      this.blockAt = blockAt;
    }

    void listen(UpgradeEvent e) {
      if (e instanceof UpgradeEvent.StageStarted s && s.stage() == UpgradeStage.HEALTH_VERIFIED) {
        inGate.set(true);
      }
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
      w.clock.advance(d);
      if (inGate.get() && gateSleeps.incrementAndGet() == blockAt) {
        blocked.countDown();
        release.await(); // until the test releases it, or cancel() interrupts the run
      }
    }
  }

  private static MeshUpgrader upgraderWith(World w, GateSleeper sleeper) {
    return w.builder().sleeper(sleeper).listener(sleeper::listen).build();
  }

  @Test
  void issue9_cancelDuringTheSoakStopsKeepsTheCheckpointReleasesTheLockAndAnotherUpgraderResumes()
      throws InterruptedException {
    World w = new World();
    GateSleeper sleeper = new GateSleeper(w, 2);
    UpgradeRun<UpgradeReport> run = upgraderWith(w, sleeper).beginUpgrade(R19, SOAK);
    sleeper.blocked.await();

    RunStatus during = run.status();
    assertThat(during.state()).isEqualTo(RunStatus.State.RUNNING);
    assertThat(during.stage()).contains(UpgradeStage.WORKLOADS_RESTARTED);
    assertThat(during.working()).contains(UpgradeStage.HEALTH_VERIFIED);
    assertThat(run.cancel()).isTrue();
    UpgradeCancelledException e = catchThrowableOfType(UpgradeCancelledException.class, run::await);

    assertThat(e.reason()).isEqualTo(UpgradeCancelledException.Cause.CANCELLED);
    assertThat(e.stageReached()).contains(UpgradeStage.WORKLOADS_RESTARTED);
    assertThat(e.checkpointKept()).isTrue();
    assertThat(e.getMessage()).contains("cancelled").contains("working toward HEALTH_VERIFIED")
        .contains("call again to resume");
    assertThat(run.status().state()).isEqualTo(RunStatus.State.CANCELLED);
    assertThat(w.upgrader().currentPlan().orElseThrow().stage()).isEqualTo(UpgradeStage.WORKLOADS_RESTARTED);
    assertThat(w.lock.holder()).as("lock released").isNull();
    assertThat(w.cp.installed()).containsExactly(World.R18, R19);

    UpgradeReport resumed = w.upgrader().upgrade(R19, SOAK);

    assertThat(resumed.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R19);
    assertThat(w.dp.restarts()).as("no workload restarted twice").containsEntry(CART, 1);
  }

  @Test
  void issue9_aRunPastItsDeadlineStopsBetweenRestartBatchesAndResumesWithoutRestartingTwice() {
    World w = new World();
    UpgradeOptions options = UpgradeOptions.builder().batches(1, Duration.ofMinutes(10))
        .deadline(Duration.ofMinutes(25)).build();

    UpgradeCancelledException e = catchThrowableOfType(UpgradeCancelledException.class,
        () -> w.upgrader().upgrade(R19, options));

    assertThat(e.reason()).isEqualTo(UpgradeCancelledException.Cause.DEADLINE_EXCEEDED);
    assertThat(e.getMessage()).contains("deadline of PT25M passed");
    assertThat(e.stageReached()).contains(UpgradeStage.INJECTION_SWITCHED);
    Map<WorkloadRef, Integer> restarted = w.dp.restarts();
    assertThat(restarted.values().stream().mapToInt(i -> i).sum()).as("three batches of one before the deadline")
        .isEqualTo(3);
    assertThat(w.lock.holder()).isNull();
    assertThat(w.upgrader().currentPlan().orElseThrow().progress()).containsKey("restarting");

    UpgradeReport resumed = w.upgrader().upgrade(R19, options.toBuilder().deadline(null).build());

    assertThat(resumed.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    for (WorkloadRef wl : MESHED) {
      assertThat(w.dp.restarts()).as(wl.toString()).containsEntry(wl, 1);
    }
  }

  @Test
  void issue9_anInterruptOfTheCallingThreadCancelsTheRunRatherThanFailingIt() {
    World w = new World();
    AtomicBoolean inGate = new AtomicBoolean();
    MeshUpgrader upgrader = w.builder().listener(ev -> {
      if (ev instanceof UpgradeEvent.StageStarted s && s.stage() == UpgradeStage.HEALTH_VERIFIED) {
        inGate.set(true);
      }
    }).sleeper(d -> {
      w.clock.advance(d);
      if (inGate.get()) {
        throw new InterruptedException("as Thread.sleep does when the thread is interrupted");
      }
    }).build();

    UpgradeCancelledException e = catchThrowableOfType(UpgradeCancelledException.class,
        () -> upgrader.upgrade(R19, SOAK));

    assertThat(Thread.interrupted()).as("the interrupt is handed back to the caller").isTrue();
    assertThat(e.reason()).isEqualTo(UpgradeCancelledException.Cause.INTERRUPTED);
    assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
    assertThat(e.stageReached()).contains(UpgradeStage.WORKLOADS_RESTARTED);
    assertThat(w.lock.holder()).isNull();
    assertThat(w.upgrader().upgrade(R19).outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
  }

  @Test
  void issue9_awaitWithATimeoutReturnsEmptyWithoutCancellingAndCancelAfterCompletionIsANoOp()
      throws InterruptedException {
    World w = new World();
    GateSleeper sleeper = new GateSleeper(w, 1);
    UpgradeRun<UpgradeReport> run = upgraderWith(w, sleeper).beginUpgrade(R19, SOAK);
    sleeper.blocked.await();

    assertThat(run.await(Duration.ZERO)).as("still blocked in the soak").isEmpty();
    assertThat(run.status().isDone()).isFalse();
    sleeper.release.countDown();
    UpgradeReport report = run.await();

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    int mutations = w.log.mutations();
    assertThat(run.cancel()).as("nothing left to cancel").isFalse();
    assertThat(run.status().state()).isEqualTo(RunStatus.State.SUCCEEDED);
    assertThat(run.status().stage()).contains(UpgradeStage.COMPLETED);
    assertThat(run.await(Duration.ZERO)).contains(report);
    assertThat(run.await()).isSameAs(report);
    assertThat(w.log.mutations()).isEqualTo(mutations);
  }

  @Test
  void issue9_aRefusalThroughAHandleIsThrownByAwaitAndChangesNothing() {
    World w = new World();

    UpgradeRun<UpgradeReport> run = w.upgrader().beginUpgrade(R17, UpgradeOptions.defaults());

    assertThatThrownBy(run::await).isInstanceOf(UpgradeNotAllowedException.class);
    assertThat(run.status().state()).isEqualTo(RunStatus.State.FAILED);
    assertThat(w.log.mutations()).isZero();
    assertThat(w.events(UpgradeEvent.Refused.class)).hasSize(1);
  }

  @Test
  void issue9_interruptingTheThreadThatAwaitsCancelsTheRunAndWaitsForItToStop() throws Exception {
    World w = new World();
    GateSleeper sleeper = new GateSleeper(w, 1);
    UpgradeRun<UpgradeReport> run = upgraderWith(w, sleeper).beginUpgrade(R19, SOAK);
    sleeper.blocked.await();
    Thread.currentThread().interrupt();

    UpgradeCancelledException e = catchThrowableOfType(UpgradeCancelledException.class, run::await);

    assertThat(Thread.interrupted()).as("the awaiting thread keeps its interrupt").isTrue();
    assertThat(e.reason()).isEqualTo(UpgradeCancelledException.Cause.INTERRUPTED);
    assertThat(run.status().state()).isEqualTo(RunStatus.State.CANCELLED);
    assertThat(w.lock.holder()).isNull();
    assertThat(w.upgrader().currentPlan().orElseThrow().stage()).isEqualTo(UpgradeStage.WORKLOADS_RESTARTED);
  }

  @Test
  void issue9_rollbackCompleteAndPatchRollOverHaveHandlesToo() {
    World w = new World();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.WORKLOADS_RESTARTED).build());

    UpgradeReport rolledBack = w.upgrader().beginRollback(UpgradeOptions.defaults()).await();
    assertThat(rolledBack.outcome()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.HEALTH_VERIFIED).build());
    assertThat(w.upgrader().beginComplete(UpgradeOptions.defaults()).await().outcome())
        .isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.upgrader().beginRollOverPatch(UpgradeOptions.defaults()).await().restarted()).isEmpty();
  }

  @Test
  void issue9_aCallOnAnInterruptedThreadIsCancelledBeforeItTakesTheLock() {
    World w = new World();
    Thread.currentThread().interrupt();

    UpgradeCancelledException e = catchThrowableOfType(UpgradeCancelledException.class,
        () -> w.upgrader().upgrade(R19));

    assertThat(Thread.interrupted()).isTrue();
    assertThat(e.reason()).isEqualTo(UpgradeCancelledException.Cause.INTERRUPTED);
    assertThat(e.stageReached()).isEmpty();
    assertThat(e.checkpointKept()).isFalse();
    assertThat(e.getMessage()).contains("before it saved a plan");
    assertThat(w.lock.acquisitions()).isZero();
    assertThat(w.log.mutations()).isZero();
  }

  @Test
  void issue9_theStatusOfAFinishedRunIsAValue() {
    World w = new World();
    UpgradeRun<UpgradeReport> run = w.upgrader().beginUpgrade(R19, UpgradeOptions.defaults());
    run.await();

    assertThat(run.status()).isEqualTo(run.status()).hasSameHashCodeAs(run.status());
    assertThat(run.status().toString()).isEqualTo("RunStatus[SUCCEEDED at COMPLETED]");
    assertThat(run.status().deadline()).isEmpty();
    assertThat(run.status().working()).isEmpty();
    assertThat(run.status().plan().orElseThrow().details())
        .isEqualTo(w.upgrader().currentPlan().orElseThrow().details());
  }
}
