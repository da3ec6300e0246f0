package io.meshupgrade.testkit.k8s;

import static io.meshupgrade.testkit.k8s.SimulatorSupport.PROXY_18;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rollouts as kube-controller-manager does them (issue #10): the pods of a restart, replayed from a watch in the
 * store's order, never exceed the surge budget nor drop below the availability budget; StatefulSets roll in
 * reverse ordinal order down to their partition; DaemonSets honour maxUnavailable and maxSurge; pods past the
 * nodes' capacity stay Pending. Counts and sequences only, never wall-clock.
 */
class RolloutTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String RESTART =
      "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"now\"}}}}}";

  private KubernetesSimulator sim;
  private Thread watcher;
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();

  private void start(KubernetesSimulator.Builder b, java.util.function.Consumer<ClusterSeed> seeding) {
    sim = b.startDelay(Duration.ofMillis(5), Duration.ofMillis(15)).build();
    ClusterSeed seed = sim.seed().revision("asm-1-18", PROXY_18).namespace("shop", Map.of("istio.io/rev",
        "asm-1-18"));
    seeding.accept(seed);
    seed.apply();
  }

  @AfterEach
  void stop() {
    if (watcher != null) {
      watcher.interrupt();
    }
    if (sim != null) {
      sim.close();
    }
  }

  /** Records every pod event of namespace shop from now on, in the store's order. */
  private void watchPods() throws Exception {
    long rv = sim.store().resourceVersion();
    HttpRequest req = HttpRequest.newBuilder(URI.create(sim.uri() + "/api/v1/namespaces/shop/pods?watch=true"
        + "&resourceVersion=" + rv)).build();
    HttpResponse<java.io.InputStream> resp =
        HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
    watcher = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
        for (String l = in.readLine(); l != null; l = in.readLine()) {
          events.add(MAPPER.readTree(l));
        }
      } catch (Exception e) {
        // closed
      }
    });
    watcher.setDaemon(true);
    watcher.start();
  }

  private static boolean ready(JsonNode pod) {
    for (JsonNode c : pod.at("/status/conditions")) {
      if ("Ready".equals(c.path("type").asText())) {
        return "True".equals(c.path("status").asText());
      }
    }
    return false;
  }

  /** Replays the events of pods whose name starts with the prefix: [max pods, min ready pods]. */
  private int[] replay(List<ObjectNode> initial, String prefix) {
    Map<String, Boolean> state = new HashMap<>();
    for (ObjectNode p : initial) {
      state.put(p.at("/metadata/name").asText(), ready(p));
    }
    int maxPods = state.size();
    int minReady = (int) state.values().stream().filter(r -> r).count();
    for (JsonNode e : events) {
      JsonNode pod = e.path("object");
      String name = pod.at("/metadata/name").asText();
      if (!name.startsWith(prefix)) {
        continue;
      }
      if (e.path("type").asText().equals("DELETED")) {
        state.remove(name);
      } else {
        state.put(name, ready(pod));
      }
      maxPods = Math.max(maxPods, state.size());
      minReady = Math.min(minReady, (int) state.values().stream().filter(r -> r).count());
    }
    return new int[] {maxPods, minReady};
  }

  private List<String> deletedInOrder(String prefix) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : events) {
      String name = e.at("/object/metadata/name").asText();
      if (e.path("type").asText().equals("DELETED") && name.startsWith(prefix)) {
        out.add(name);
      }
    }
    return out;
  }

  private void patch(ApiResource r, String name, String patch) {
    sim.store().patch(r, "shop", name, ObjectStore.PatchType.STRATEGIC_MERGE, patch);
  }

  private JsonNode status(ApiResource r, String name) {
    return sim.store().get(r, "shop", name).orElseThrow().path("status");
  }

  private boolean deploymentDone(String name) {
    JsonNode d = sim.store().get(ApiResource.DEPLOYMENTS, "shop", name).orElseThrow();
    JsonNode s = d.path("status");
    int desired = d.at("/spec/replicas").asInt();
    return d.at("/metadata/generation").asLong() <= s.path("observedGeneration").asLong()
        && s.path("updatedReplicas").asInt() == desired && s.path("replicas").asInt() == desired
        && s.path("availableReplicas").asInt() == desired;
  }

  @Test
  void issue10_aRestartOfFourReplicasSurgesOneAndKeepsThreeAvailable() throws Exception {
    start(KubernetesSimulator.builder(), seed -> seed.deployment("shop", "web", 4));
    List<ObjectNode> before = sim.store().list(ApiResource.PODS, "shop", "app=web");
    watchPods();

    patch(ApiResource.DEPLOYMENTS, "web", RESTART);
    await("web rolled out", () -> deploymentDone("web"));
    assertThat(sim.awaitIdle(Duration.ofSeconds(10))).isTrue();

    int[] seen = replay(before, "web-");
    assertThat(seen[0]).isEqualTo(5); // 4 + maxSurge ceil(25% of 4) = 1
    assertThat(seen[1]).isEqualTo(3); // 4 - maxUnavailable floor(25% of 4) = 1
    assertThat(deletedInOrder("web-")).hasSize(4).containsExactlyInAnyOrderElementsOf(
        before.stream().map(p -> p.at("/metadata/name").asText()).toList());
    assertThat(sim.store().list(ApiResource.REPLICA_SETS, "shop", "app=web"))
        .extracting(rs -> rs.at("/spec/replicas").asInt()).containsExactlyInAnyOrder(4, 0);
  }

  @Test
  void issue10_maxSurgeZeroReplacesOnePodAtATimeWithoutExtraPods() throws Exception {
    start(KubernetesSimulator.builder(), seed -> seed.deployment("shop", "web", 3));
    patch(ApiResource.DEPLOYMENTS, "web",
        "{\"spec\":{\"strategy\":{\"rollingUpdate\":{\"maxSurge\":0,\"maxUnavailable\":1}}}}");
    await("strategy observed", () -> deploymentDone("web"));
    assertThat(sim.awaitIdle(Duration.ofSeconds(10))).isTrue();
    List<ObjectNode> before = sim.store().list(ApiResource.PODS, "shop", "app=web");
    watchPods();

    patch(ApiResource.DEPLOYMENTS, "web", RESTART);
    await("web rolled out", () -> deploymentDone("web"));
    assertThat(sim.awaitIdle(Duration.ofSeconds(10))).isTrue();

    int[] seen = replay(before, "web-");
    assertThat(seen[0]).isEqualTo(3);
    assertThat(seen[1]).isEqualTo(2);
  }

  @Test
  void issue10_aStuckRolloutStopsAtItsSurgeAndUnavailabilityBudgets() throws Exception {
    start(KubernetesSimulator.builder(), seed -> seed.deployment("shop", "web", 4));
    sim.workloads().neverReady(ApiResource.DEPLOYMENTS, "shop", "web");

    patch(ApiResource.DEPLOYMENTS, "web", RESTART);
    assertThat(sim.awaitIdle(Duration.ofSeconds(10))).isTrue();

    JsonNode s = status(ApiResource.DEPLOYMENTS, "web");
    // 4 replicas, 25%/25%: one old pod may go (4 - 1 available) and one may surge, so 2 new pods that never get
    // Ready, 3 old ones still serving; then both budgets are spent and the rollout stalls (rolling.go)
    assertThat(s.path("updatedReplicas").asInt()).isEqualTo(2);
    assertThat(s.path("replicas").asInt()).isEqualTo(5);
    assertThat(s.path("availableReplicas").asInt()).isEqualTo(3);
    assertThat(s.path("readyReplicas").asInt()).isEqualTo(3);
    assertThat(s.path("unavailableReplicas").asInt()).isEqualTo(1);
    assertThat(s.path("observedGeneration").asLong()).isEqualTo(2);
    assertThat(s.path("conditions")).anySatisfy(c -> {
      assertThat(c.path("type").asText()).isEqualTo("Progressing");
      assertThat(c.path("reason").asText()).isEqualTo("ReplicaSetUpdated");
    });
  }

  @Test
  void issue10_minReadySecondsKeepsReadyPodsUnavailableUntilTheyHaveBeenReadyLongEnough() throws Exception {
    start(KubernetesSimulator.builder(), seed -> seed.deployment("shop", "web", 2));
    patch(ApiResource.DEPLOYMENTS, "web", "{\"spec\":{\"minReadySeconds\":1}}");
    await("observed", () -> deploymentDone("web"));
    List<JsonNode> statuses = new CopyOnWriteArrayList<>();

    patch(ApiResource.DEPLOYMENTS, "web", RESTART);
    await("web rolled out", Duration.ofSeconds(30), () -> {
      statuses.add(status(ApiResource.DEPLOYMENTS, "web"));
      return deploymentDone("web");
    });

    assertThat(statuses).anySatisfy(s -> assertThat(s.path("readyReplicas").asInt())
        .isGreaterThan(s.path("availableReplicas").asInt()));
    assertThat(sim.store().list(ApiResource.REPLICA_SETS, "shop", "app=web"))
        .allSatisfy(rs -> assertThat(rs.at("/spec/minReadySeconds").asInt()).isEqualTo(1));
  }

  @Test
  void issue10_aStatefulSetRollsInReverseOrdinalOrderDownToItsPartition() throws Exception {
    start(KubernetesSimulator.builder(), seed -> seed.statefulSet("shop", "db", 4));
    patch(ApiResource.STATEFUL_SETS, "db",
        "{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":1}}}}");
    assertThat(sim.awaitIdle(Duration.ofSeconds(10))).isTrue();
    List<ObjectNode> before = sim.store().list(ApiResource.PODS, "shop", "app=db");
    watchPods();

    patch(ApiResource.STATEFUL_SETS, "db", RESTART);
    await("3 pods updated", () -> status(ApiResource.STATEFUL_SETS, "db").path("updatedReplicas").asInt() == 3
        && status(ApiResource.STATEFUL_SETS, "db").path("readyReplicas").asInt() == 4);
    assertThat(sim.awaitIdle(Duration.ofSeconds(10))).isTrue();

    assertThat(deletedInOrder("db-")).containsExactly("db-3", "db-2", "db-1");
    assertThat(replay(before, "db-")[1]).isEqualTo(3); // one pod at a time
    JsonNode s = status(ApiResource.STATEFUL_SETS, "db");
    assertThat(s.path("currentRevision").asText()).isNotEqualTo(s.path("updateRevision").asText());
    assertThat(s.path("currentReplicas").asInt()).isEqualTo(1);
    String db0 = sim.store().get(ApiResource.PODS, "shop", "db-0").orElseThrow()
        .at("/metadata/labels/controller-revision-hash").asText();
    assertThat(db0).isEqualTo(s.path("currentRevision").asText());
  }

  @Test
  void issue10_aDaemonSetReplacesOneNodeAtATimeOrSurgesWithMaxSurge() throws Exception {
    start(KubernetesSimulator.builder().nodes(4), seed -> seed.daemonSet("shop", "agent"));
    List<ObjectNode> before = sim.store().list(ApiResource.PODS, "shop", "app=agent");
    watchPods();

    patch(ApiResource.DAEMON_SETS, "agent", RESTART);
    await("agent rolled", () -> {
      JsonNode s = status(ApiResource.DAEMON_SETS, "agent");
      return s.path("updatedNumberScheduled").asInt() == 4 && s.path("numberAvailable").asInt() == 4
          && s.path("observedGeneration").asLong() == 2;
    });
    assertThat(sim.awaitIdle(Duration.ofSeconds(10))).isTrue();
    int[] rolling = replay(before, "agent-");
    events.clear();
    List<ObjectNode> middle = sim.store().list(ApiResource.PODS, "shop", "app=agent");
    patch(ApiResource.DAEMON_SETS, "agent", "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":"
        + "{\"maxSurge\":1,\"maxUnavailable\":0}},\"template\":{\"metadata\":{\"annotations\":{\"x\":\"y\"}}}}}");
    await("agent surged", () -> {
      JsonNode s = status(ApiResource.DAEMON_SETS, "agent");
      return s.path("updatedNumberScheduled").asInt() == 4 && s.path("numberAvailable").asInt() == 4
          && s.path("observedGeneration").asLong() == 3
          && sim.store().list(ApiResource.PODS, "shop", "app=agent").size() == 4;
    });
    assertThat(sim.awaitIdle(Duration.ofSeconds(10))).isTrue();
    int[] surging = replay(middle, "agent-");

    assertThat(rolling[0]).isEqualTo(4);
    assertThat(rolling[1]).isEqualTo(3); // maxUnavailable 1 (default)
    assertThat(surging[0]).isEqualTo(5); // maxSurge 1: the new pod starts beside the old one
    assertThat(surging[1]).isEqualTo(4); // maxUnavailable 0
  }

  @Test
  void issue10_podsPastTheNodesCapacityStayPendingUnschedulableUntilCapacityFrees() throws Exception {
    // istiod (2 pods) + web (3) + debug (1): the nodes are full
    start(KubernetesSimulator.builder().podCapacity(6), seed -> seed.deployment("shop", "web", 3).pod("shop",
        "debug"));
    assertThat(sim.store().list(ApiResource.PODS, null, null))
        .hasSize(6).allSatisfy(p -> assertThat(p.at("/spec/nodeName").isTextual()).isTrue());

    patch(ApiResource.DEPLOYMENTS, "web", RESTART);
    assertThat(sim.awaitIdle(Duration.ofSeconds(10))).isTrue();
    List<ObjectNode> pending = sim.store().list(ApiResource.PODS, "shop", "app=web").stream()
        .filter(p -> !p.at("/spec/nodeName").isTextual()).toList();

    assertThat(pending).hasSize(1).allSatisfy(p -> {
      assertThat(p.at("/status/phase").asText()).isEqualTo("Pending");
      assertThat(p.at("/status/conditions/0/type").asText()).isEqualTo("PodScheduled");
      assertThat(p.at("/status/conditions/0/status").asText()).isEqualTo("False");
      assertThat(p.at("/status/conditions/0/reason").asText()).isEqualTo("Unschedulable");
    });
    assertThat(deploymentDone("web")).isFalse();

    sim.store().delete(ApiResource.PODS, "shop", "debug");
    await("web rolled out once capacity freed", () -> deploymentDone("web"));
  }
}
