package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.AGENT;
import static io.meshupgrade.upgrader.World.CART;
import static io.meshupgrade.upgrader.World.FRONTEND;
import static io.meshupgrade.upgrader.World.ORDERS;
import static io.meshupgrade.upgrader.World.R18;
import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.ConcurrentUpgradeException;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.event.UpgradeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The lock, listeners, batches, namespace order and revision tags. */
class RunControlTest {

  @Test
  void aSecondRunIsRefusedNamingTheHolderOfTheLock() {
    World w = new World();
    w.lock.holdAs("ci-pipeline-42", Duration.ofMinutes(5));

    assertThatThrownBy(() -> w.upgrader().upgrade(R19))
        .isInstanceOfSatisfying(ConcurrentUpgradeException.class,
            e -> assertThat(e.holder()).isEqualTo("ci-pipeline-42"))
        .hasMessageContaining("ci-pipeline-42");
    assertThat(w.log.mutations()).isZero();
    assertThat(w.cp.installed()).containsExactly(R18);
  }

  @Test
  void anExpiredLockIsTakenOver() {
    World w = new World();
    w.lock.holdAs("crashed-run", Duration.ofMinutes(2));
    w.clock.advance(Duration.ofMinutes(3));

    assertThat(w.upgrader().upgrade(R19).outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
  }

  @Test
  void aRunWhoseLockWasTakenOverStopsAndKeepsItsCheckpoint() {
    World w = new World();
    MeshUpgrader upgrader = w.builder().listener(e -> {
      if (e instanceof UpgradeEvent.StageCompleted s && s.stage() == UpgradeStage.CANARY_STARTED) {
        w.lock.holdAs("intruder", Duration.ofMinutes(5));
      }
    }).build();

    assertThatThrownBy(() -> upgrader.upgrade(R19)).isInstanceOf(ConcurrentUpgradeException.class)
        .hasMessageContaining("intruder");
    assertThat(upgrader.currentPlan().orElseThrow().stage()).isEqualTo(UpgradeStage.CANARY_STARTED);
  }

  @Test
  void aSecondCallOnTheSameUpgraderWhileOneRunsIsRefused() {
    World w = new World();
    AtomicReference<Throwable> nested = new AtomicReference<>();
    MeshUpgrader[] self = new MeshUpgrader[1];
    self[0] = w.builder().listener(e -> {
      if (e instanceof UpgradeEvent.StageCompleted s && s.stage() == UpgradeStage.CANARY_STARTED) {
        try {
          self[0].rollback();
        } catch (RuntimeException ex) {
          nested.set(ex);
        }
      }
    }).build();

    UpgradeReport report = self[0].upgrade(R19);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(nested.get()).isInstanceOf(ConcurrentUpgradeException.class)
        .hasMessageContaining("another call on this MeshUpgrader");
  }

  @Test
  void aListenerThatThrowsIsIsolatedAndNeverStopsTheUpgrade() {
    World w = new World();
    List<UpgradeEvent> afterTheBadOne = new ArrayList<>();

    UpgradeReport report = w.builder()
        .listener(e -> {
          throw new IllegalStateException("dashboard down");
        })
        .listener(afterTheBadOne::add)
        .build().upgrade(R19);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(report.listenerFailures()).isEqualTo(afterTheBadOne.size()).isGreaterThan(10);
    assertThat(w.cp.installed()).containsExactly(R19);
  }

  @Test
  void aListenerThatFailsAnAssertionFailsTheCallInsteadOfBeingIgnored() {
    World w = new World();

    assertThatThrownBy(() -> w.builder()
        .listener(e -> assertThat(e).isNotInstanceOf(UpgradeEvent.StageStarted.class))
        .build().upgrade(R19))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void restartsInBatchesWithAPauseBetweenThemInTheGivenNamespaceOrder() {
    World w = new World();
    UpgradeOptions options = UpgradeOptions.builder().batches(3, Duration.ofMinutes(2))
        .namespaceOrder(List.of("web")).concurrency(2).build();
    var start = w.clock.instant();

    UpgradeReport report = w.upgrader().upgrade(R19, options);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.dp.restartCalls()).containsExactly(List.of(FRONTEND, AGENT, CART), List.of(ORDERS));
    assertThat(w.events(UpgradeEvent.BatchPaused.class)).singleElement().satisfies(e -> {
      assertThat(e.batch()).isEqualTo(1);
      assertThat(e.batches()).isEqualTo(2);
      assertThat(e.pause()).isEqualTo(Duration.ofMinutes(2));
    });
    assertThat(w.events(UpgradeEvent.WorkloadRestarted.class)).extracting(UpgradeEvent.WorkloadRestarted::index)
        .containsExactly(1, 2, 3, 4);
    assertThat(Duration.between(start, w.clock.instant())).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void switchesInjectionByMovingARevisionTagAndRollsItBack() {
    World w = new World();
    w.dp.tag("prod-stable", R18);
    w.dp.relabelNamespaces(List.of("shop", "web"), "prod-stable");
    UpgradeOptions tag = UpgradeOptions.builder().revisionTag("prod-stable")
        .stopAfter(UpgradeStage.HEALTH_VERIFIED).build();

    UpgradeReport report = w.upgrader().upgrade(R19, tag);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.STOPPED_AFTER);
    assertThat(w.dp.tags()).containsEntry("prod-stable", R19);
    assertThat(w.dp.namespaceLabels()).containsEntry("shop", "prod-stable");
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-19", 7, "", 1));
    assertThat(w.events(UpgradeEvent.TagMoved.class)).hasSize(1);

    w.upgrader().rollback();

    assertThat(w.dp.tags()).containsEntry("prod-stable", R18);
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-18", 7, "", 1));
    assertThat(w.cp.installed()).containsExactly(R18);
  }

  @Test
  void completeRefusesWhileATagStillPointsAtTheOldRevision() {
    World w = new World();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.HEALTH_VERIFIED).build());
    w.dp.tag("prod-stable", R18); // created after injection was switched

