package io.meshupgrade.testkit.arm;

import static io.meshupgrade.testkit.arm.ArmHttp.API;
import static io.meshupgrade.testkit.arm.ArmHttp.withRevisions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.testkit.arm.ArmHttp.Answer;
import io.meshupgrade.testkit.arm.internal.Json;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FakeArmServerTest {

  private FakeArmServer server;
  private ArmHttp http;
  private final List<RevisionChange> changes = new CopyOnWriteArrayList<>();

  private void start(FakeArmServer.Builder builder) {
    server = builder.start();
    server.addRevisionListener(changes::add);
    http = new ArmHttp(server);
  }

  private void startDefault() {
    start(FakeArmServer.builder());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static JsonNode fixtureBody(String name) {
    return Json.fixture(name).path("responses").path("200").path("body");
  }

  private String upgradeProfilesPath() {
    return server.clusterPath() + "/meshUpgradeProfiles";
  }

  private String revisionProfilesPath(String location) {
    return "/subscriptions/" + server.subscriptionId() + "/providers/Microsoft.ContainerService/locations/"
        + location + "/meshRevisionProfiles";
  }

  /** PUTs new revisions with the current eTag and waits for the operation; returns the final status body. */
  private JsonNode changeRevisions(String... revisions) {
    Answer get = http.getCluster();
    Answer put = http.putCluster(withRevisions(get.json(), revisions), get.json().path("eTag").asText());
    assertThat(put.status()).as(put.raw().body()).isEqualTo(200);
    return http.awaitOperation(put.header("Azure-AsyncOperation"));
  }

  @Nested
  class ManagedCluster {

    @Test
    void servesTheExampleClusterWithAnEtag() {
      startDefault();

      Answer a = http.getCluster();

      assertThat(a.status()).isEqualTo(200);
      ObjectNode expected = fixtureBody("ManagedClustersCreate_AzureServiceMesh.2025-10-01.json").deepCopy();
      expected.put("eTag", server.eTag());
      assertThat(a.json()).isEqualTo(expected);
      assertThat(a.header("ETag")).isEqualTo("\"" + server.eTag() + "\"");
      assertThat(a.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void matchesPathSegmentsCaseInsensitivelyAsArmDoes() {
      startDefault();

      Answer a = http.get(server.clusterPath().replace("managedClusters", "managedclusters")
          .replace("resourceGroups", "resourcegroups") + "?" + API);

      assertThat(a.status()).isEqualTo(200);
    }

    @Test
    void rejectsARequestWithoutApiVersion() {
      startDefault();

      Answer a = http.get(server.clusterPath());

      assertThat(a.status()).isEqualTo(400);
      assertThat(a.errorCode()).isEqualTo("MissingApiVersionParameter");
    }

    @Test
    void rejectsAnApiVersionItDoesNotServe() {
      startDefault();

      Answer a = http.get(server.clusterPath() + "?api-version=2019-01-01");

      assertThat(a.status()).isEqualTo(400);
      assertThat(a.errorCode()).isEqualTo("InvalidApiVersionParameter");
      assertThat(a.errorMessage()).contains("2019-01-01", "2025-09-01");
    }

    @Test
    void answers404ForAnUnknownClusterOrResourceGroup() {
      startDefault();

      Answer cluster = http.get(server.clusterPath().replace("clustername1", "other") + "?" + API);
      Answer group = http.get(server.clusterPath().replace("/rg1/", "/rg2/") + "?" + API);

      assertThat(cluster.status()).isEqualTo(404);
      assertThat(cluster.errorCode()).isEqualTo("ResourceNotFound");
      assertThat(cluster.errorMessage()).contains("managedClusters/other");
      assertThat(group.status()).isEqualTo(404);
      assertThat(group.errorCode()).isEqualTo("ResourceGroupNotFound");
    }

    @Test
    void answers404ForAPathItDoesNotServe() {
      startDefault();

      Answer a = http.get(server.clusterPath() + "/agentPools?" + API);

      assertThat(a.status()).isEqualTo(404);
      assertThat(a.errorCode()).isEqualTo("InvalidResourceType");
    }
  }

  @Nested
  class LongRunningPut {

    @Test
    void startsAnOperationThatEndsSucceededAndInstallsTheRevisions() {
      startDefault();
      Answer before = http.getCluster();
      String etag = before.json().path("eTag").asText();

      Answer put = http.putCluster(withRevisions(before.json(), "asm-1-17", "asm-1-18"), etag);

      assertThat(put.status()).isEqualTo(200);
      assertThat(put.header("Azure-AsyncOperation")).startsWith(server.endpoint() + "subscriptions/"
          + server.subscriptionId() + "/providers/Microsoft.ContainerService/locations/location1/operations/");
      assertThat(put.header("Retry-After")).isEqualTo("0");
      assertThat(put.json().path("properties").path("provisioningState").asText()).isEqualTo("Updating");
      assertThat(put.json().path("eTag").asText()).isNotEqualTo(etag);
      assertThat(server.installedRevisions()).containsExactly("asm-1-17");
      assertThat(server.operationInProgress()).isTrue();

      JsonNode first = http.get(put.header("Azure-AsyncOperation").replace(server.endpoint().toString(), "/"))
          .json();
      assertThat(first.path("status").asText()).isEqualTo("InProgress");
      JsonNode last = http.awaitOperation(put.header("Azure-AsyncOperation"));

      assertThat(last.path("status").asText()).isEqualTo("Succeeded");
      assertThat(last.has("endTime")).isTrue();
      Answer after = http.getCluster();
      assertThat(after.json().path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
      assertThat(Json.texts(after.json().at("/properties/serviceMeshProfile/istio/revisions")))
          .containsExactly("asm-1-17", "asm-1-18");
      assertThat(server.installedRevisions()).containsExactly("asm-1-17", "asm-1-18");
      assertThat(changes).containsExactly(
          new RevisionChange(List.of("asm-1-17"), List.of("asm-1-17", "asm-1-18")));
    }

    @Test
    void keepsEveryOtherPropertyAndArmOwnedFieldsAcrossAPut() {
      startDefault();
      JsonNode before = http.getCluster().json();
      ObjectNode body = (ObjectNode) Json.parseObject(withRevisions(before, "asm-1-17", "asm-1-18"), "b");
      body.remove(List.of("id", "name", "type", "eTag"));
      ((ObjectNode) body.path("properties")).remove(List.of("provisioningState", "fqdn", "maxAgentPools"));

      Answer put = http.putCluster(body.toString(), before.path("eTag").asText());
      JsonNode after = http.awaitOperation(put.header("Azure-AsyncOperation"));

      assertThat(after.path("status").asText()).isEqualTo("Succeeded");
      ObjectNode expected = Json.parseObject(withRevisions(before, "asm-1-17", "asm-1-18"), "e");
      expected.put("eTag", server.eTag());
      assertThat(http.getCluster().json()).isEqualTo(expected);
    }

    @Test
    void refusesAStaleIfMatchWith412AndChangesNothing() {
      startDefault();
      JsonNode before = http.getCluster().json();
      server.touch();

      Answer put = http.putCluster(withRevisions(before, "asm-1-17", "asm-1-18"), before.path("eTag").asText());

      assertThat(put.status()).isEqualTo(412);
      assertThat(put.errorCode()).isEqualTo("PreconditionFailed");
      assertThat(server.installedRevisions()).containsExactly("asm-1-17");
      assertThat(server.operationInProgress()).isFalse();
    }

    @Test
    void acceptsAQuotedIfMatchAndAPutWithoutIfMatch() {
      startDefault();
      JsonNode before = http.getCluster().json();

      Answer quoted = http.putCluster(withRevisions(before, "asm-1-17"), "\"" + before.path("eTag").asText()
          + "\"");
      http.awaitOperation(quoted.header("Azure-AsyncOperation"));
      Answer none = http.putCluster(withRevisions(before, "asm-1-17"), null);

      assertThat(quoted.status()).isEqualTo(200);
      assertThat(none.status()).isEqualTo(200);
    }

    @Test
    void refusesAPutWhileAnOperationRunsWith409() {
      startDefault();
      JsonNode before = http.getCluster().json();
      http.putCluster(withRevisions(before, "asm-1-17", "asm-1-18"), null);

      Answer second = http.putCluster(withRevisions(before, "asm-1-17"), null);

      assertThat(second.status()).isEqualTo(409);
      assertThat(second.errorCode()).isEqualTo("OperationNotAllowed");
      assertThat(second.errorMessage()).contains("in progress");
    }

    @Test
    void completesByKeepingOneRevisionAndTellsTheListener() {
      start(FakeArmServer.builder().cluster(FakeCluster.builder().revisions("asm-1-17", "asm-1-18").build()));

      JsonNode op = changeRevisions("asm-1-18");

      assertThat(op.path("status").asText()).isEqualTo("Succeeded");
      assertThat(server.installedRevisions()).containsExactly("asm-1-18");
      assertThat(changes).containsExactly(
          new RevisionChange(List.of("asm-1-17", "asm-1-18"), List.of("asm-1-18")));
      assertThat(changes.get(0).removed()).containsExactly("asm-1-17");
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheServer() {
      startDefault();
      server.addRevisionListener(c -> {
        throw new IllegalStateException("boom");
      });

      JsonNode op = changeRevisions("asm-1-17", "asm-1-18");

      assertThat(op.path("status").asText()).isEqualTo("Succeeded");
      assertThat(changes).hasSize(1);
    }

    @Test
    void refusesAPutThatMovesTheClusterToAnotherLocation() {
      startDefault();
      ObjectNode body = http.getCluster().json().deepCopy();
      body.put("location", "westeurope");

      Answer put = http.putCluster(body.toString(), null);

      assertThat(put.status()).isEqualTo(400);
      assertThat(put.errorMessage()).contains("location");
    }

    @Test
    void refusesABodyThatIsNotJson() {
      startDefault();

      Answer put = http.putCluster("{not json", null);

      assertThat(put.status()).isEqualTo(400);
      assertThat(put.errorCode()).isEqualTo("InvalidRequestContent");
    }
  }

  @Nested
  class RevisionRules {

    private FakeRevisionCatalog chain() {
      return FakeRevisionCatalog.builder()
          .revision("asm-1-18", List.of("asm-1-19"), List.of("1.26", "1.27", "1.28"))
          .revision("asm-1-19", List.of("asm-1-20"), List.of("1.27", "1.28", "1.29"))
          .revision("asm-1-20", List.of(), List.of("1.28", "1.29", "1.30"))
          .build();
    }

    private void startOn(String... revisions) {
      start(FakeArmServer.builder().catalog(chain())
          .cluster(FakeCluster.builder().kubernetesVersion("1.28.3").revisions(revisions).build()));
    }

    private Answer put(String... revisions) {
      return http.putCluster(withRevisions(http.getCluster().json(), revisions), null);
    }

    @Test
    void refusesMoreThanTwoRevisions() {
      startOn("asm-1-18", "asm-1-19");

      Answer a = put("asm-1-18", "asm-1-19", "asm-1-20");

      assertThat(a.status()).isEqualTo(400);
      assertThat(a.errorCode()).isEqualTo("BadRequest");
      assertThat(a.errorMessage()).startsWith("Requested change in revisions is not allowed. Reason: ")
          .contains("At most 2");
    }

    @Test
    void refusesARevisionOutsideTheCatalog() {
      startOn("asm-1-18");

      Answer a = put("asm-1-18", "asm-1-17");

      assertThat(a.status()).isEqualTo(400);
      assertThat(a.errorMessage()).isEqualTo("Requested change in revisions is not allowed. Reason: "
          + "Revision asm-1-17 is not supported by the service mesh add-on.");
    }

    @Test
    void refusesARevisionThatIsNotAnOfferedUpgrade() {
      startOn("asm-1-18");

      Answer a = put("asm-1-18", "asm-1-20");

      assertThat(a.status()).isEqualTo(400);
      assertThat(a.errorMessage()).startsWith("Requested change in revisions is not allowed. Reason: ")
          .contains("asm-1-20 is not a valid upgrade for revision asm-1-18", "[asm-1-19]");
    }

    @Test
    void refusesAddingARevisionDuringACanary() {
      startOn("asm-1-18", "asm-1-19");

      Answer a = put("asm-1-19", "asm-1-20");

      assertThat(a.status()).isEqualTo(400);
      assertThat(a.errorMessage()).contains("in progress");
    }

    @Test
    void refusesAnEmptyRevisionListWhileIstioIsOn() {
      startOn("asm-1-18");

      Answer a = put();

      assertThat(a.status()).isEqualTo(400);
      assertThat(a.errorMessage()).contains("At least one revision");
    }

    @Test
    void acceptsAnOfferedUpgradeAndARollback() {
      startOn("asm-1-18");

      assertThat(changeRevisions("asm-1-18", "asm-1-19").path("status").asText()).isEqualTo("Succeeded");
      assertThat(changeRevisions("asm-1-18").path("status").asText()).isEqualTo("Succeeded");

      assertThat(server.installedRevisions()).containsExactly("asm-1-18");
      assertThat(changes).extracting(RevisionChange::after)
          .containsExactly(List.of("asm-1-18", "asm-1-19"), List.of("asm-1-18"));
    }

    @Test
    void keepsARetiredRevisionThatIsAlreadyInstalled() {
      startOn("asm-1-17");

      Answer a = put("asm-1-17", "asm-1-18");

      assertThat(a.status()).as(a.raw().body()).isEqualTo(200);
    }

    @Test
    void offersTheLowestCompatibleRevisionToAnUnsupportedOne() {
      startOn("asm-1-17");

      JsonNode profile = http.get(upgradeProfilesPath() + "/istio?" + API).json();

      assertThat(profile.at("/properties/revision").asText()).isEqualTo("asm-1-17");
      assertThat(Json.texts(profile.at("/properties/upgrades"))).containsExactly("asm-1-18");
    }
  }

  @Nested
  class Profiles {

    @Test
    void servesMeshUpgradeProfilesAsTheExamples() {
      startDefault();

      Answer list = http.get(upgradeProfilesPath() + "?" + API);
      Answer one = http.get(upgradeProfilesPath() + "/istio?" + API);

      assertThat(list.json()).isEqualTo(fixtureBody("ManagedClustersList_MeshUpgradeProfiles.json"));
      assertThat(one.json()).isEqualTo(fixtureBody("ManagedClustersGet_MeshUpgradeProfile.json"));
    }

    @Test
    void servesMeshRevisionProfilesAsTheExamples() {
      startDefault();

      Answer list = http.get(revisionProfilesPath("location1") + "?" + API);
      Answer one = http.get(revisionProfilesPath("location1") + "/istio?" + API);

      assertThat(list.json()).isEqualTo(fixtureBody("ManagedClustersList_MeshRevisionProfiles.json"));
      assertThat(one.json()).isEqualTo(fixtureBody("ManagedClustersGet_MeshRevisionProfile.json"));
    }

    @Test
    void answers409ServiceMeshUpgradeInProgressDuringACanary() {
      start(FakeArmServer.builder().cluster(FakeCluster.builder().revisions("asm-1-17", "asm-1-18").build()));

      Answer list = http.get(upgradeProfilesPath() + "?" + API);
      Answer one = http.get(upgradeProfilesPath() + "/istio?" + API);

      assertThat(list.status()).isEqualTo(409);
      assertThat(list.errorCode()).contains("ServiceMeshUpgradeInProgress");
      assertThat(one.status()).isEqualTo(409);
    }

    @Test
    void listsNoUpgradeProfileWhenTheMeshIsDisabled() {
      start(FakeArmServer.builder().cluster(FakeCluster.builder().meshDisabled().build()));

      Answer list = http.get(upgradeProfilesPath() + "?" + API);
      Answer one = http.get(upgradeProfilesPath() + "/istio?" + API);

      assertThat(list.status()).isEqualTo(200);
      assertThat(list.json().path("value")).isEmpty();
      assertThat(one.status()).isEqualTo(404);
    }

    @Test
    void servesRevisionProfilesOnlyForTheClustersLocation() {
      startDefault();

      Answer a = http.get(revisionProfilesPath("westeurope") + "?" + API);

      assertThat(a.status()).isEqualTo(404);
      assertThat(a.errorCode()).isEqualTo("LocationNotAvailableForResourceType");
    }

    @Test
    void servesAHandMadeCatalog() {
      start(FakeArmServer.builder()
          .cluster(FakeCluster.builder().location("westeurope").revisions("asm-1-18").build())
          .catalog(FakeRevisionCatalog.builder()
              .revision("asm-1-18", List.of("asm-1-19"), List.of("1.27"))
              .revision("asm-1-19", List.of(), List.of("1.28"))
              .build()));

      JsonNode profile = http.get(revisionProfilesPath("westeurope") + "/istio?" + API).json();

      assertThat(FakeRevisionCatalog.fromJson(profile.toString()).entries()).containsExactly(
          new FakeRevisionCatalog.Entry("asm-1-18", List.of("asm-1-19"), List.of("1.27")),
          new FakeRevisionCatalog.Entry("asm-1-19", List.of(), List.of("1.28")));
    }
  }

  @Nested
  class Faults {

    @Test
    void throttlesTheNextRequestsWithRetryAfter() {
      startDefault();
      server.faults().throttle(ArmCall.GET_CLUSTER, 2, Duration.ofMillis(1500));

      Answer first = http.getCluster();
      Answer second = http.getCluster();
      Answer third = http.getCluster();

      assertThat(first.status()).isEqualTo(429);
      assertThat(first.header("Retry-After")).isEqualTo("2");
      assertThat(first.errorCode()).isEqualTo("TooManyRequests");
      assertThat(second.status()).isEqualTo(429);
      assertThat(third.status()).isEqualTo(200);
    }

    @Test
    void aimsFaultsAtOneKindOfCall() {
      startDefault();
      server.faults().serverError(ArmCall.PUT_CLUSTER, 1, 503);

      Answer get = http.getCluster();
      Answer put = http.putCluster(get.raw().body(), null);

      assertThat(get.status()).isEqualTo(200);
      assertThat(put.status()).isEqualTo(503);
      assertThat(put.errorCode()).isEqualTo("ServiceUnavailable");
      assertThat(server.operationInProgress()).isFalse();
    }

    @Test
    void injectsA500AndAnyArmError() {
      startDefault();
      server.faults().serverError(ArmCall.ANY, 1, 500)
          .error(ArmCall.ANY, 1, 400, "InvalidParameter", "nope");

      assertThat(http.getCluster().status()).isEqualTo(500);
      Answer custom = http.getCluster();
      assertThat(custom.status()).isEqualTo(400);
      assertThat(custom.errorMessage()).isEqualTo("nope");
    }

    @Test
    void dropsTheConnectionWithoutAnswering() {
      startDefault();
      server.faults().dropConnection(ArmCall.PUT_CLUSTER, 1);
      String body = http.getCluster().raw().body();

      assertThatThrownBy(() -> http.putCluster(body, null)).isInstanceOf(UncheckedIOException.class);

      assertThat(server.requests(ArmCall.PUT_CLUSTER)).extracting(RecordedRequest::status)
          .containsExactly(RecordedRequest.CONNECTION_DROPPED);
      assertThat(server.operationInProgress()).isFalse();
    }

    @Test
    void failsTheNextOperationAndRestoresTheRevisions() {
      startDefault();
      server.faults().failNextOperation("UpgradeFailed", "istiod asm-1-18 did not become ready");

      JsonNode op = changeRevisions("asm-1-17", "asm-1-18");

      assertThat(op.path("status").asText()).isEqualTo("Failed");
      assertThat(op.at("/error/code").asText()).isEqualTo("UpgradeFailed");
      assertThat(op.at("/error/message").asText()).isEqualTo("istiod asm-1-18 did not become ready");
      JsonNode cluster = http.getCluster().json();
      assertThat(cluster.at("/properties/provisioningState").asText()).isEqualTo("Failed");
      assertThat(Json.texts(cluster.at("/properties/serviceMeshProfile/istio/revisions")))
          .containsExactly("asm-1-17");
      assertThat(changes).isEmpty();
      assertThat(changeRevisions("asm-1-17", "asm-1-18").path("status").asText()).isEqualTo("Succeeded");
    }

    @Test
    void issue8_aClusterLeftFailedGoesBackToSucceededOnAPutThatChangesNothing() {
      startDefault();
      server.faults().failNextOperation("UpgradeFailed", "istiod asm-1-18 did not become ready");
      assertThat(changeRevisions("asm-1-17", "asm-1-18").path("status").asText()).isEqualTo("Failed");
      Answer failed = http.getCluster();
      assertThat(failed.json().at("/properties/provisioningState").asText()).isEqualTo("Failed");

      Answer put = http.putCluster(failed.raw().body(), failed.json().path("eTag").asText());
      assertThat(put.status()).as(put.raw().body()).isEqualTo(200);
      JsonNode op = http.awaitOperation(put.header("Azure-AsyncOperation"));

      assertThat(op.path("status").asText()).isEqualTo("Succeeded");
      ObjectNode after = (ObjectNode) http.getCluster().json().deepCopy();
      assertThat(after.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
      ObjectNode before = (ObjectNode) failed.json().deepCopy();
      before.remove("eTag");
      after.remove("eTag");
      ((ObjectNode) before.path("properties")).remove("provisioningState");
      ((ObjectNode) after.path("properties")).remove("provisioningState");
      assertThat(after).as("every other property as it was").isEqualTo(before);
      assertThat(changes).isEmpty();
    }

    @Test
    void issue8_aStaleIfMatchOnAFailedClusterGets412AndLeavesItFailed() {
      startDefault();
      server.faults().failNextOperation("UpgradeFailed", "boom");
      String staleEtag = http.getCluster().json().path("eTag").asText();
      changeRevisions("asm-1-17", "asm-1-18");
      Answer failed = http.getCluster();

      Answer put = http.putCluster(failed.raw().body(), staleEtag);

      assertThat(put.status()).isEqualTo(412);
      assertThat(put.errorCode()).isEqualTo("PreconditionFailed");
      assertThat(server.provisioningState()).isEqualTo("Failed");
      assertThat(server.operationInProgress()).isFalse();
    }

    @Test
    void cancelsTheNextOperation() {
      startDefault();
      server.faults().cancelNextOperation();

      JsonNode op = changeRevisions("asm-1-17", "asm-1-18");

      assertThat(op.path("status").asText()).isEqualTo("Canceled");
      assertThat(server.provisioningState()).isEqualTo("Canceled");
      assertThat(server.installedRevisions()).containsExactly("asm-1-17");
    }

    @Test
    void slowsTheNextOperationByCountedSteps() {
      startDefault();
      server.faults().slowNextOperation(3);
      Answer put = http.putCluster(withRevisions(http.getCluster().json(), "asm-1-17", "asm-1-18"), null);
      String url = put.header("Azure-AsyncOperation").replace(server.endpoint().toString(), "/");

      List<String> statuses = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        statuses.add(http.get(url).json().path("status").asText());
      }

      assertThat(statuses).containsExactly("InProgress", "InProgress", "InProgress", "Succeeded");
    }

    @Test
    void slowsTheNextOperationByServerTime() {
      MutableClock clock = new MutableClock();
      start(FakeArmServer.builder().clock(clock).operationSteps(0));
      server.faults().slowNextOperation(Duration.ofMinutes(5));
      Answer put = http.putCluster(withRevisions(http.getCluster().json(), "asm-1-17", "asm-1-18"), null);
      String url = put.header("Azure-AsyncOperation").replace(server.endpoint().toString(), "/");

      String during = http.get(url).json().path("status").asText();
      clock.advance(Duration.ofMinutes(5));
      String after = http.get(url).json().path("status").asText();

      assertThat(during).isEqualTo("InProgress");
      assertThat(after).isEqualTo("Succeeded");
    }

    @Test
    void holdsTheNextOperationUntilReleased() {
      startDefault();
      OperationGate gate = server.faults().holdNextOperation();
      Answer put = http.putCluster(withRevisions(http.getCluster().json(), "asm-1-17", "asm-1-18"), null);
      String url = put.header("Azure-AsyncOperation").replace(server.endpoint().toString(), "/");
      for (int i = 0; i < 5; i++) {
        assertThat(http.get(url).json().path("status").asText()).isEqualTo("InProgress");
      }

      gate.release();

      assertThat(http.get(url).json().path("status").asText()).isEqualTo("Succeeded");
      assertThat(gate.isReleased()).isTrue();
    }

    @Test
    void aForeignOperationBlocksPutsUntilReleased() {
      startDefault();
      OperationGate gate = server.startForeignOperation();
      String body = withRevisions(http.getCluster().json(), "asm-1-17", "asm-1-18");

      assertThat(http.putCluster(body, null).status()).isEqualTo(409);
      gate.release();
      assertThat(http.getCluster().json().at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
      assertThat(http.putCluster(body, null).status()).isEqualTo(200);
    }

    @Test
    void runsAnActionBeforeTheNextRequestSoAPutRacesAnotherWriter() {
      startDefault();
      JsonNode before = http.getCluster().json();
      server.faults().runBeforeNext(ArmCall.PUT_CLUSTER, server::touch);

      Answer raced = http.putCluster(withRevisions(before, "asm-1-17", "asm-1-18"), before.path("eTag").asText());
      Answer again = http.putCluster(withRevisions(before, "asm-1-17", "asm-1-18"), server.eTag());

      assertThat(raced.status()).isEqualTo(412);
      assertThat(again.status()).isEqualTo(200);
    }

    @Test
    void clearRemovesPendingFaults() {
      startDefault();
      server.faults().throttle(ArmCall.ANY, 3, Duration.ZERO);
      server.faults().clear();

      assertThat(http.getCluster().status()).isEqualTo(200);
    }

    @Test
    void validatesFaultArguments() {
      startDefault();

      assertThatThrownBy(() -> server.faults().serverError(ArmCall.ANY, 1, 404))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("404");
      assertThatThrownBy(() -> server.faults().throttle(ArmCall.ANY, 0, Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("times");
      assertThatThrownBy(() -> server.faults().throttle(null, 1, Duration.ZERO))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("call");
    }
  }

  @Nested
  class RequestLog {

    @Test
    void recordsMethodPathIfMatchStatusAndBody() {
      startDefault();
      JsonNode cluster = http.getCluster().json();
      String body = withRevisions(cluster, "asm-1-17", "asm-1-18");

      http.putCluster(body, "\"stale\"");

      List<RecordedRequest> log = server.requests();
      assertThat(log).extracting(RecordedRequest::call).containsExactly(ArmCall.GET_CLUSTER, ArmCall.PUT_CLUSTER);
      RecordedRequest put = log.get(1);
      assertThat(put.method()).isEqualTo("PUT");
      assertThat(put.path()).isEqualTo(server.clusterPath());
      assertThat(put.query()).isEqualTo(API);
      assertThat(put.ifMatch()).isEqualTo("\"stale\"");
      assertThat(put.status()).isEqualTo(412);
      assertThat(put.body()).isEqualTo(body);
      assertThat(log.get(0).ifMatchHeader()).isEmpty();
    }

    @Test
    void canBeCleared() {
      startDefault();
      http.getCluster();

      server.clearRequests();

      assertThat(server.requests()).isEmpty();
    }
  }

  @Nested
  class OutOfBand {

    @Test
    void replacingRevisionsChangesTheEtagAndTellsTheListener() {
      startDefault();
      String etag = server.eTag();

      server.replaceRevisions("asm-1-17", "asm-1-18");

      assertThat(server.eTag()).isNotEqualTo(etag);
      assertThat(server.installedRevisions()).containsExactly("asm-1-17", "asm-1-18");
      assertThat(changes).containsExactly(
          new RevisionChange(List.of("asm-1-17"), List.of("asm-1-17", "asm-1-18")));
    }
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-11-26T07:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
