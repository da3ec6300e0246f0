package io.meshupgrade.junit.e2e;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_18;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.junit.SimulatedAksAdapters;
import io.meshupgrade.spi.Checkpoint;
import io.meshupgrade.spi.PlanStore;
import io.meshupgrade.spi.UpgradeLock;
import io.meshupgrade.testkit.SimulatedAksCluster;
import io.meshupgrade.testkit.arm.ArmCall;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The process dies at every stage boundary of an upgrade, either just before the checkpoint of the stage it reached
 * is written (the step's side effects happened, the plan does not know) or just after; a new process (a new lock
 * holder, which takes the dead run's lease over explicitly, naming it) resumes from the saved plan and the observed
 * cluster. The final cluster is
 * the same as after an uninterrupted run, and no workload is restarted twice.
 */
@SimulatedAks(sharedMeshConfig = "accessLogFile: /dev/stdout\n")
class CrashResumeTest {

  enum Boundary {
    BEFORE_CHECKPOINT,
    AFTER_CHECKPOINT
  }

  @ParameterizedTest(name = "crash {1} {0}")
  @EnumSource(value = UpgradeStage.class, names = {"PLANNED", "MESH_CONFIG_COPIED", "CANARY_STARTED",
      "CONTROL_PLANES_VERIFIED", "INJECTION_SWITCHED", "WORKLOADS_RESTARTED", "HEALTH_VERIFIED", "COMPLETED"})
  void aRunThatDiesBeforeTheCheckpointOfAStageResumesToTheSameClusterWithoutRestartingTwice(
      UpgradeStage stage, SimulatedAksAdapters adapters, SimulatedAksCluster cluster) {
    crashAndResume(stage, Boundary.BEFORE_CHECKPOINT, adapters, cluster);
  }

  @ParameterizedTest(name = "crash {1} {0}")
  @EnumSource(value = UpgradeStage.class, names = {"PLANNED", "MESH_CONFIG_COPIED", "CANARY_STARTED",
      "CONTROL_PLANES_VERIFIED", "INJECTION_SWITCHED", "WORKLOADS_RESTARTED", "HEALTH_VERIFIED", "COMPLETED"})
  void aRunThatDiesAfterTheCheckpointOfAStageResumesToTheSameClusterWithoutRestartingTwice(
      UpgradeStage stage, SimulatedAksAdapters adapters, SimulatedAksCluster cluster) {
    crashAndResume(stage, Boundary.AFTER_CHECKPOINT, adapters, cluster);
  }

  @ParameterizedTest(name = "crash {1} {0} of a rollback")
  @EnumSource(value = UpgradeStage.class,
      names = {"ROLLBACK_STARTED", "INJECTION_REVERTED", "WORKLOADS_REVERTED", "ROLLED_BACK"})
  void aRollbackThatDiesBeforeTheCheckpointOfAStageResumesToTheSameCluster(
      UpgradeStage stage, SimulatedAksAdapters adapters, SimulatedAksCluster cluster) {
    crashAndResumeRollback(stage, Boundary.BEFORE_CHECKPOINT, adapters, cluster);
  }

  @ParameterizedTest(name = "crash {1} {0} of a rollback")
  @EnumSource(value = UpgradeStage.class,
      names = {"ROLLBACK_STARTED", "INJECTION_REVERTED", "WORKLOADS_REVERTED", "ROLLED_BACK"})
  void aRollbackThatDiesAfterTheCheckpointOfAStageResumesToTheSameCluster(
      UpgradeStage stage, SimulatedAksAdapters adapters, SimulatedAksCluster cluster) {
    crashAndResumeRollback(stage, Boundary.AFTER_CHECKPOINT, adapters, cluster);
  }

  @org.junit.jupiter.api.Test
  void issue8_afterACrashTheLeaseRefusesANewRunUntilItTakesOverTheDeadHolderAndThePlanRecordsIt(
      SimulatedAksAdapters adapters, SimulatedAksCluster cluster) {
    UpgradeOptions options = SimulatedAksAdapters.options().build();
    CrashingPlanStore store = new CrashingPlanStore(adapters.planStore(), UpgradeStage.INJECTION_SWITCHED,
        Boundary.AFTER_CHECKPOINT);
    MeshUpgrader doomed = adapters.upgraderBuilder().planStore(store)
        .lock(new DyingLock(adapters.lock(), store.crashed)).build();
    assertThatThrownBy(() -> doomed.upgrade(ASM_1_19, options)).isInstanceOf(ProcessCrash.class);

    // same name, new process: not the same holder, so the dead run's live lease refuses it (naming the dead holder)
    MeshUpgrader sameName = adapters.upgraderBuilder().build();
    assertThatThrownBy(() -> sameName.upgrade(ASM_1_19, options))
        .isInstanceOfSatisfying(io.meshupgrade.exception.ConcurrentUpgradeException.class,
            e -> assertThat(e.holder()).isEqualTo(doomed.holder()));
    // naming someone else is refused too, naming both
    MeshUpgrader wrongName = adapters.upgraderBuilder().takeOver("someone@else/000000").build();
    assertThatThrownBy(() -> wrongName.upgrade(ASM_1_19, options))
        .isInstanceOf(io.meshupgrade.exception.ConcurrentUpgradeException.class)
        .hasMessageContaining(doomed.holder()).hasMessageContaining("someone@else/000000");
    assertThat(adapters.upgrader().currentPlan().orElseThrow().stage()).isEqualTo(UpgradeStage.INJECTION_SWITCHED);

    MeshUpgrader takeOver = adapters.upgraderBuilder().takeOver(doomed.holder()).build();
    UpgradeReport report = takeOver.upgrade(ASM_1_19, options);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("took the cluster's lock over from "
        + doomed.holder()));
    UpgradePlan plan = takeOver.currentPlan().orElseThrow();
    assertThat(plan.history()).filteredOn(t -> t.details().containsKey("lockTakenOverFrom")).singleElement()
        .satisfies(t -> {
          assertThat(t.to()).isEqualTo(UpgradeStage.WORKLOADS_RESTARTED);
          assertThat(t.details()).containsEntry("lockTakenOverFrom", doomed.holder())
              .containsEntry("lockTakenOverBy", takeOver.holder());
        });
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasNoPodsOn(ASM_1_18);
    assertThat(cluster.store().get(io.meshupgrade.testkit.k8s.ApiResource.LEASES,
        SimulatedAksCluster.SYSTEM_NAMESPACE, "mesh-upgrade-lock"))
        .hasValueSatisfying(l -> assertThat(l.path("spec").path("holderIdentity").asText()).isEmpty());
  }

  private static void crashAndResumeRollback(
      UpgradeStage stage, Boundary boundary, SimulatedAksAdapters adapters, SimulatedAksCluster cluster) {
    UpgradeOptions options = SimulatedAksAdapters.options().build();
    UpgradeReport stopped = adapters.upgrader().upgrade(ASM_1_19,
        options.toBuilder().stopAfter(UpgradeStage.HEALTH_VERIFIED).build());
    assertThat(stopped.outcome()).as(stopped.message()).isEqualTo(UpgradeReport.Outcome.STOPPED_AFTER);
    CrashingPlanStore store = new CrashingPlanStore(adapters.planStore(), stage, boundary);
    MeshUpgrader doomed = adapters.upgraderBuilder().planStore(store).lock(new DyingLock(adapters.lock(),
        store.crashed)).build();

    assertThatThrownBy(doomed::rollback).isInstanceOf(ProcessCrash.class);
    assertThat(store.crashed).isTrue();

    // issue 8: a new process is a new holder; it takes the dead run's live lease over by naming it
    MeshUpgrader restarted = adapters.upgraderBuilder().takeOver(doomed.holder()).build();
    // calling rollback again resumes it (or, after its last checkpoint, finishes its clean-up)
    UpgradeReport report = restarted.rollback();
    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThat(restarted.currentPlan()).hasValueSatisfying(
        p -> assertThat(p.stage()).isEqualTo(UpgradeStage.ROLLED_BACK));
    assertThatCluster(cluster)
        .hasRevisionsInstalled(ASM_1_18)
        .hasNoPodsOn(ASM_1_19)
        .hasPodsOn(ASM_1_18, 10)
        .hasNamespacesOn(ASM_1_18, "shop", "payments", "monitoring")
        .hasAllPodsReady()
        .hasSharedMeshConfig(ASM_1_18)
        .hasNoSharedMeshConfig(ASM_1_19);
    // each mesh workload restarted once forward and once back, never more
    assertThat(cluster.workloadGenerations()).as("restarts").containsEntry("Deployment shop/frontend", 3L)
        .containsEntry("Deployment shop/cart", 3L).containsEntry("StatefulSet shop/orders-db", 3L)
        .containsEntry("Deployment payments/api", 3L).containsEntry("DaemonSet monitoring/node-agent", 3L)
        .containsEntry("Deployment legacy/old-app", 1L);
  }

  private static void crashAndResume(
      UpgradeStage stage, Boundary boundary, SimulatedAksAdapters adapters, SimulatedAksCluster cluster) {
    UpgradeOptions options = SimulatedAksAdapters.options().build();
    CrashingPlanStore store = new CrashingPlanStore(adapters.planStore(), stage, boundary);
    DyingLock lock = new DyingLock(adapters.lock(), store.crashed);
    MeshUpgrader doomed = adapters.upgraderBuilder().planStore(store).lock(lock).build();

    assertThatThrownBy(() -> doomed.upgrade(ASM_1_19, options)).isInstanceOf(ProcessCrash.class);
    assertThat(store.crashed).isTrue();
    Optional<UpgradePlan> saved = adapters.upgrader().currentPlan();
    if (boundary == Boundary.AFTER_CHECKPOINT) {
      assertThat(saved).hasValueSatisfying(p -> assertThat(p.stage()).isEqualTo(stage));
    } else if (stage == UpgradeStage.PLANNED) {
      assertThat(saved).isEmpty();
    } else {
      assertThat(saved).hasValueSatisfying(p -> assertThat(p.hasReached(stage)).isFalse());
    }

    // issue 8: a new process is a new holder; it takes the dead run's live lease over by naming it
    MeshUpgrader restarted = adapters.upgraderBuilder().takeOver(doomed.holder()).build();
    UpgradeReport report = restarted.upgrade(ASM_1_19, options);

    if (stage == UpgradeStage.COMPLETED && boundary == Boundary.AFTER_CHECKPOINT) {
      // the saved plan is already terminal: the new run only finishes the clean-up
      assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.NOTHING_TO_DO);
    } else {
      assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    }
    assertThat(restarted.currentPlan()).hasValueSatisfying(p -> {
      assertThat(p.stage()).isEqualTo(UpgradeStage.COMPLETED);
      saved.ifPresent(before -> assertThat(p.planId()).isEqualTo(before.planId()));
    });
    assertThatCluster(cluster)
        .hasRevisionsInstalled(ASM_1_19)
        .hasNoPodsOn(ASM_1_18)
        .hasPodsOn(ASM_1_19, 10)
        .hasNamespacesOn(ASM_1_19, "shop", "payments", "monitoring")
        .hasNoNamespacesOn(ASM_1_18)
        .hasAllPodsReady()
        .hasSharedMeshConfig(ASM_1_19)
        .hasNoSharedMeshConfig(ASM_1_18);
    assertThat(cluster.sharedMeshConfig("asm-1-19")).contains("accessLogFile: /dev/stdout\n");
    assertThat(E2e.sorted(cluster.workloadGenerations())).as("each mesh workload restarted exactly once")
        .isEqualTo(E2e.sorted(E2e.DEMO_RESTARTED_ONCE));
    // ARM: one start and one complete in all, whatever the crash (a repeated PUT would be a second side effect)
    assertThat(cluster.arm().requests(ArmCall.PUT_CLUSTER)).hasSizeLessThanOrEqualTo(2);
  }

  /** A crash: an Error, so that nothing on the way up mistakes it for a failure to handle. */
  static final class ProcessCrash extends Error {
    ProcessCrash(String message) {
      super(message);
    }
  }

  /** Dies when the plan reaches the stage, before or after writing its checkpoint. */
  static final class CrashingPlanStore implements PlanStore {
    private final PlanStore delegate;
    private final UpgradeStage stage;
    private final Boundary boundary;
    final AtomicBoolean crashed = new AtomicBoolean();

    CrashingPlanStore(PlanStore delegate, UpgradeStage stage, Boundary boundary) {
      this.delegate = delegate;
      this.stage = stage;
      this.boundary = boundary;
    }

    @Override
    public Optional<Checkpoint> load(String key) {
      return delegate.load(key);
    }

    @Override
    public Checkpoint save(String key, String json, Optional<String> expectedVersion) {
      boolean here = !crashed.get() && UpgradePlan.fromCheckpoint(json).stage() == stage;
      if (here && boundary == Boundary.BEFORE_CHECKPOINT) {
        crashed.set(true);
        throw new ProcessCrash("died before writing the checkpoint of " + stage);
      }
      Checkpoint saved = delegate.save(key, json, expectedVersion);
      if (here) {
        crashed.set(true);
        throw new ProcessCrash("died after writing the checkpoint of " + stage);
      }
      return saved;
    }

    @Override
    public void delete(String key) {
      delegate.delete(key);
    }
  }

  /** A dead process does not release its lease: it stays until it expires or is taken over by name. */
  static final class DyingLock implements UpgradeLock {
    private final UpgradeLock delegate;
    private final AtomicBoolean dead;

    DyingLock(UpgradeLock delegate, AtomicBoolean dead) {
      this.delegate = delegate;
      this.dead = dead;
    }

    @Override
    public Held acquire(String holder, Duration ttl) {
      Held held = delegate.acquire(holder, ttl);
      return new Held() {
        @Override
        public String holder() {
          return held.holder();
        }

        @Override
        public void renew() {
          held.renew();
        }

        @Override
        public void close() {
          if (!dead.get()) {
            held.close();
          }
        }
      };
    }
  }
}