    assertThatThrownBy(() -> w.upgrader().complete())
        .hasMessageContaining("revision tag prod-stable still points at asm-1-18: move it or pass force");
  }

  @Test
  void issue5AnUpgradeThatRelabelsAlsoMovesATagOnTheOldRevision() {
    World w = new World();
    w.dp.tag("prod-stable", R18);

    UpgradeReport report = w.upgrader().upgrade(R19);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.dp.tags()).containsEntry("prod-stable", R19);
    assertThat(w.cp.installed()).containsExactly(R19);
  }

  @Test
  void worksWithoutALockToo() {
    World w = new World();
    MeshUpgrader noLock = MeshUpgrader.builder().controlPlane(w.cp).dataPlane(w.dp).planStore(w.store)
        .clock(w.clock).sleeper(w.clock.sleeper()).build();

    assertThat(noLock.upgrade(R19).outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.dp.restarts()).isEqualTo(Map.<WorkloadRef, Integer>of(CART, 1, ORDERS, 1, FRONTEND, 1, AGENT, 1));
  }

  @Test
  void theBuilderNamesAMissingPort() {
    assertThatThrownBy(() -> MeshUpgrader.builder().build()).isInstanceOf(NullPointerException.class)
        .hasMessage("controlPlane");
    World w = new World();
    assertThatThrownBy(() -> MeshUpgrader.builder().controlPlane(w.cp).build()).hasMessage("dataPlane");
    assertThatThrownBy(() -> MeshUpgrader.builder().controlPlane(w.cp).dataPlane(w.dp).build())
        .hasMessage("planStore");
    assertThatThrownBy(() -> MeshUpgrader.builder().planKey("Not A Key"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Not A Key'");
    assertThatThrownBy(() -> MeshUpgrader.builder().lockTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MeshUpgrader.builder().holder(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> w.upgrader().upgrade(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("target");
    assertThatThrownBy(() -> w.upgrader().plan(R19, null)).hasMessage("options");
  }

  @Test
  void theBuilderAcceptsCollectionsAndAPlanKey() {
    World w = new World();
    List<UpgradeEvent> seen = new ArrayList<>();
    MeshUpgrader u = MeshUpgrader.builder().controlPlane(w.cp).dataPlane(w.dp).planStore(w.store)
        .clock(w.clock).sleeper(w.clock.sleeper()).policy(io.meshupgrade.plan.UpgradePolicy.ONE_MINOR_AT_A_TIME)
        .listeners(List.of(seen::add)).healthChecks(List.of(c -> io.meshupgrade.spi.HealthResult.ok()))
        .planKey("cluster1-plan").lockTtl(Duration.ofMinutes(1)).lock(w.lock).build();

    u.upgrade(R19);

    assertThat(w.store.load("cluster1-plan")).isPresent();
    assertThat(w.store.load(MeshUpgrader.DEFAULT_PLAN_KEY)).isEmpty();
    assertThat(seen).isNotEmpty();
  }

  @Test
  void aCheckpointWrittenByAnotherRunStopsThisOneAtItsNextTransition() {
    World w = new World();
    MeshUpgrader upgrader = w.builder().listener(e -> {
      if (e instanceof UpgradeEvent.StageCompleted s && s.stage() == UpgradeStage.CANARY_STARTED) {
        var current = w.store.load(MeshUpgrader.DEFAULT_PLAN_KEY).orElseThrow();
        w.store.save(MeshUpgrader.DEFAULT_PLAN_KEY, current.json(), java.util.Optional.of(current.version()));
      }
    }).build();

    assertThatThrownBy(() -> upgrader.upgrade(R19)).isInstanceOf(io.meshupgrade.exception.CheckpointException.class)
        .hasMessageContaining("version conflict");
    assertThat(w.dp.restarts()).as("nothing after the conflict").isEmpty();
  }
}
