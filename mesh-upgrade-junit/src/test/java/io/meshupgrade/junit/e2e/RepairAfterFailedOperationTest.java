package io.meshupgrade.junit.e2e;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_18;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.testkit.SimulatedAksCluster;
import io.meshupgrade.testkit.arm.ArmCall;
import io.meshupgrade.testkit.arm.ArmFaults;
import io.meshupgrade.testkit.arm.RecordedRequest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 8 item 3 end to end: an ARM operation ends Failed, repair re-applies the cluster unchanged, resume completes. */
@SimulatedAks(ingressGateways = true)
class RepairAfterFailedOperationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The cluster document without what an upgrade and a repair may change: eTag, state, revisions. */
  private static JsonNode withoutMeshRevisionsAndState(String clusterJson) throws IOException {
    ObjectNode n = (ObjectNode) JSON.readTree(clusterJson);
    n.remove("eTag");
    ((ObjectNode) n.path("properties")).remove("provisioningState");
    ((ObjectNode) n.path("properties").path("serviceMeshProfile").path("istio")).remove("revisions");
    return n;
  }

  @Test
  void issue8_aFailedArmOperationIsRepairedAndTheUpgradeResumesToCompletedWithEveryOtherPropertyUnchanged(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options, ArmFaults arm) throws IOException {
    String before = cluster.arm().clusterJson();
    upgrader.upgrade(ASM_1_19, options.toBuilder().stopAfter(UpgradeStage.INJECTION_SWITCHED).build());
    arm.failNextOperation("InternalOperationError", "the old control plane could not be removed");

    assertThatThrownBy(() -> upgrader.upgrade(ASM_1_19, options)).isInstanceOf(MeshUpgradeException.class)
        .hasMessageContaining("the old control plane could not be removed");
    assertThat(cluster.arm().provisioningState()).isEqualTo("Failed");
    assertThatThrownBy(() -> upgrader.upgrade(ASM_1_19, options)).isInstanceOf(UpgradeRefusedException.class)
        .hasMessageContaining("Failed").hasMessageContaining("repair");
    String failedBody = cluster.arm().clusterJson();
    int puts = cluster.arm().requests(ArmCall.PUT_CLUSTER).size();

    ClusterMeshState repaired = upgrader.repair();

    assertThat(repaired.isSucceeded()).isTrue();
    assertThat(repaired.revisions()).containsExactly(ASM_1_18, ASM_1_19);
    List<RecordedRequest> reconcile = cluster.arm().requests(ArmCall.PUT_CLUSTER).subList(puts,
        cluster.arm().requests(ArmCall.PUT_CLUSTER).size());
    assertThat(reconcile).singleElement().satisfies(put -> {
      assertThat(put.ifMatch()).isEqualTo(JSON.readTree(failedBody).path("eTag").asText());
      assertThat(put.status()).isEqualTo(200);
      assertThat(JSON.readTree(put.body()).at("/properties/serviceMeshProfile"))
          .isEqualTo(JSON.readTree(failedBody).at("/properties/serviceMeshProfile"));
    });
    assertThatThrownBy(upgrader::repair).as("nothing left to repair").isInstanceOf(UpgradeRefusedException.class)
        .hasMessageContaining("not Failed");

    UpgradeReport report = upgrader.upgrade(ASM_1_19, options);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasNoPodsOn(ASM_1_18).hasPodsOn(ASM_1_19, 10);
    assertThat(E2e.sorted(cluster.workloadGenerations())).isEqualTo(E2e.sorted(E2e.DEMO_RESTARTED_ONCE));
    assertThat(withoutMeshRevisionsAndState(cluster.arm().clusterJson()))
        .as("every other ManagedCluster property as it was before the upgrade")
        .isEqualTo(withoutMeshRevisionsAndState(before));
    assertThat(cluster.arm().provisioningState()).isEqualTo("Succeeded");
  }
}
