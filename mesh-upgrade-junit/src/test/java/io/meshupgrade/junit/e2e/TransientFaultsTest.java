package io.meshupgrade.junit.e2e;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_18;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.testkit.SimulatedAksCluster;
import io.meshupgrade.testkit.arm.ArmCall;
import io.meshupgrade.testkit.arm.ArmFaults;
import io.meshupgrade.testkit.k8s.Faults;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Both APIs misbehave for a while during the upgrade. */
@SimulatedAks
class TransientFaultsTest {

  @Test
  void transientErrorsOfBothApisAreRetriedWithoutASecondSideEffect(MeshUpgrader upgrader,
      SimulatedAksCluster cluster, UpgradeOptions options, ArmFaults arm, Faults kubernetes) {
    arm.throttle(ArmCall.GET_CLUSTER, 2, Duration.ZERO)
        .serverError(ArmCall.PUT_CLUSTER, 1, 503)
        .serverError(ArmCall.OPERATION_STATUS, 1, 500);
    kubernetes.failNext(2, "patch", "deployments", 500)
        .failNext(1, "patch", "namespaces", 503)
        .throttleNext(2, "list", "pods", Duration.ZERO)
        .failNext(1, "update", "configmaps", 500);

    UpgradeReport report = upgrader.upgrade(ASM_1_19, options);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(kubernetes.pending()).as("every injected Kubernetes fault was hit").isZero();
    assertThat(cluster.arm().requests()).anySatisfy(r -> assertThat(r.status()).isEqualTo(503));
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasNoPodsOn(ASM_1_18).hasPodsOn(ASM_1_19, 10)
        .hasAllPodsReady();
    assertThat(E2e.sorted(cluster.workloadGenerations())).isEqualTo(E2e.sorted(E2e.DEMO_RESTARTED_ONCE));
  }

  @Test
  void aFailedArmOperationStopsTheRunWhichResumesOnceTheClusterIsReconciled(MeshUpgrader upgrader, SimulatedAksCluster cluster,
      UpgradeOptions options, ArmFaults arm) {
    arm.failNextOperation("InternalOperationError", "the canary could not be installed");

    assertThatThrownBy(() -> upgrader.upgrade(ASM_1_19, options))
        .isInstanceOf(MeshUpgradeException.class)
        .hasMessageContaining("the canary could not be installed");
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_18).hasPodsOn(ASM_1_18, 10);
    assertThat(upgrader.currentPlan()).hasValueSatisfying(
        p -> assertThat(p.hasReached(UpgradeStage.CANARY_STARTED)).isFalse());

    // as on AKS, the cluster stays Failed until someone reconciles it (az aks update)
    assertThat(cluster.arm().provisioningState()).isEqualTo("Failed");
    UpgradeRefusedException refused = catchThrowableOfType(UpgradeRefusedException.class, () -> upgrader.upgrade(ASM_1_19, options));
    assertThat(refused).as("refused: thrown, nothing changed").isNotNull();
    assertThat(refused.getMessage()).contains("Failed");

    cluster.arm().startForeignOperation().release();
    UpgradeReport report = upgrader.upgrade(ASM_1_19, options);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasNoPodsOn(ASM_1_18).hasPodsOn(ASM_1_19, 10);
    assertThat(E2e.sorted(cluster.workloadGenerations())).isEqualTo(E2e.sorted(E2e.DEMO_RESTARTED_ONCE));
  }
}
