package io.meshupgrade.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import io.meshupgrade.exception.ClusterChangedException;
import io.meshupgrade.model.ClusterId;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.exception.ClusterNotReadyException;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.exception.OperationFailedException;
import io.meshupgrade.model.Revision;
import io.meshupgrade.testkit.arm.ArmCall;
import io.meshupgrade.testkit.arm.FakeArmServer;
import io.meshupgrade.testkit.arm.FakeCluster;
import io.meshupgrade.testkit.arm.OperationGate;
import io.meshupgrade.testkit.arm.RecordedRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 8 items 1 and 3 over real HTTP against the testkit's fake ARM: the cluster is identified by its full ARM
 * resource id, and repair re-applies a Failed cluster unchanged with If-Match.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AzureIdentityAndRepairTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Revision ASM_1_18 = Revision.parse("asm-1-18");
  private static final String SUB_A = "00000000-0000-0000-0000-00000000000a";
  private static final String SUB_B = "00000000-0000-0000-0000-00000000000b";

  private final List<FakeArmServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(FakeArmServer::close);
  }

  private FakeArmServer start(FakeArmServer.Builder b) {
    FakeArmServer s = b.start();
    servers.add(s);
    return s;
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<RecordedRequest> puts(FakeArmServer server) {
    return server.requests(ArmCall.PUT_CLUSTER);
  }

  /** The example cluster, left Failed by a failed operation of the adapter (nothing else changed). */
  private static AzureMeshControlPlane failedBy(FakeArmServer server) {
    AzureMeshControlPlane arm = AzureMeshControlPlaneContractTest.adapterFor(server).build();
    server.faults().failNextOperation("IstioUpgradeFailed", "istiod asm-1-18 did not become ready");
    assertThatThrownBy(() -> arm.startCanary(ASM_1_18)).isInstanceOf(OperationFailedException.class);
    assertThat(server.provisioningState()).isEqualTo("Failed");
    return arm;
  }

  @Test
  void issue8_theStateNamesTheClusterByItsFullResourceId() {
    FakeArmServer server = start(FakeArmServer.builder());

    ClusterMeshState state = AzureMeshControlPlaneContractTest.adapterFor(server).build().readMeshState();

    assertThat(state.cluster()).isEqualTo("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1"
        + "/providers/Microsoft.ContainerService/managedClusters/clustername1");
    assertThat(state.clusterId()).contains(new ClusterId("00000000-0000-0000-0000-000000000000", "rg1",
        "clustername1"));
  }

  @Test
  void issue8_twoClustersOfTheSameGroupAndNameInTwoSubscriptionsHaveDifferentIds() {
    FakeArmServer a = start(FakeArmServer.builder().cluster(FakeCluster.builder().subscriptionId(SUB_A)
        .resourceGroup("rg1").name("aks1").build()));
    FakeArmServer b = start(FakeArmServer.builder().cluster(FakeCluster.builder().subscriptionId(SUB_B)
        .resourceGroup("rg1").name("aks1").build()));

    ClusterMeshState stateA = AzureMeshControlPlaneContractTest.adapterFor(a).build().readMeshState();
    ClusterMeshState stateB = AzureMeshControlPlaneContractTest.adapterFor(b).build().readMeshState();

    assertThat(stateA.cluster()).contains(SUB_A).endsWith("/resourceGroups/rg1/providers/"
        + "Microsoft.ContainerService/managedClusters/aks1");
    assertThat(stateB.cluster()).contains(SUB_B);
    assertThat(stateA.clusterId()).isNotEqualTo(stateB.clusterId());
    assertThat(stateA.clusterId().orElseThrow().legacyName()).isEqualTo(stateB.clusterId().orElseThrow()
        .legacyName());
  }

  @Test
  void issue8_theIdComparesIgnoringCaseAsArmDoes() {
    FakeArmServer server = start(FakeArmServer.builder().cluster(FakeCluster.builder().resourceGroup("RG1")
        .name("clustername1").build()));

    ClusterMeshState state = AzureMeshControlPlane.builder()
        .subscriptionId(server.subscriptionId()).resourceGroup("rg1").clusterName("ClusterName1")
        .unauthenticatedEndpoint(server.endpoint()).build().readMeshState();

    assertThat(state.clusterId()).contains(new ClusterId(server.subscriptionId(), "rg1", "clustername1"));
  }

  @Test
  void issue8_aBodyOfAnotherSubscriptionsClusterIsRefusedBeforeAnyWrite() {
    // the adapter names subscription A's cluster, but what answers is B's cluster of the same group and name (a
    // misrouting transport stands in for a mixed-up endpoint or proxy): the id in the GET body must match
    FakeArmServer b = start(FakeArmServer.builder().cluster(FakeCluster.builder().subscriptionId(SUB_B)
        .resourceGroup("rg1").name("clustername1").revisions("asm-1-17").build()));
    HttpClient delegate = HttpClient.createDefault();
    HttpClient misrouting = request -> {
      HttpRequest copy = request.copy();
      copy.setUrl(request.getUrl().toString().replace("/subscriptions/" + SUB_A + "/", "/subscriptions/" + SUB_B
          + "/"));
      return delegate.send(copy);
    };
    AzureMeshControlPlane arm = AzureMeshControlPlane.builder()
        .subscriptionId(SUB_A).resourceGroup("rg1").clusterName("clustername1")
        .unauthenticatedEndpoint(b.endpoint()).httpClient(misrouting).build();

    assertThatThrownBy(arm::readMeshState).isInstanceOf(MeshUpgradeException.class)
        .hasMessageContaining("/subscriptions/" + SUB_A + "/").hasMessageContaining("/subscriptions/" + SUB_B + "/")
        .hasMessageContaining("refuses to act on another cluster");
    assertThatThrownBy(() -> arm.startCanary(ASM_1_18)).isInstanceOf(MeshUpgradeException.class)
        .hasMessageContaining("refuses to act on another cluster");
    assertThatThrownBy(arm::repair).isInstanceOf(MeshUpgradeException.class);
    assertThat(b.requests(ArmCall.GET_CLUSTER)).isNotEmpty();
    assertThat(puts(b)).isEmpty();
  }

  @Test
  void issue8_repairReappliesTheUnchangedBodyWithIfMatch() {
    FakeArmServer server = start(FakeArmServer.builder());
    AzureMeshControlPlane arm = failedBy(server);
    String getBody = server.clusterJson();
    String etag = server.eTag();

    ClusterMeshState state = arm.repair();

    assertThat(state.isSucceeded()).isTrue();
    assertThat(state.revisions()).containsExactly(Revision.parse("asm-1-17"));
    assertThat(state.eTag()).isEqualTo(server.eTag());
    assertThat(puts(server)).hasSize(2);
    RecordedRequest repair = puts(server).get(1);
    assertThat(repair.ifMatch()).isEqualTo(etag);
    assertThat(repair.status()).isEqualTo(200);
    ObjectNode expected = (ObjectNode) json(getBody);
    // ARM owns these read-only fields; the SDK does not send them back and ARM keeps them
    expected.remove(List.of("id", "name", "type", "eTag"));
    ObjectNode props = (ObjectNode) expected.path("properties");
    props.remove(List.of("provisioningState", "maxAgentPools", "fqdn"));
    ((ObjectNode) props.path("networkProfile").path("loadBalancerProfile")).remove("effectiveOutboundIPs");
    ((ObjectNode) props.path("agentPoolProfiles").path(0)).remove(List.of("provisioningState", "nodeImageVersion"));
    assertThat(json(repair.body())).as("the PUT body is the GET body, every property as read").isEqualTo(expected);
    assertThat(server.requests(ArmCall.OPERATION_STATUS)).isNotEmpty();

    ObjectNode after = (ObjectNode) json(server.clusterJson());
    ObjectNode before = (ObjectNode) json(getBody);
    ((ObjectNode) before.path("properties")).put("provisioningState", "Succeeded");
    before.put("eTag", server.eTag());
    assertThat(after).as("only provisioningState and the eTag changed").isEqualTo(before);
  }

  @Test
  void issue8_repairOfASucceededClusterWritesNothing() {
    FakeArmServer server = start(FakeArmServer.builder());
    String before = server.clusterJson();

    ClusterMeshState state = AzureMeshControlPlaneContractTest.adapterFor(server).build().repair();

    assertThat(state.isSucceeded()).isTrue();
    assertThat(puts(server)).isEmpty();
    assertThat(json(server.clusterJson())).isEqualTo(json(before));
  }

  @Test
  void issue8_repairWhileAnOperationRunsIsRefusedAsNotReadyWithoutAWrite() {
    FakeArmServer server = start(FakeArmServer.builder());
    OperationGate gate = server.startForeignOperation();
    try {
      assertThatThrownBy(() -> AzureMeshControlPlaneContractTest.adapterFor(server).build().repair())
          .isInstanceOfSatisfying(ClusterNotReadyException.class,
              e -> assertThat(e.provisioningState()).isEqualTo("Updating"));
      assertThat(puts(server)).isEmpty();
    } finally {
      gate.release();
    }
  }

  @Test
  void issue8_repairMaps412ToTheChangedClusterExceptionAndAppliesNothing() {
    FakeArmServer server = start(FakeArmServer.builder());
    AzureMeshControlPlane arm = failedBy(server);
    // another client writes between our GET and our PUT
    server.faults().runBeforeNext(ArmCall.PUT_CLUSTER, server::touch);

    assertThatThrownBy(arm::repair).isInstanceOfSatisfying(ClusterChangedException.class, e -> {
      assertThat(e.httpStatus()).isEqualTo(412);
      assertThat(e.getMessage()).contains("changed since it was read");
    });
    assertThat(puts(server)).hasSize(2);
    assertThat(puts(server).get(1).status()).isEqualTo(412);
    assertThat(server.provisioningState()).isEqualTo("Failed");
    assertThat(server.operationInProgress()).isFalse();
  }

  @Test
  void issue8_aReconcileThatFailsTooIsAnOperationFailure() {
    FakeArmServer server = start(FakeArmServer.builder());
    AzureMeshControlPlane arm = failedBy(server);
    server.faults().failNextOperation("ReconcileFailed", "still broken");

    assertThatThrownBy(arm::repair).isInstanceOfSatisfying(OperationFailedException.class,
        e -> assertThat(e.code()).isEqualTo("ReconcileFailed"));
    assertThat(server.provisioningState()).isEqualTo("Failed");
  }
}
