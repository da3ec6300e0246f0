package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.R18;
import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.exception.ClusterNotReadyException;
import io.meshupgrade.exception.ConcurrentUpgradeException;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 8: a cluster left Failed by a failed ARM operation is repaired explicitly, then the run resumes. */
class RepairTest {

  /** A run whose canary start ended Failed: the cluster is Failed, the plan is kept. */
  private static World failedDuringCanaryStart() {
    World w = new World();
    w.cp.failNextWrite();
    catchThrowable(() -> w.upgrader().upgrade(R19));
    assertThat(w.cp.readMeshState().provisioningState()).isEqualTo("Failed");
    return w;
  }

  @Test
  void issue8_repairBringsAFailedClusterBackAndTheUpgradeResumes() {
    World w = failedDuringCanaryStart();
    UpgradeRefusedException refused = catchThrowableOfType(UpgradeRefusedException.class, () -> w.upgrader().upgrade(R19));
    assertThat(refused).as("refused: thrown, nothing changed").isNotNull();
    assertThat(refused).isInstanceOf(ClusterNotReadyException.class);
    assertThat(refused.getMessage()).contains("Failed").contains("repair");

    ClusterMeshState repaired = w.upgrader().repair();

    assertThat(repaired.provisioningState()).isEqualTo("Succeeded");
    assertThat(repaired.revisions()).containsExactly(R18);
    assertThat(w.cp.repairs()).isEqualTo(1);
    assertThat(w.lock.acquisitions()).as("the lock was taken for the repair").isGreaterThanOrEqualTo(3);
    assertThat(w.upgrader().currentPlan()).as("the plan is kept for the resume").isPresent();
    UpgradeReport resumed = w.upgrader().upgrade(R19);
    assertThat(resumed.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R19);
  }

  @Test
  void issue8_repairRefusesAClusterThatIsNotFailed() {
    World w = new World();
    int mutations = w.log.mutations();

    assertThatThrownBy(() -> w.upgrader().repair()).isInstanceOf(UpgradeRefusedException.class)
        .hasMessageContaining(w.cp.readMeshState().cluster()).hasMessageContaining("Succeeded, not Failed")
        .hasMessageContaining("resume with upgrade");
    w.cp.setProvisioningState("Updating");
    assertThatThrownBy(() -> w.upgrader().repair()).isInstanceOf(UpgradeRefusedException.class)
        .hasMessageContaining("Updating, not Failed").hasMessageContaining("wait for its current operation");
    assertThat(w.log.mutations()).isEqualTo(mutations);
    assertThat(w.cp.repairs()).isZero();
  }

  @Test
  void issue8_repairIsRefusedWhileAnotherRunHoldsTheLock() {
    World w = failedDuringCanaryStart();
    w.lock.holdAs("other-run", Duration.ofMinutes(10));

    assertThatThrownBy(() -> w.upgrader().repair()).isInstanceOf(ConcurrentUpgradeException.class);
    assertThat(w.cp.repairs()).isZero();
    assertThat(w.cp.readMeshState().provisioningState()).isEqualTo("Failed");
  }

  @Test
  void issue8_aCompleteThatEndedFailedIsRepairedAndCompletedAgain() {
    World w = new World();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.HEALTH_VERIFIED).build());
    w.cp.failNextWrite();
    catchThrowable(() -> w.upgrader().complete());
    assertThat(w.cp.installed()).containsExactly(R18, R19);
    assertThatThrownBy(() -> w.upgrader().complete()).hasMessageContaining("repair");

    w.upgrader().repair();
    UpgradeReport done = w.upgrader().complete();

    assertThat(done.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).isEqualTo(List.of(R19));
    assertThat(w.upgrader().currentPlan().orElseThrow().stage()).isEqualTo(UpgradeStage.COMPLETED);
    assertThat(MeshUpgrader.DEFAULT_PLAN_KEY).isNotBlank();
  }
}
