package io.meshupgrade.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.exception.ClusterChangedException;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.exception.ClusterNotFoundException;
import io.meshupgrade.exception.ClusterNotReadyException;
import io.meshupgrade.model.IngressGateway;
import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.exception.MeshNotEnabledException;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.model.MeshUpgradeProfile;
import io.meshupgrade.model.MeshUpgrades;
import io.meshupgrade.exception.NoUpgradeInProgressException;
import io.meshupgrade.exception.OperationFailedException;
import io.meshupgrade.exception.OperationInProgressException;
import io.meshupgrade.exception.OperationTimeoutException;
import io.meshupgrade.exception.RemoteCallException;
import io.meshupgrade.exception.RequestRejectedException;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.testkit.arm.ArmCall;
import io.meshupgrade.testkit.arm.FakeArmServer;
import io.meshupgrade.testkit.arm.FakeCluster;
import io.meshupgrade.testkit.arm.FakeRevisionCatalog;
import io.meshupgrade.testkit.arm.OperationGate;
import io.meshupgrade.testkit.arm.RecordedRequest;
import io.meshupgrade.testkit.arm.RevisionChange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** AzureMeshControlPlane over real HTTP, through the real SDK pipeline, against the testkit's fake ARM. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AzureMeshControlPlaneContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Revision ASM_1_17 = Revision.parse("asm-1-17");
  private static final Revision ASM_1_18 = Revision.parse("asm-1-18");
  private static final Revision ASM_1_19 = Revision.parse("asm-1-19");
  private static final Revision ASM_1_20 = Revision.parse("asm-1-20");

  private FakeArmServer server;
  private final List<RevisionChange> changes = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** asm-1-18 -> asm-1-19 -> asm-1-20, Kubernetes 1.28. */
  static FakeRevisionCatalog chain() {
    return FakeRevisionCatalog.builder()
        .revision("asm-1-18", List.of("asm-1-19"), List.of("1.26", "1.27", "1.28"))
        .revision("asm-1-19", List.of("asm-1-20"), List.of("1.27", "1.28", "1.29"))
        .revision("asm-1-20", List.of(), List.of("1.28", "1.29", "1.30"))
        .build();
  }

  private FakeArmServer startServer(FakeArmServer.Builder builder) {
    server = builder.start();
    server.addRevisionListener(changes::add);
    return server;
  }

  /** A fake cluster on Kubernetes 1.28.3 with these revisions and the chain catalog. */
  private FakeArmServer startOn(String... revisions) {
    return startServer(FakeArmServer.builder().catalog(chain())
        .cluster(FakeCluster.builder().kubernetesVersion("1.28.3").revisions(revisions).build()));
  }

  static AzureMeshControlPlane.Builder adapterFor(FakeArmServer server) {
    return AzureMeshControlPlane.builder()
        .subscriptionId(server.subscriptionId())
        .resourceGroup(server.resourceGroup())
        .clusterName(server.clusterName())
        .unauthenticatedEndpoint(server.endpoint())
        .retry(3, Duration.ofMillis(10), Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(5))
        .maxPollInterval(Duration.ofMillis(100))
        .operationTimeout(Duration.ofSeconds(20))
        .conflictTimeout(Duration.ofSeconds(10));
  }

  private AzureMeshControlPlane adapter() {
    return adapterFor(server).build();
  }

  private List<RecordedRequest> puts() {
    return server.requests(ArmCall.PUT_CLUSTER);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls a condition with a deadline (no blind sleeps). */
  private static void await(Supplier<Boolean> condition, String what) {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!condition.get()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Asserts the cluster document is the same as before (the failing call changed nothing). */
  private Consumer<String> unchanged() {
    String before = server.clusterJson();
    return label -> assertThat(json(server.clusterJson())).as(label).isEqualTo(json(before));
  }

  @Nested
  class ReadMeshState {

    @Test
    void readsTheExampleClusterAsArmReturnsIt() {
      startServer(FakeArmServer.builder());

      ClusterMeshState state = adapter().readMeshState();

      // issue 8: the full ARM resource id, not rg/name (two subscriptions may each have rg1/clustername1)
      assertThat(state.cluster()).isEqualTo("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1"
          + "/providers/Microsoft.ContainerService/managedClusters/clustername1");
      assertThat(state.meshEnabled()).isTrue();
      assertThat(state.revisions()).containsExactly(ASM_1_17);
      assertThat(state.provisioningState()).isEqualTo("Succeeded");
      assertThat(state.kubernetesVersion()).isEqualTo(KubernetesVersion.parse("1.9.6"));
      assertThat(state.location()).isEqualTo("location1");
      assertThat(state.ingressGateways()).containsExactly(IngressGateway.INTERNAL);
      assertThat(state.eTag()).isEqualTo(server.eTag());
      assertThat(server.requests()).extracting(RecordedRequest::query)
          .containsExactly("api-version=2025-09-01");
    }

    @Test
    void readsBothGatewaysAndTwoRevisionsInNumericOrder() {
      startServer(FakeArmServer.builder().catalog(chain()).cluster(FakeCluster.builder()
          .kubernetesVersion("1.28.3").revisions("asm-1-19", "asm-1-18").ingressGateways(true).build()));

      ClusterMeshState state = adapter().readMeshState();

      assertThat(state.revisions()).containsExactly(ASM_1_18, ASM_1_19);
      assertThat(state.ingressGateways()).containsExactlyInAnyOrder(IngressGateway.EXTERNAL, IngressGateway.INTERNAL);
      assertThat(state.kubernetesVersion()).isEqualTo(KubernetesVersion.parse("1.28.3"));
      assertThat(state.isCanaryInProgress()).isTrue();
    }

    @Test
    void reportsADisabledMeshAsNotEnabledInsteadOfFailing() {
      startServer(FakeArmServer.builder().cluster(FakeCluster.builder().meshDisabled().build()));

      ClusterMeshState state = adapter().readMeshState();

      assertThat(state.meshEnabled()).isFalse();
      assertThat(state.revisions()).isEmpty();
      assertThat(state.ingressGateways()).isEmpty();
    }

    @Test
    void reportsAClusterWithoutServiceMeshProfileAsNotEnabled() {
      startServer(FakeArmServer.builder().cluster(FakeCluster.builder().withoutServiceMeshProfile().build()));

      assertThat(adapter().readMeshState().meshEnabled()).isFalse();
    }

    @Test
    void refusesARevisionNameItCannotReasonAboutInsteadOfGuessing() {
      ObjectNode body = (ObjectNode) json(FakeCluster.builder().build().json());
      ((ObjectNode) body.at("/properties/serviceMeshProfile/istio")).putArray("revisions").add("istio-1.22");
      startServer(FakeArmServer.builder().cluster(FakeCluster.fromJson(body.toString())));

      assertThatThrownBy(() -> adapter().readMeshState()).isInstanceOf(MeshUpgradeException.class)
          .hasMessageContaining("'istio-1.22'").hasMessageContaining("asm-<major>-<minor>");
    }

    @Test
    void saysSoWhenArmReportsNoReadableKubernetesVersion() {
      ObjectNode body = (ObjectNode) json(FakeCluster.builder().build().json());
      ((ObjectNode) body.path("properties")).put("kubernetesVersion", "");
      startServer(FakeArmServer.builder().cluster(FakeCluster.fromJson(body.toString())));

      assertThatThrownBy(() -> adapter().readMeshState()).isInstanceOf(MeshUpgradeException.class)
          .hasMessageContaining("no readable Kubernetes version");
    }

    @Test
    void throwsClusterNotFoundForAnUnknownClusterOrResourceGroup() {
      startServer(FakeArmServer.builder());

      assertThatThrownBy(() -> adapterFor(server).clusterName("other").build().readMeshState())
          .isInstanceOf(ClusterNotFoundException.class)
          .hasMessageContaining("/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/other")
          .hasMessageContaining("ResourceNotFound");
      assertThatThrownBy(() -> adapterFor(server).resourceGroup("rg2").build().readMeshState())
          .isInstanceOf(ClusterNotFoundException.class).hasMessageContaining("ResourceGroupNotFound");
    }
  }

  @Nested
  class Discovery {

    @Test
    void mapsTheMeshUpgradeProfileOfTheExample() {
      startServer(FakeArmServer.builder());

      MeshUpgrades upgrades = adapter().getUpgrades();

      assertThat(upgrades.upgradeInProgress()).isFalse();
      MeshUpgradeProfile profile = upgrades.profileOf(ASM_1_17).orElseThrow();
      assertThat(profile.upgrades()).containsExactly(ASM_1_18);
      assertThat(profile.compatibleWith()).extracting(KubernetesVersion::toString)
          .containsExactly("1.23", "1.24", "1.25", "1.26");
      assertThat(server.requests()).extracting(RecordedRequest::call)
          .containsExactly(ArmCall.LIST_MESH_UPGRADE_PROFILES);
    }

    @Test
    void treats409ServiceMeshUpgradeInProgressAsInformation() {
      startOn("asm-1-18", "asm-1-19");

      MeshUpgrades upgrades = adapter().getUpgrades();

      assertThat(upgrades).isEqualTo(MeshUpgrades.inProgress());
    }

    @Test
    void throwsMeshNotEnabledForUpgradesOfADisabledMesh() {
      startServer(FakeArmServer.builder().cluster(FakeCluster.builder().meshDisabled().build()));

      assertThatThrownBy(() -> adapter().getUpgrades()).isInstanceOf(MeshNotEnabledException.class)
          .hasMessageContaining("Istio has not been enabled");
    }

    @Test
    void explainsA404OrA400OfTheProfilesWhenTheMeshIsDisabled() {
      startServer(FakeArmServer.builder().cluster(FakeCluster.builder().meshDisabled().build()));
      server.faults().error(ArmCall.LIST_MESH_UPGRADE_PROFILES, 1, 404, "NotFound", "no profile")
          .error(ArmCall.LIST_MESH_UPGRADE_PROFILES, 1, 400, "BadRequest", "Istio is not enabled");
      AzureMeshControlPlane arm = adapter();

      assertThatThrownBy(arm::getUpgrades).isInstanceOf(MeshNotEnabledException.class);
      assertThatThrownBy(arm::getUpgrades).isInstanceOf(MeshNotEnabledException.class);
    }

    @Test
    void carriesOtherProfileErrorsWithArmsCode() {
      startServer(FakeArmServer.builder());
      server.faults().error(ArmCall.LIST_MESH_UPGRADE_PROFILES, 1, 403, "AuthorizationFailed", "no read access");

      assertThatThrownBy(() -> adapter().getUpgrades())
          .isInstanceOfSatisfying(io.meshupgrade.exception.MissingPermissionException.class, e -> {
            assertThat(e.code()).isEqualTo("AuthorizationFailed");
            assertThat(e.getMessage()).contains("Grant");
          });
    }

    @Test
    void mapsTheRevisionCatalogOfTheClustersLocation() {
      startServer(FakeArmServer.builder());

      RevisionCatalog catalog = adapter().getRevisions();

      assertThat(catalog).isEqualTo(RevisionCatalog.builder()
          .revision("asm-1-17", List.of("asm-1-18"), List.of("1.23", "1.24", "1.25", "1.26"))
          .revision("asm-1-18", List.of(), List.of("1.24", "1.25", "1.26", "1.27"))
          .build());
      assertThat(server.requests(ArmCall.LIST_MESH_REVISION_PROFILES)).singleElement()
          .satisfies(r -> assertThat(r.path()).endsWith("/locations/location1/meshRevisionProfiles"));
    }

    @Test
    void explainsA404OfTheRevisionProfilesAsALocationWithoutProfilesNotAMissingCluster() {
      startServer(FakeArmServer.builder());
      server.faults().error(ArmCall.LIST_MESH_REVISION_PROFILES, 1, 404, "NotFound",
          "The resource type 'meshRevisionProfiles' could not be found in location 'location1'");

      assertThatThrownBy(() -> adapter().getRevisions())
          .isNotInstanceOf(ClusterNotFoundException.class)
          .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("NotFound");
            assertThat(e.getMessage()).contains("no mesh revision profiles for location 'location1'")
                .contains("check the location");
          });
    }

    @Test
    void explainsA404OfTheUpgradeProfilesOfAMeshEnabledClusterWithoutCallingTheClusterMissing() {
      startServer(FakeArmServer.builder());
      server.faults().error(ArmCall.LIST_MESH_UPGRADE_PROFILES, 1, 404, "NotFound", "no profile");

      assertThatThrownBy(() -> adapter().getUpgrades())
          .isNotInstanceOf(ClusterNotFoundException.class)
          .isInstanceOfSatisfying(RemoteCallException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.getMessage()).contains("no mesh upgrade profiles for the cluster");
          });
    }

    @Test
    void readsTheLocationOnceAndReusesIt() {
      startServer(FakeArmServer.builder());
      AzureMeshControlPlane arm = adapter();

      arm.getRevisions();
      arm.getRevisions();

      assertThat(server.requests(ArmCall.GET_CLUSTER)).hasSize(1);
      assertThat(server.requests(ArmCall.LIST_MESH_REVISION_PROFILES)).hasSize(2);
    }
  }

  @Nested
  class StartCanary {

    @Test
    void addsTheTargetWithIfMatchWaitsForTheOperationAndReturnsTheNewState() {
      startOn("asm-1-18");
      String etag = server.eTag();

      ClusterMeshState state = adapter().startCanary(ASM_1_19);

      assertThat(state.revisions()).containsExactly(ASM_1_18, ASM_1_19);
      assertThat(state.isSucceeded()).isTrue();
      assertThat(state.eTag()).isEqualTo(server.eTag());
      assertThat(puts()).singleElement().satisfies(put -> {
        assertThat(put.ifMatch()).isEqualTo(etag);
        assertThat(put.status()).isEqualTo(200);
        assertThat(json(put.body()).at("/properties/serviceMeshProfile/istio/revisions").toString())
            .isEqualTo("[\"asm-1-18\",\"asm-1-19\"]");
      });
      assertThat(server.requests(ArmCall.OPERATION_STATUS)).isNotEmpty();
      assertThat(changes).containsExactly(
          new RevisionChange(List.of("asm-1-18"), List.of("asm-1-18", "asm-1-19")));
    }

    @Test
    void putsBackTheFullExampleBodyWithOnlyTheRevisionsChanged() {
      startServer(FakeArmServer.builder());
      String getBody = server.clusterJson();

      adapter().startCanary(ASM_1_18);

      ObjectNode expected = (ObjectNode) json(getBody);
      // ARM owns these read-only fields; the SDK does not send them back and ARM keeps them
      expected.remove(List.of("id", "name", "type", "eTag"));
      ObjectNode props = (ObjectNode) expected.path("properties");
      props.remove(List.of("provisioningState", "maxAgentPools", "fqdn"));
      ((ObjectNode) props.path("networkProfile").path("loadBalancerProfile")).remove("effectiveOutboundIPs");
      ((ObjectNode) props.path("agentPoolProfiles").path(0)).remove(List.of("provisioningState", "nodeImageVersion"));
      ((ObjectNode) props.path("serviceMeshProfile").path("istio")).putArray("revisions").add("asm-1-17")
          .add("asm-1-18");
      assertThat(json(puts().get(0).body())).isEqualTo(expected);

      ObjectNode after = (ObjectNode) json(server.clusterJson());
      ObjectNode before = (ObjectNode) json(getBody);
      ((ObjectNode) before.path("properties").path("serviceMeshProfile").path("istio")).putArray("revisions")
          .add("asm-1-17").add("asm-1-18");
      before.put("eTag", server.eTag());
      assertThat(after).isEqualTo(before);
    }

    @Test
    void isIdempotentWhenBothRevisionsAreInstalled() {
      startOn("asm-1-18");
      AzureMeshControlPlane arm = adapter();

      arm.startCanary(ASM_1_19);
      ClusterMeshState again = arm.startCanary(ASM_1_19);

      assertThat(again.revisions()).containsExactly(ASM_1_18, ASM_1_19);
      assertThat(puts()).hasSize(1);
      assertThat(changes).hasSize(1);
    }

    @Test
    void writesNothingWhenTheCanaryWasStartedBefore() {
      startOn("asm-1-18", "asm-1-19");

      ClusterMeshState state = adapter().startCanary(ASM_1_19);

      assertThat(state.revisions()).containsExactly(ASM_1_18, ASM_1_19);
      assertThat(puts()).isEmpty();
    }

    @Test
    void refusesToStartASecondCanaryWithoutWriting() {
      startOn("asm-1-18", "asm-1-19");

      assertThatThrownBy(() -> adapter().startCanary(ASM_1_20))
          .isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.httpStatus()).isZero())
          .hasMessageContaining("complete or roll back").hasMessageContaining("Nothing was sent");
      assertThat(puts()).isEmpty();
    }

    @Test
    void throwsMeshNotEnabledOnADisabledMesh() {
      startServer(FakeArmServer.builder().cluster(FakeCluster.builder().meshDisabled().build()));

      assertThatThrownBy(() -> adapter().startCanary(ASM_1_18)).isInstanceOf(MeshNotEnabledException.class);
      assertThat(puts()).isEmpty();
    }

    @Test
    void carriesArms400WhenTheTargetIsNotAnOfferedUpgrade() {
      startOn("asm-1-18");
      Consumer<String> unchanged = unchanged();

      assertThatThrownBy(() -> adapter().startCanary(ASM_1_20))
          .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("BadRequest");
            assertThat(e.remoteMessage()).startsWith("Requested change in revisions is not allowed. Reason: ")
                .contains("asm-1-20");
            assertThat(e.getMessage()).contains("getUpgrades");
          });
      unchanged.accept("cluster after a 400");
      assertThat(puts()).singleElement().extracting(RecordedRequest::status).isEqualTo(400);
    }

    @Test
    void carriesArms400ForARevisionOutsideTheCatalog() {
      startOn("asm-1-18");

      assertThatThrownBy(() -> adapter().startCanary(Revision.parse("asm-1-21")))
          .isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.remoteMessage())
              .isEqualTo("Requested change in revisions is not allowed. Reason: Revision asm-1-21 is not"
                  + " supported by the service mesh add-on."));
    }
  }

  @Nested
  class CompleteAndRollback {

    @Test
    void completeKeepsTheHighestRevision() {
      startOn("asm-1-18", "asm-1-19");

      ClusterMeshState state = adapter().complete(ASM_1_19);

      assertThat(state.revisions()).containsExactly(ASM_1_19);
      assertThat(json(puts().get(0).body()).at("/properties/serviceMeshProfile/istio/revisions").toString())
          .isEqualTo("[\"asm-1-19\"]");
      assertThat(changes).containsExactly(
          new RevisionChange(List.of("asm-1-18", "asm-1-19"), List.of("asm-1-19")));
    }

    @Test
    void completeComparesRevisionsNumerically() {
      startServer(FakeArmServer.builder()
          .catalog(FakeRevisionCatalog.builder()
              .revision("asm-1-9", List.of("asm-1-10"), List.of("1.28"))
              .revision("asm-1-10", List.of(), List.of("1.28")).build())
          .cluster(FakeCluster.builder().kubernetesVersion("1.28.3").revisions("asm-1-9", "asm-1-10").build()));

      ClusterMeshState state = adapter().complete(Revision.parse("asm-1-10"));

      assertThat(state.revisions()).containsExactly(Revision.parse("asm-1-10"));
    }

    @Test
    void completeIsIdempotentWhenOnlyTheTargetRemains() {
      startOn("asm-1-19");

      ClusterMeshState state = adapter().complete(ASM_1_19);

      assertThat(state.revisions()).containsExactly(ASM_1_19);
      assertThat(puts()).isEmpty();
    }

    @Test
    void completeWithoutACanaryIsNoUpgradeInProgress() {
      startOn("asm-1-18");

      assertThatThrownBy(() -> adapter().complete(ASM_1_19)).isInstanceOf(NoUpgradeInProgressException.class)
          .hasMessageContaining("upgrade is not in progress").hasMessageContaining("asm-1-18");
      assertThat(puts()).isEmpty();
    }

    @Test
    void completeToTheLowerRevisionIsRefusedWithTheRightCall() {
      startOn("asm-1-18", "asm-1-19");

      assertThatThrownBy(() -> adapter().complete(ASM_1_18)).isInstanceOf(RequestRejectedException.class)
          .hasMessageContaining("rollback(asm-1-18)");
      assertThat(puts()).isEmpty();
    }

    @Test
    void rollbackKeepsTheLowestRevision() {
      startOn("asm-1-18", "asm-1-19");

      ClusterMeshState state = adapter().rollback(ASM_1_18);

      assertThat(state.revisions()).containsExactly(ASM_1_18);
      assertThat(changes).containsExactly(
          new RevisionChange(List.of("asm-1-18", "asm-1-19"), List.of("asm-1-18")));
    }

    @Test
    void rollbackIsIdempotentWhenOnlyThePreviousRemains() {
      startOn("asm-1-18");

      assertThat(adapter().rollback(ASM_1_18).revisions()).containsExactly(ASM_1_18);
      assertThat(puts()).isEmpty();
    }

    @Test
    void rollbackToTheHigherRevisionIsRefusedWithTheRightCall() {
      startOn("asm-1-18", "asm-1-19");

      assertThatThrownBy(() -> adapter().rollback(ASM_1_19)).isInstanceOf(RequestRejectedException.class)
          .hasMessageContaining("complete(asm-1-19)");
      assertThat(puts()).isEmpty();
    }

    @Test
    void rollbackAfterCompleteIsNoUpgradeInProgress() {
      startOn("asm-1-19");

      assertThatThrownBy(() -> adapter().rollback(ASM_1_18)).isInstanceOf(NoUpgradeInProgressException.class);
      assertThat(puts()).isEmpty();
    }

    @Test
    void aWholeCanaryRoundTripLeavesOnlyTheNewRevision() {
      startOn("asm-1-18");
      AzureMeshControlPlane arm = adapter();

      arm.startCanary(ASM_1_19);
      arm.complete(ASM_1_19);
      arm.startCanary(ASM_1_20);
      ClusterMeshState end = arm.rollback(ASM_1_19);

      assertThat(end.revisions()).containsExactly(ASM_1_19);
      assertThat(changes).extracting(RevisionChange::after).containsExactly(
          List.of("asm-1-18", "asm-1-19"), List.of("asm-1-19"), List.of("asm-1-19", "asm-1-20"), List.of("asm-1-19"));
    }
  }

  @Nested
  class Failures {

    @Test
    void retriesA409UntilTheOtherOperationEnds() {
      startOn("asm-1-18");
      server.faults().error(ArmCall.PUT_CLUSTER, 2, 409, "OperationNotAllowed",
          "Operation is not allowed because there's an in progress update managed cluster operation.");

      ClusterMeshState state = adapter().startCanary(ASM_1_19);

      assertThat(state.revisions()).containsExactly(ASM_1_18, ASM_1_19);
      assertThat(puts()).extracting(RecordedRequest::status).containsExactly(409, 409, 200);
    }

    @Test
    void gives409UpAtTheConflictDeadlineWithArmsCode() {
      startOn("asm-1-18");
      server.faults().error(ArmCall.PUT_CLUSTER, 100_000, 409, "OperationNotAllowed", "another operation runs");
      Consumer<String> unchanged = unchanged();

      assertThatThrownBy(() -> adapterFor(server).conflictTimeout(Duration.ofSeconds(2)).build()
          .startCanary(ASM_1_19))
          .isInstanceOfSatisfying(OperationInProgressException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(409);
            assertThat(e.code()).isEqualTo("OperationNotAllowed");
            assertThat(e.remoteMessage()).isEqualTo("another operation runs");
            assertThat(e.getMessage()).contains("wait for it to finish");
          });
      unchanged.accept("cluster after 409s");
      assertThat(puts().size()).isGreaterThan(1);
    }

    @Test
    void waitsForAnotherClientsOperationBeforeWriting() throws Exception {
      startOn("asm-1-18");
      OperationGate other = server.startForeignOperation();

      CompletableFuture<ClusterMeshState> start = CompletableFuture.supplyAsync(() -> adapter().startCanary(ASM_1_19));
      await(() -> server.requests(ArmCall.GET_CLUSTER).size() >= 2, "the adapter has seen the cluster Updating");
      assertThat(puts()).isEmpty();
      other.release();

      assertThat(start.get(20, TimeUnit.SECONDS).revisions()).containsExactly(ASM_1_18, ASM_1_19);
      assertThat(puts()).singleElement().extracting(RecordedRequest::status).isEqualTo(200);
    }

    @Test
    void givesUpOnAClusterThatStaysUpdatingAsNotReady() {
      startOn("asm-1-18");
      server.startForeignOperation();

      assertThatThrownBy(() -> adapterFor(server).conflictTimeout(Duration.ofMillis(200)).build()
          .startCanary(ASM_1_19))
          .isInstanceOfSatisfying(ClusterNotReadyException.class,
              e -> assertThat(e.provisioningState()).isEqualTo("Updating"));
      assertThat(puts()).isEmpty();
    }

    @Test
    void rereadsAndRetriesOnceWhenTheEtagChangedButTheChangeStillApplies() {
      startOn("asm-1-18");
      server.faults().runBeforeNext(ArmCall.PUT_CLUSTER, server::touch);

      ClusterMeshState state = adapter().startCanary(ASM_1_19);

      assertThat(state.revisions()).containsExactly(ASM_1_18, ASM_1_19);
      assertThat(puts()).extracting(RecordedRequest::status).containsExactly(412, 200);
      assertThat(puts().get(1).ifMatch()).isNotEqualTo(puts().get(0).ifMatch());
    }

    @Test
    void givesUpAfterASecond412WithATypedConflict() {
      startOn("asm-1-18");
      server.faults().runBeforeNext(ArmCall.PUT_CLUSTER, server::touch);
      server.faults().runBeforeNext(ArmCall.PUT_CLUSTER, server::touch);

      assertThatThrownBy(() -> adapter().startCanary(ASM_1_19))
          .isInstanceOfSatisfying(ClusterChangedException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(412);
            assertThat(e.code()).isEqualTo("PreconditionFailed");
          });
      assertThat(server.installedRevisions()).containsExactly("asm-1-18");
    }

    @Test
    void refusesToWriteWhenAnotherClientChangedTheRevisionsMeanwhile() {
      startOn("asm-1-18");
      server.faults().runBeforeNext(ArmCall.PUT_CLUSTER, () -> server.replaceRevisions("asm-1-18", "asm-1-20"));

      assertThatThrownBy(() -> adapter().startCanary(ASM_1_19)).isInstanceOf(ClusterChangedException.class)
          .hasMessageContaining("[asm-1-18, asm-1-20]");
      assertThat(puts()).hasSize(1);
      assertThat(server.installedRevisions()).containsExactly("asm-1-18", "asm-1-20");
    }

    @Test
    void succeedsWithoutASecondPutWhenAnotherClientMadeTheSameChange() {
      startOn("asm-1-18");
      server.faults().runBeforeNext(ArmCall.PUT_CLUSTER, () -> server.replaceRevisions("asm-1-18", "asm-1-19"));

      ClusterMeshState state = adapter().startCanary(ASM_1_19);

      assertThat(state.revisions()).containsExactly(ASM_1_18, ASM_1_19);
      assertThat(puts()).extracting(RecordedRequest::status).containsExactly(412);
    }

    @Test
    void honoursRetryAfterOn429() {
      startOn("asm-1-18");
      server.faults().throttle(ArmCall.PUT_CLUSTER, 1, Duration.ofSeconds(1));

      adapter().startCanary(ASM_1_19);

      List<RecordedRequest> puts = puts();
      assertThat(puts).extracting(RecordedRequest::status).containsExactly(429, 200);
      assertThat(Duration.between(puts.get(0).receivedAt(), puts.get(1).receivedAt()))
          .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void capsAnExcessiveRetryAfterAtTheConfiguredBound() {
      startOn("asm-1-18");
      server.faults().throttle(ArmCall.GET_CLUSTER, 1, Duration.ofHours(1));

      ClusterMeshState state = adapterFor(server).retry(2, Duration.ofMillis(10), Duration.ofMillis(500)).build()
          .readMeshState();

      assertThat(state.revisions()).containsExactly(ASM_1_18);
      assertThat(server.requests(ArmCall.GET_CLUSTER)).extracting(RecordedRequest::status).containsExactly(429, 200);
    }

    @Test
    void givesUpOn429AfterTheConfiguredRetriesWithArmsCode() {
      startOn("asm-1-18");
      server.faults().throttle(ArmCall.PUT_CLUSTER, 100, Duration.ZERO);

      assertThatThrownBy(() -> adapter().startCanary(ASM_1_19))
          .isInstanceOfSatisfying(RemoteCallException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.code()).isEqualTo("TooManyRequests");
            assertThat(e.getMessage()).contains("throttling");
          });
      assertThat(puts()).hasSize(4);
      assertThat(server.installedRevisions()).containsExactly("asm-1-18");
    }

    @Test
    void retries500And503() {
      startOn("asm-1-18");
      server.faults().serverError(ArmCall.GET_CLUSTER, 1, 500).serverError(ArmCall.PUT_CLUSTER, 1, 503)
          .serverError(ArmCall.OPERATION_STATUS, 1, 500);

      ClusterMeshState state = adapter().startCanary(ASM_1_19);

      assertThat(state.revisions()).containsExactly(ASM_1_18, ASM_1_19);
      assertThat(puts()).extracting(RecordedRequest::status).containsExactly(503, 200);
    }

    @Test
    void givesUpOn5xxAfterTheConfiguredRetries() {
      startOn("asm-1-18");
      server.faults().serverError(ArmCall.GET_CLUSTER, 100, 503);

      assertThatThrownBy(() -> adapter().readMeshState())
          .isInstanceOfSatisfying(RemoteCallException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("ServiceUnavailable");
          });
      assertThat(server.requests(ArmCall.GET_CLUSTER)).hasSize(4);
    }

    @Test
    void retriesADroppedConnection() {
      startOn("asm-1-18");
      server.faults().dropConnection(ArmCall.PUT_CLUSTER, 1).dropConnection(ArmCall.GET_CLUSTER, 1);

      ClusterMeshState state = adapter().startCanary(ASM_1_19);

      assertThat(state.revisions()).containsExactly(ASM_1_18, ASM_1_19);
      assertThat(puts()).extracting(RecordedRequest::status)
          .containsExactly(RecordedRequest.CONNECTION_DROPPED, 200);
    }

    @Test
    void reportsAnUnreachableArmAsARemoteCallWithoutStatus() {
      startOn("asm-1-18");
      AzureMeshControlPlane arm = adapterFor(server).retry(1, Duration.ofMillis(10), Duration.ofMillis(20)).build();
      server.close();

      assertThatThrownBy(arm::readMeshState).isInstanceOfSatisfying(RemoteCallException.class,
          e -> assertThat(e.httpStatus()).isZero());
    }

    @Test
    void reportsAnOperationThatEndsFailedWithArmsCodeAndMessage() {
      startOn("asm-1-18");
      server.faults().failNextOperation("IstioUpgradeFailed", "istiod asm-1-19 did not become ready");

      assertThatThrownBy(() -> adapter().startCanary(ASM_1_19))
          .isInstanceOfSatisfying(OperationFailedException.class, e -> {
            assertThat(e.code()).isEqualTo("IstioUpgradeFailed");
            assertThat(e.remoteMessage()).isEqualTo("istiod asm-1-19 did not become ready");
            assertThat(e.getMessage()).contains("ended Failed").contains("readMeshState");
          });
      assertThat(server.installedRevisions()).containsExactly("asm-1-18");
      assertThat(changes).isEmpty();
    }

    @Test
    void refusesToWriteOnAClusterLeftFailed() {
      startOn("asm-1-18");
      server.faults().failNextOperation("IstioUpgradeFailed", "boom");
      AzureMeshControlPlane arm = adapter();
      assertThatThrownBy(() -> arm.startCanary(ASM_1_19)).isInstanceOf(OperationFailedException.class);

      assertThatThrownBy(() -> arm.startCanary(ASM_1_19))
          .isInstanceOfSatisfying(ClusterNotReadyException.class,
              e -> assertThat(e.provisioningState()).isEqualTo("Failed"));
      assertThat(puts()).hasSize(1);
    }

    @Test
    void reportsAnOperationThatEndsCanceled() {
      startOn("asm-1-18", "asm-1-19");
      server.faults().cancelNextOperation();

      assertThatThrownBy(() -> adapter().complete(ASM_1_19)).isInstanceOf(OperationFailedException.class)
          .hasMessageContaining("Canceled");
      assertThat(server.installedRevisions()).containsExactly("asm-1-18", "asm-1-19");
    }

    @Test
    void timesOutOnASlowOperationAndResumesOnTheNextCall() {
      startOn("asm-1-18");
      OperationGate gate = server.faults().holdNextOperation();

      assertThatThrownBy(() -> adapterFor(server).operationTimeout(Duration.ofMillis(300)).build()
          .startCanary(ASM_1_19))
          .isInstanceOfSatisfying(OperationTimeoutException.class, e -> {
            assertThat(e.operation()).contains("startCanary asm-1-19");
            assertThat(e.getMessage()).contains("call again");
          });
      gate.release();
      ClusterMeshState state = adapter().startCanary(ASM_1_19);

      assertThat(state.revisions()).containsExactly(ASM_1_18, ASM_1_19);
      assertThat(state.isSucceeded()).isTrue();
      assertThat(puts()).hasSize(1);
    }
  }

  @Nested
  class Builder {

    @Test
    void rejectsMalformedNamesBeforeAnyCall() {
      assertThatThrownBy(() -> AzureMeshControlPlane.builder().subscriptionId("my-sub"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'my-sub'").hasMessageContaining("GUID");
      assertThatThrownBy(() -> AzureMeshControlPlane.builder().resourceGroup("rg/1"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'rg/1'");
      assertThatThrownBy(() -> AzureMeshControlPlane.builder().resourceGroup("rg."))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'rg.'");
      assertThatThrownBy(() -> AzureMeshControlPlane.builder().resourceGroup("r".repeat(91)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AzureMeshControlPlane.builder().clusterName("-aks"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'-aks'");
      assertThatThrownBy(() -> AzureMeshControlPlane.builder().clusterName("a".repeat(64)))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsNamesArmAccepts() {
      AzureMeshControlPlane.Builder b = AzureMeshControlPlane.builder()
          .subscriptionId("0b1f6471-1bf0-4dda-aec3-cb9272f09590")
          .resourceGroup("My_RG-(prod).1")
          .clusterName("a")
          .clusterName("aks_prod-01");

      assertThat(b).isNotNull();
    }

    @Test
    void namesTheMissingOrNullParameter() {
      assertThatThrownBy(() -> AzureMeshControlPlane.builder().clusterName(null))
          .isInstanceOf(NullPointerException.class).hasMessage("clusterName");
      assertThatThrownBy(() -> AzureMeshControlPlane.builder().credential(null))
          .isInstanceOf(NullPointerException.class).hasMessage("credential");
      assertThatThrownBy(() -> AzureMeshControlPlane.builder()
          .subscriptionId("00000000-0000-0000-0000-000000000000").resourceGroup("rg1").build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("clusterName is required");
    }

    @Test
    void acceptsAnUnauthenticatedEndpointOnlyOnLoopback() {
      assertThatThrownBy(() -> AzureMeshControlPlane.builder()
          .unauthenticatedEndpoint(java.net.URI.create("http://management.azure.com/")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
      assertThat(AzureMeshControlPlane.builder()
          .unauthenticatedEndpoint(java.net.URI.create("http://localhost:8080"))).isNotNull();
    }

    @Test
    void rejectsNonPositiveTimingsAndBadRetryBounds() {
      assertThatThrownBy(() -> AzureMeshControlPlane.builder().operationTimeout(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
      assertThatThrownBy(() -> AzureMeshControlPlane.builder().retry(-1, Duration.ofSeconds(1), Duration.ofSeconds(2)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
      assertThatThrownBy(() -> AzureMeshControlPlane.builder().retry(1, Duration.ofSeconds(5), Duration.ofSeconds(2)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelay");
    }

    @Test
    void targetsTheCloudOfTheProfileOrEnvironment() {
      AzureMeshControlPlane.Builder b = AzureMeshControlPlane.builder()
          .subscriptionId("00000000-0000-0000-0000-000000000000").resourceGroup("rg1").clusterName("aks1");

      assertThat(b.build().toString()).contains("https://management.azure.com/");
      assertThat(b.environment(com.azure.core.management.AzureEnvironment.AZURE_CHINA).build().toString())
          .contains("https://management.chinacloudapi.cn/");
      assertThat(b.profile(new com.azure.core.management.profile.AzureProfile("tenant", null,
          com.azure.core.management.AzureEnvironment.AZURE_US_GOVERNMENT)).build().toString())
          .contains("https://management.usgovcloudapi.net/");
    }

    @Test
    void refusesAProfileForAnotherSubscription() {
      assertThatThrownBy(() -> AzureMeshControlPlane.builder()
          .subscriptionId("00000000-0000-0000-0000-000000000000")
          .profile(new com.azure.core.management.profile.AzureProfile("tenant",
              "11111111-1111-1111-1111-111111111111", com.azure.core.management.AzureEnvironment.AZURE)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11111111-1111-1111-1111-111111111111");
    }

    @Test
    void describesItselfWithoutSecrets() {
      startOn("asm-1-18");

      assertThat(adapter().toString()).contains("/resourceGroups/rg1/providers/Microsoft.ContainerService/"
          + "managedClusters/clustername1").contains(server.endpoint().toString());
    }
  }

  @Test
  void theFixtureInTestResourcesIsTheOneTheFakeServes() throws IOException {
    startServer(FakeArmServer.builder());
    try (InputStream in = getClass().getResourceAsStream("/arm/ManagedClustersCreate_AzureServiceMesh.2025-10-01.json")) {
      JsonNode body = json(new String(in.readAllBytes(), StandardCharsets.UTF_8)).at("/responses/200/body");
      ObjectNode served = (ObjectNode) json(server.clusterJson());
      served.remove("eTag");
      assertThat(served).isEqualTo(body);
      assertThat(body.at("/properties/serviceMeshProfile/istio/revisions")).extracting(JsonNode::asText)
          .containsExactly(ASM_1_17.toString());
    }
    ClusterMeshState state = adapter().readMeshState();
    assertThat(state.revisions()).as("the adapter reads the fixture's revision").containsExactly(ASM_1_17);
    assertThat(state.location()).isEqualTo("location1");
    assertThat(state.meshEnabled()).isTrue();
  }
}
