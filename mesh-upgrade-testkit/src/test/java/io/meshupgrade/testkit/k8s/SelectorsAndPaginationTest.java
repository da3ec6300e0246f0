package io.meshupgrade.testkit.k8s;

import static io.meshupgrade.testkit.k8s.SimulatorSupport.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelectorsAndPaginationTest {
  private KubernetesSimulator sim;
  private CoreV1Api core;

  @BeforeAll
  void start() {
    sim = KubernetesSimulator.start();
    core = new CoreV1Api(client(sim));
    ClusterSeed seed = sim.seed().namespace("a").namespace("b").namespace("sel");
    // 12 pods for the selector table (the official client's parsing, not the simulator, dominates big lists)
    for (int i = 0; i < 12; i++) {
      Map<String, String> labels =
          i % 3 == 0
              ? Map.of("tier", "web", "version", "v" + (i % 4))
              : i % 3 == 1 ? Map.of("tier", "db", "version", "v" + (i % 4)) : Map.of("version", "v" + (i % 4));
      seed.pod("sel", String.format("s-%02d", i), labels);
    }
    // 1,200 bare pods in two namespaces, with tiers and versions for selectors
    for (int i = 0; i < 1200; i++) {
      String ns = i % 2 == 0 ? "a" : "b";
      Map<String, String> labels =
          i % 3 == 0
              ? Map.of("tier", "web", "version", "v" + (i % 4))
              : i % 3 == 1 ? Map.of("tier", "db", "version", "v" + (i % 4)) : Map.of("version", "v" + (i % 4));
      seed.pod(ns, String.format("p-%04d", i), labels);
    }
    seed.apply();
  }

  @AfterAll
  void stop() {
    sim.close();
  }

  private List<V1Pod> list(String labelSelector, String fieldSelector) throws ApiException {
    return core.listPodForAllNamespaces()
        .labelSelector(labelSelector)
        .fieldSelector(fieldSelector)
        .execute()
        .getItems();
  }

  @ParameterizedTest(name = "label selector \"{0}\" matches {1} pods")
  @CsvSource(
      delimiter = ';',
      value = {
        "tier=web; 4",
        "tier==web; 4",
        "tier!=web; 8",
        "tier in (web,db); 8",
        "tier notin (web); 8",
        "tier; 8",
        "!tier; 4",
        "tier=web,version=v0; 1",
        "tier in (web),version notin (v0,v1); 2",
        " tier in ( web , db ) , version=v3 ; 2",
        "app=s-03; 1"
      })
  void labelSelectorsFilterLikeTheApiServer(String selector, int expected) throws ApiException {
    assertThat(core.listNamespacedPod("sel").labelSelector(selector).execute().getItems()).hasSize(expected);
  }

  @Test
  void fieldSelectorsFilterByNameAndNamespace() throws ApiException {
    assertThat(list(null, "metadata.name=p-0002")).extracting(p -> p.getMetadata().getNamespace()).containsExactly("a");
    assertThat(list(null, "metadata.namespace=sel")).hasSize(12);
    assertThat(list("tier=web", "metadata.namespace!=sel,metadata.namespace!=b")).hasSize(200);
  }

  @Test
  void aMalformedSelectorIsABadRequest() {
    ApiException e = catchThrowableOfType(ApiException.class, () -> list("tier in (web", null));

    assertThat(e.getCode()).isEqualTo(400);
    assertThat(e.getResponseBody()).contains("unable to parse requirement");
  }

  @Test
  void paginationWalksEveryPodOnceWithLimitAndContinue() throws ApiException {
    Set<String> seen = new HashSet<>();
    List<Integer> pageSizes = new ArrayList<>();
    String token = null;
    do {
      V1PodList page = core.listPodForAllNamespaces().limit(500)._continue(token).execute();
      pageSizes.add(page.getItems().size());
      page.getItems().forEach(p -> assertThat(seen.add(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())).isTrue());
      token = page.getMetadata().getContinue();
    } while (token != null && !token.isEmpty());

    assertThat(seen).hasSize(1212);
    assertThat(pageSizes).containsExactly(500, 500, 212);
  }

  @Test
  void paginationWithinANamespaceAndASelectorStopsWhenExhausted() throws ApiException {
    int total = 0;
    int pages = 0;
    String token = null;
    do {
      V1PodList page = core.listNamespacedPod("a").labelSelector("tier=web").limit(70)._continue(token).execute();
      total += page.getItems().size();
      pages++;
      token = page.getMetadata().getContinue();
    } while (token != null && !token.isEmpty());

    assertThat(total).isEqualTo(200);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void aForgedContinueTokenIsABadRequest() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class, () -> core.listPodForAllNamespaces().limit(5)._continue("not-a-token").execute());

    assertThat(e.getCode()).isEqualTo(400);
  }
}
