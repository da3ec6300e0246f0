package io.meshupgrade.testkit.k8s;

import static io.meshupgrade.testkit.k8s.SimulatorSupport.PROXY_18;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.PROXY_19;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.await;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.client;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentCondition;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkloadControllerTest {
  private static final String RESTART =
      "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"%s\"}}}}}";

  private KubernetesSimulator sim;
  private ApiClient client;
  private CoreV1Api core;
  private AppsV1Api apps;

  @BeforeEach
  void start() {
    sim = KubernetesSimulator.start();
    client = client(sim);
    core = new CoreV1Api(client);
    apps = new AppsV1Api(client);
    sim.seed()
        .revision("asm-1-18", PROXY_18)
        .revision("asm-1-19", PROXY_19)
        .namespace("shop", Map.of("istio.io/rev", "asm-1-18"))
        .deployment("shop", "web", 3)
        .statefulSet("shop", "db", 2)
        .daemonSet("shop", "agent")
        .job("shop", "migrate")
        .pod("shop", "debug")
        .optOutDeployment("shop", "legacy", 1)
        .apply();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private List<V1Pod> pods(String selector) throws ApiException {
    return core.listNamespacedPod("shop").labelSelector(selector).execute().getItems();
  }

  private static String revision(V1Pod pod) {
    var annotations = pod.getMetadata().getAnnotations();
    if (annotations == null || !annotations.containsKey("sidecar.istio.io/status")) {
      return "none";
    }
    return JsonParser.parseString(annotations.get("sidecar.istio.io/status"))
        .getAsJsonObject()
        .get("revision")
        .getAsString();
  }

  private static boolean ready(V1Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private void restart(String kind, String name) throws ApiException {
    String patch = String.format(RESTART, "2026-11-26T08:00:00Z");
    switch (kind) {
      case "Deployment" -> PatchUtils.patch(
          V1Deployment.class,
          () -> apps.patchNamespacedDeployment(name, "shop", new V1Patch(patch)).buildCall(null),
          V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
          client);
      case "StatefulSet" -> PatchUtils.patch(
          V1StatefulSet.class,
          () -> apps.patchNamespacedStatefulSet(name, "shop", new V1Patch(patch)).buildCall(null),
          V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
          client);
      default -> PatchUtils.patch(
          V1DaemonSet.class,
          () -> apps.patchNamespacedDaemonSet(name, "shop", new V1Patch(patch)).buildCall(null),
          V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
          client);
    }
  }

  private void relabel(String revision) throws ApiException {
    PatchUtils.patch(
        io.kubernetes.client.openapi.models.V1Namespace.class,
        () ->
            core.patchNamespace(
                    "shop", new V1Patch("{\"metadata\":{\"labels\":{\"istio.io/rev\":\"" + revision + "\"}}}"))
                .buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        client);
  }

  /** kubectl rollout status for a Deployment. */
  private boolean deploymentRolledOut(String name) throws ApiException {
    V1Deployment d = apps.readNamespacedDeployment(name, "shop").execute();
    var s = d.getStatus();
    int desired = d.getSpec().getReplicas();
    return s != null
        && s.getObservedGeneration() != null
        && s.getObservedGeneration() >= d.getMetadata().getGeneration()
        && s.getUpdatedReplicas() != null
        && s.getUpdatedReplicas() == desired
        && s.getReplicas() == desired
        && s.getAvailableReplicas() != null
        && s.getAvailableReplicas() == desired;
  }

  @Test
  void seedingProducesReadyInjectedPodsOwnedThroughReplicaSets() throws ApiException {
    List<V1Pod> web = pods("app=web");

    assertThat(web).hasSize(3).allSatisfy(p -> assertThat(ready(p)).isTrue());
    assertThat(web).extracting(WorkloadControllerTest::revision).containsOnly("asm-1-18");
    V1OwnerReference owner = web.get(0).getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getKind()).isEqualTo("ReplicaSet");
    V1ReplicaSet rs = apps.readNamespacedReplicaSet(owner.getName(), "shop").execute();
    assertThat(rs.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("Deployment");
    assertThat(rs.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("web");
    assertThat(pods("app=db")).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("db-0", "db-1");
    assertThat(pods("app=agent")).hasSize(3);
    assertThat(pods("app=migrate").get(0).getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("Job");
    assertThat(pods("app=debug").get(0).getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(pods("app=legacy")).extracting(WorkloadControllerTest::revision).containsOnly("none");
    V1Deployment d = apps.readNamespacedDeployment("web", "shop").execute();
    assertThat(d.getStatus().getConditions())
        .extracting(V1DeploymentCondition::getType, V1DeploymentCondition::getReason)
        .contains(
            org.assertj.core.groups.Tuple.tuple("Available", "MinimumReplicasAvailable"),
            org.assertj.core.groups.Tuple.tuple("Progressing", "NewReplicaSetAvailable"));
  }

  @Test
  void restartingADeploymentReplacesItsPodsOnTheNewRevision() throws Exception {
    relabel("asm-1-19");
    restart("Deployment", "web");

    await("web rolled out", () -> uncheck(() -> deploymentRolledOut("web")));
    assertThat(sim.awaitIdle(Duration.ofSeconds(10))).isTrue();
    List<V1Pod> web = pods("app=web");
    assertThat(web).hasSize(3).allSatisfy(p -> assertThat(ready(p)).isTrue());
    assertThat(web).extracting(WorkloadControllerTest::revision).containsOnly("asm-1-19");
    assertThat(apps.listNamespacedReplicaSet("shop").labelSelector("app=web").execute().getItems())
        .extracting(rs -> rs.getSpec().getReplicas())
        .containsExactlyInAnyOrder(3, 0);
    V1Deployment d = apps.readNamespacedDeployment("web", "shop").execute();
    assertThat(d.getStatus().getObservedGeneration()).isEqualTo(2L);
    assertThat(d.getStatus().getConditions())
        .filteredOn(c -> c.getType().equals("Progressing"))
        .singleElement()
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("NewReplicaSetAvailable"));
  }

  @Test
  void restartingAStatefulSetReplacesPodsOneByOneAndConvergesRevisions() throws Exception {
    relabel("asm-1-19");
    restart("StatefulSet", "db");

    await(
        "db rolled out",
        () ->
            uncheck(
                () -> {
                  V1StatefulSet s = apps.readNamespacedStatefulSet("db", "shop").execute();
                  var st = s.getStatus();
                  return st.getObservedGeneration() >= s.getMetadata().getGeneration()
                      && st.getUpdatedReplicas() != null
                      && st.getUpdatedReplicas() == 2
                      && st.getReadyReplicas() == 2
                      && st.getCurrentRevision().equals(st.getUpdateRevision());
                }));
    assertThat(pods("app=db")).extracting(WorkloadControllerTest::revision).containsOnly("asm-1-19");
  }

  @Test
  void restartingADaemonSetReplacesItsPodsOnEveryNode() throws Exception {
    relabel("asm-1-19");
    restart("DaemonSet", "agent");

    await(
        "agent rolled out",
        () ->
            uncheck(
                () -> {
                  V1DaemonSet ds = apps.readNamespacedDaemonSet("agent", "shop").execute();
                  var st = ds.getStatus();
                  return st.getObservedGeneration() >= ds.getMetadata().getGeneration()
                      && st.getUpdatedNumberScheduled() != null
                      && st.getUpdatedNumberScheduled() == st.getDesiredNumberScheduled()
                      && st.getNumberAvailable() != null
                      && st.getNumberAvailable() == st.getDesiredNumberScheduled();
                }));
    assertThat(sim.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(pods("app=agent"))
        .hasSize(3)
        .extracting(WorkloadControllerTest::revision)
        .containsOnly("asm-1-19");
  }

  @Test
  void aNeverReadyDeploymentEndsWithProgressDeadlineExceededAndKeepsItsOldPods() throws Exception {
    sim.workloads().neverReady(ApiResource.DEPLOYMENTS, "shop", "web").progressDeadline(Duration.ofMillis(300));
    restart("Deployment", "web");

    await(
        "ProgressDeadlineExceeded",
        () ->
            uncheck(
                () ->
                    apps.readNamespacedDeployment("web", "shop").execute().getStatus().getConditions().stream()
                        .anyMatch(
                            c ->
                                c.getType().equals("Progressing")
                                    && c.getStatus().equals("False")
                                    && c.getReason().equals("ProgressDeadlineExceeded"))));
    List<V1Pod> web = pods("app=web");
    assertThat(web).filteredOn(WorkloadControllerTest::ready).hasSize(3);
    // 3 replicas at the default 25%/25%: maxSurge 1 (rounded up), maxUnavailable 0 (rounded down), so the new
    // ReplicaSet gets one pod and no old pod goes while it is not Ready (issue #10)
    assertThat(web).filteredOn(p -> !ready(p)).hasSize(1);
    assertThat(deploymentRolledOut("web")).isFalse();
  }

  @Test
  void aPausedDeploymentIsNotRolled() throws Exception {
    PatchUtils.patch(
        V1Deployment.class,
        () -> apps.patchNamespacedDeployment("web", "shop", new V1Patch("{\"spec\":{\"paused\":true}}")).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        client);
    List<String> before = pods("app=web").stream().map(p -> p.getMetadata().getName()).toList();

    restart("Deployment", "web");
    assertThat(sim.awaitIdle(Duration.ofSeconds(10))).isTrue();

    assertThat(pods("app=web")).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(apps.readNamespacedDeployment("web", "shop").execute().getStatus().getConditions())
        .filteredOn(c -> c.getType().equals("Progressing"))
        .singleElement()
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("DeploymentPaused"));
  }

  @Test
  void aDeletedPodIsReplacedByItsReplicaSet() throws Exception {
    String victim = pods("app=web").get(0).getMetadata().getName();

    core.deleteNamespacedPod(victim, "shop").execute();

    await("web back to 3 ready pods", () -> uncheck(() -> pods("app=web").stream().filter(WorkloadControllerTest::ready).count() == 3));
    assertThat(pods("app=web")).extracting(p -> p.getMetadata().getName()).doesNotContain(victim);
  }

  @Test
  void scalingADeploymentAddsAndRemovesPods() throws Exception {
    PatchUtils.patch(
        V1Deployment.class,
        () -> apps.patchNamespacedDeployment("web", "shop", new V1Patch("{\"spec\":{\"replicas\":5}}")).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        client);
    await("5 pods", () -> uncheck(() -> deploymentRolledOut("web") && pods("app=web").size() == 5));

    PatchUtils.patch(
        V1Deployment.class,
        () -> apps.patchNamespacedDeployment("web", "shop", new V1Patch("{\"spec\":{\"replicas\":1}}")).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        client);
    await("1 pod", () -> uncheck(() -> deploymentRolledOut("web") && pods("app=web").size() == 1));
  }

  @Test
  void deletingADeploymentDeletesItsReplicaSetsAndPods() throws Exception {
    apps.deleteNamespacedDeployment("web", "shop").execute();

    assertThat(pods("app=web")).isEmpty();
    assertThat(apps.listNamespacedReplicaSet("shop").labelSelector("app=web").execute().getItems()).isEmpty();
  }

  @Test
  void podsOfARestartBlockedByADanglingTagAreNotCreated() throws Exception {
    sim.addon().setTag("stable", "asm-1-17");
    relabel("stable");
    sim.workloads().progressDeadline(Duration.ofMillis(300));

    restart("Deployment", "web");

    await(
        "ProgressDeadlineExceeded",
        () ->
            uncheck(
                () ->
                    apps.readNamespacedDeployment("web", "shop").execute().getStatus().getConditions().stream()
                        .anyMatch(c -> "ProgressDeadlineExceeded".equals(c.getReason()))));
    assertThat(pods("app=web")).hasSize(3).allSatisfy(p -> assertThat(revision(p)).isEqualTo("asm-1-18"));
    assertThat(apps.listNamespacedReplicaSet("shop").labelSelector("app=web").execute().getItems())
        .anySatisfy(
            rs ->
                assertThat(rs.getStatus().getConditions())
                    .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("FailedCreate")));

    sim.addon().setTag("stable", "asm-1-19");

    await("web rolled out after the tag is fixed", () -> uncheck(() -> deploymentRolledOut("web")));
  }

  interface Check {
    boolean get() throws ApiException;
  }

  static boolean uncheck(Check c) {
    try {
      return c.get();
    } catch (ApiException e) {
      throw new IllegalStateException(e.getCode() + " " + e.getResponseBody(), e);
    }
  }
}
