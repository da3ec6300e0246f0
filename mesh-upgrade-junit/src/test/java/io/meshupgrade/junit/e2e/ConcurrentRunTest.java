package io.meshupgrade.junit.e2e;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_18;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.ConcurrentUpgradeException;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.junit.SimulatedAksAdapters;
import io.meshupgrade.testkit.SimulatedAksCluster;
import io.meshupgrade.testkit.arm.OperationGate;
import io.meshupgrade.testkit.k8s.ApiResource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One upgrade per cluster at a time, across processes (the Lease) and within one upgrader. */
@SimulatedAks
class ConcurrentRunTest {

  @Test
  void aSecondRunIsRefusedWithTheHolderWhileTheFirstRunsAndTheFirstStillCompletes(
      MeshUpgrader upgrader, SimulatedAksAdapters adapters, SimulatedAksCluster cluster, UpgradeOptions options)
      throws Exception {
    OperationGate gate = cluster.armFaults().holdNextOperation();
    CompletableFuture<UpgradeReport> first = CompletableFuture.supplyAsync(() -> upgrader.upgrade(ASM_1_19, options));
    E2e.awaitUntil(cluster, "the first run to start the canary", cluster.arm()::operationInProgress);
    MeshUpgrader otherProcess = adapters.upgraderBuilder().holder("other-process").build();

    assertThatThrownBy(() -> otherProcess.upgrade(ASM_1_19, options))
        .isInstanceOfSatisfying(ConcurrentUpgradeException.class,
            e -> assertThat(e.holder()).isEqualTo(upgrader.holder()))
        .hasMessageContaining(upgrader.holder());
    assertThat(upgrader.holder()).startsWith(SimulatedAksAdapters.DEFAULT_HOLDER + "/");
    assertThatThrownBy(otherProcess::rollback).isInstanceOf(ConcurrentUpgradeException.class);
    assertThatThrownBy(() -> upgrader.upgrade(ASM_1_19, options)).isInstanceOf(ConcurrentUpgradeException.class);
    assertThat(cluster.store().get(ApiResource.LEASES, SimulatedAksCluster.SYSTEM_NAMESPACE, "mesh-upgrade-lock"))
        .hasValueSatisfying(l -> assertThat(l.path("spec").path("holderIdentity").asText())
            .isEqualTo(upgrader.holder()));

    gate.release();
    UpgradeReport report = first.get(60, TimeUnit.SECONDS);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasNoPodsOn(ASM_1_18);
    // the lock is free again: the other process now finds nothing to do
    assertThat(otherProcess.upgrade(ASM_1_19, options).outcome()).isEqualTo(UpgradeReport.Outcome.NOTHING_TO_DO);
  }
}
