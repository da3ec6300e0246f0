package io.meshupgrade.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.model.DanglingInjection;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.testkit.k8s.ApiResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RevisionTagContractTest extends SimulatedClusterTest {
  private static final String TAG_WEBHOOK = "istio-revision-tag-prod-stable-aks-istio-system";

  @BeforeEach
  void twoRevisionsAndATag() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).revision("asm-1-19", IMAGE_1_19).tag("prod-stable", "asm-1-18")
        .namespace("shop", Map.of("istio.io/rev", "prod-stable"))
        .namespace("cart", Map.of("istio.io/rev", "prod-stable"))
        .namespace("direct", rev(ASM_1_18))
        .apply();
  }

  @Test
  void listsTagsWithTheNamespacesUsingThem() {
    assertThat(dataPlane.revisionTags()).containsExactly(
        new RevisionTag("prod-stable", ASM_1_18, List.of("cart", "shop")));
  }

  @Test
  void movesATagTheWayIstioctlDoes() {
    RevisionTag moved = dataPlane.moveRevisionTag("prod-stable", ASM_1_19);

    assertThat(moved).isEqualTo(new RevisionTag("prod-stable", ASM_1_19, List.of("cart", "shop")));
    ObjectNode mwc = get(ApiResource.MUTATING_WEBHOOK_CONFIGURATIONS, null, TAG_WEBHOOK);
    ObjectNode injector = get(ApiResource.MUTATING_WEBHOOK_CONFIGURATIONS, null,
        "istio-sidecar-injector-asm-1-19-aks-istio-system");
    assertThat(label(mwc, "istio.io/rev")).isEqualTo("asm-1-19");
    assertThat(label(mwc, "istio.io/tag")).isEqualTo("prod-stable");
    assertThat(mwc.path("webhooks")).hasSize(2);
    for (JsonNode w : mwc.path("webhooks")) {
      assertThat(w.path("clientConfig").path("service").path("name").asText()).isEqualTo("istiod-asm-1-19");
      assertThat(w.path("clientConfig").path("caBundle").asText())
          .isEqualTo(injector.path("webhooks").get(0).path("clientConfig").path("caBundle").asText());
    }
    assertThat(mwc.path("webhooks").get(0).path("namespaceSelector").toString())
        .contains("\"values\":[\"prod-stable\"]").doesNotContain("asm-1-19");
    assertThat(requests("update", "mutatingwebhookconfigurations")).isEqualTo(1);
  }

  @Test
  void newPodsOfTheTagsNamespacesGetTheNewRevisionAfterTheMove() {
    dataPlane.moveRevisionTag("prod-stable", ASM_1_19);

    sim.seed().deployment("shop", "web", 2).apply();

    PodInventory inventory = dataPlane.inventory();
    assertThat(inventory.podsOn(ASM_1_19)).hasSize(2).allSatisfy(p -> assertThat(p.proxyImage()).isEqualTo(IMAGE_1_19));
  }

  @Test
  void createsAMissingTagAndDoesNotRewriteAnUnchangedOne() {
    RevisionTag created = dataPlane.moveRevisionTag("canary", ASM_1_19);
    dataPlane.moveRevisionTag("canary", ASM_1_19);

    assertThat(created).isEqualTo(new RevisionTag("canary", ASM_1_19, List.of()));
    assertThat(get(ApiResource.MUTATING_WEBHOOK_CONFIGURATIONS, null, "istio-revision-tag-canary-aks-istio-system"))
        .isNotNull();
    assertThat(requests("create", "mutatingwebhookconfigurations")).isEqualTo(1);
    assertThat(requests("update", "mutatingwebhookconfigurations")).isZero();
  }

  @Test
  void findsAnInjectorWebhookNamedDifferentlyByItsRevisionLabel() {
    ObjectNode injector = get(ApiResource.MUTATING_WEBHOOK_CONFIGURATIONS, null,
        "istio-sidecar-injector-asm-1-19-aks-istio-system");
    sim.store().delete(ApiResource.MUTATING_WEBHOOK_CONFIGURATIONS, null,
        "istio-sidecar-injector-asm-1-19-aks-istio-system");
    ObjectNode renamed = injector.deepCopy();
    ((ObjectNode) renamed.path("metadata")).put("name", "istio-sidecar-injector-asm-1-19");
    ((ObjectNode) renamed.path("metadata")).remove("resourceVersion");
    ((ObjectNode) renamed.path("metadata")).remove("uid");
    sim.store().create(ApiResource.MUTATING_WEBHOOK_CONFIGURATIONS, renamed);

    assertThat(dataPlane.moveRevisionTag("prod-stable", ASM_1_19).revision()).isEqualTo(ASM_1_19);
    assertThat(label(get(ApiResource.MUTATING_WEBHOOK_CONFIGURATIONS, null, TAG_WEBHOOK), "istio.io/rev"))
        .isEqualTo("asm-1-19");
  }

  @Test
  void refusesToPointATagAtAMissingRevision() {
    assertThatThrownBy(() -> dataPlane.moveRevisionTag("prod-stable", Revision.parse("asm-1-30")))
        .isInstanceOf(UpgradeRefusedException.class).hasMessageContaining("asm-1-30").hasMessageContaining("not ready");

    assertThat(label(get(ApiResource.MUTATING_WEBHOOK_CONFIGURATIONS, null, TAG_WEBHOOK), "istio.io/rev"))
        .isEqualTo("asm-1-18");
  }

  @Test
  void refusesToPointATagAtARevisionWhoseControlPlaneIsNotReady() {
    sim.workloads().neverReady(ApiResource.DEPLOYMENTS, "aks-istio-system", "istiod-asm-1-20");
    sim.addon().installRevision("asm-1-20", "mcr.microsoft.com/oss/istio/proxyv2:1.20.1-distroless");

    assertThatThrownBy(() -> dataPlane.moveRevisionTag("prod-stable", Revision.parse("asm-1-20")))
        .isInstanceOf(UpgradeRefusedException.class).hasMessageContaining("istiod-asm-1-20");
    assertThat(requests("update", "mutatingwebhookconfigurations")).isZero();
  }

  @Test
  void refusesTagNamesThatCouldInjectASelectorOrShadowARevision() {
    assertThatThrownBy(() -> dataPlane.moveRevisionTag("prod,x", ASM_1_19))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> dataPlane.moveRevisionTag("asm-1-19", ASM_1_19))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(sim.requestLog().size()).isZero();
  }

  @Test
  void reReadsAndRetriesWhenTheTagChangedMeanwhile() {
    sim.faults().failNext(1, "update", "mutatingwebhookconfigurations", 409);
    sim.faults().failNext(1, "list", "mutatingwebhookconfigurations", 429);

    assertThat(dataPlane.moveRevisionTag("prod-stable", ASM_1_19).revision()).isEqualTo(ASM_1_19);
    assertThat(requests("update", "mutatingwebhookconfigurations")).isEqualTo(2);
  }

  @Test
  void issue8_listsATagWhoseRevisionIsGoneSoTheCoreCanReportItAndRepointsItToAnInstalledRevision() {
    sim.seed().tag("legacy", "asm-1-17").namespace("old", Map.of("istio.io/rev", "legacy")).apply();

    List<RevisionTag> tags = dataPlane.revisionTags();
    DanglingInjection dangling = DanglingInjection.find(List.of(ASM_1_18, ASM_1_19), tags, dataPlane.meshNamespaces());

    assertThat(tags).contains(new RevisionTag("legacy", Revision.parse("asm-1-17"), List.of("old")));
    assertThat(dangling.tagNames()).containsExactly("legacy");
    assertThat(dangling.namespaces()).containsExactly(Map.entry("old", "legacy"));

    dataPlane.moveRevisionTag("legacy", ASM_1_19);
    sim.seed().deployment("old", "app", 1).apply();

    assertThat(DanglingInjection.find(List.of(ASM_1_18, ASM_1_19), dataPlane.revisionTags(),
        dataPlane.meshNamespaces()).isEmpty()).isTrue();
    assertThat(dataPlane.inventory().podsOn(ASM_1_19)).singleElement()
        .satisfies(p -> assertThat(p.namespace()).isEqualTo("old"));
  }
}
