package io.meshupgrade.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshupgrade.exception.MissingPermissionException;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.options.RestartOptions;
import io.meshupgrade.report.RestartReport;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.RolloutResult.Outcome;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.spi.MeshDataPlane.RestartListener;
import io.meshupgrade.testkit.k8s.ApiResource;
import io.meshupgrade.testkit.k8s.KubernetesSimulator;
import io.meshupgrade.testkit.k8s.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RestartContractTest extends SimulatedClusterTest {
  private static final RestartOptions FAST = RestartOptions.defaults().withRolloutTimeout(Duration.ofSeconds(30));

  @Override
  KubernetesSimulator.Builder simulator() {
    return KubernetesSimulator.builder().startDelay(Duration.ofMillis(5), Duration.ofMillis(40));
  }

  /** Namespace shop on asm-1-18 with Deployments web-0..n-1, StatefulSet db and DaemonSet agent; then asm-1-19. */
  private void canary(int deployments) {
    sim.seed().revision("asm-1-18", IMAGE_1_18).namespace("shop", rev(ASM_1_18))
        .deployments("shop", "web", deployments, 2).statefulSet("shop", "db", 2).daemonSet("shop", "agent")
        .job("shop", "batch").pod("shop", "debug")
        .apply();
    sim.addon().installRevision("asm-1-19", IMAGE_1_19);
    dataPlane.awaitControlPlane(ASM_1_19, java.util.Set.of(), Duration.ofSeconds(10));
    dataPlane.relabelNamespaces(List.of("shop"), "asm-1-19");
  }

  @Test
  void restartsTheStaleWorkloadsOntoTheNewRevision() {
    canary(3);
    PodInventory before = dataPlane.inventory();
    List<WorkloadRef> stale = List.copyOf(before.workloadsOn(ASM_1_18));
    List<String> events = Collections.synchronizedList(new ArrayList<>());

    RestartReport report = dataPlane.restartWorkloads(stale, FAST, new RestartListener() {
      @Override
      public void restarted(WorkloadRef workload, int index, int total) {
        events.add("restarted " + workload + " " + index + "/" + total);
      }

      @Override
      public void rolloutFinished(RolloutResult result) {
        events.add("finished " + result.workload() + " " + result.outcome());
      }
    });

    assertThat(report.results()).extracting(RolloutResult::workload).containsExactlyElementsOf(stale);
    assertThat(report.results()).filteredOn(r -> r.workload().kind().isRestartable())
        .hasSize(5).allSatisfy(r -> assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.SUCCEEDED));
    assertThat(report.results()).filteredOn(r -> !r.workload().kind().isRestartable())
        .extracting(RolloutResult::outcome).containsOnly(Outcome.NOT_RESTARTABLE);
    PodInventory after = dataPlane.inventory();
    assertThat(after.podsOn(ASM_1_18)).extracting(p -> p.owner().kind())
        .containsOnly(WorkloadKind.JOB, WorkloadKind.BARE_POD);
    assertThat(after.workloadsOn(ASM_1_19)).hasSize(5);
    assertThat(events).filteredOn(e -> e.startsWith("restarted")).hasSize(5);
    assertThat(events).filteredOn(e -> e.startsWith("finished")).hasSize(stale.size());
  }

  @Test
  void stampsThePodTemplateLikeKubectlRolloutRestart() {
    canary(1);

    dataPlane.restartWorkloads(List.of(WorkloadRef.deployment("shop", "web-0")), FAST, RestartListener.NONE);

    JsonNode d = get(ApiResource.DEPLOYMENTS, "shop", "web-0");
    String stamp = d.path("spec").path("template").path("metadata").path("annotations")
        .path("kubectl.kubernetes.io/restartedAt").asText();
    DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(stamp);
    assertThat(requests("patch", "deployments")).isEqualTo(1);
    assertThat(requests("update", "deployments")).isZero();
  }

  @Test
  void stillChangesTheTemplateWhenRestartedTwiceInTheSameSecond() {
    canary(1);
    Clock frozen = Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC);
    KubernetesMeshDataPlane frozenPlane = dataPlane().clock(frozen).build();
    WorkloadRef web = WorkloadRef.deployment("shop", "web-0");
    long generation = get(ApiResource.DEPLOYMENTS, "shop", "web-0").path("metadata").path("generation").asLong();

    RestartReport first = frozenPlane.restartWorkloads(List.of(web), FAST, RestartListener.NONE);
    String firstStamp = restartedAt("web-0");
    RestartReport second = frozenPlane.restartWorkloads(List.of(web), FAST, RestartListener.NONE);

    assertThat(first.allSucceeded()).isTrue();
    assertThat(second.allSucceeded()).isTrue();
    assertThat(firstStamp).isEqualTo("2026-11-26T08:00:00Z");
    assertThat(restartedAt("web-0")).isNotEqualTo(firstStamp);
    assertThat(get(ApiResource.DEPLOYMENTS, "shop", "web-0").path("metadata").path("generation").asLong())
        .isEqualTo(generation + 2);
  }

  private String restartedAt(String deployment) {
    return get(ApiResource.DEPLOYMENTS, "shop", deployment).path("spec").path("template").path("metadata")
        .path("annotations").path("kubectl.kubernetes.io/restartedAt").asText();
  }

  @Test
  void reportsAPausedDeploymentWithoutRestartingIt() {
    canary(2);
    sim.store().patch(ApiResource.DEPLOYMENTS, "shop", "web-1", ObjectStore.PatchType.JSON_MERGE,
        "{\"spec\":{\"paused\":true}}");

    RestartReport report = dataPlane.restartWorkloads(
        List.of(WorkloadRef.deployment("shop", "web-0"), WorkloadRef.deployment("shop", "web-1")), FAST,
        RestartListener.NONE);

    assertThat(report.results()).extracting(RolloutResult::outcome).containsExactly(Outcome.SUCCEEDED, Outcome.PAUSED);
    assertThat(report.failures().get(0).detail()).contains("paused").contains("web-1");
    assertThat(restartedAt("web-1")).isEmpty();
  }

  @Test
  void failsAWorkloadThatNeverBecomesReadyByItsProgressDeadlineAndFinishesTheOthers() {
    canary(3);
    sim.workloads().progressDeadline(Duration.ofMillis(300));
    sim.workloads().neverReady(ApiResource.DEPLOYMENTS, "shop", "web-1");

    RestartReport report = dataPlane.restartWorkloads(List.of(WorkloadRef.deployment("shop", "web-0"),
        WorkloadRef.deployment("shop", "web-1"), WorkloadRef.deployment("shop", "web-2")), FAST, RestartListener.NONE);

    assertThat(report.failures()).as(() -> get(ApiResource.DEPLOYMENTS, "shop", "web-1").toString())
        .singleElement().satisfies(r -> {
      assertThat(r.workload()).isEqualTo(WorkloadRef.deployment("shop", "web-1"));
      assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(r.detail()).contains("ProgressDeadlineExceeded").contains("web-1");
    });
    assertThat(report.results()).hasSize(3);
  }

  @Test
  void timesOutARolloutThatIsStillRunningAtTheDeadline() {
    canary(1);
    sim.workloads().neverReady(ApiResource.STATEFUL_SETS, "shop", "db");

    RestartReport report = dataPlane.restartWorkloads(List.of(WorkloadRef.statefulSet("shop", "db")),
        FAST.withRolloutTimeout(Duration.ofMillis(500)), RestartListener.NONE);

    assertThat(report.results()).singleElement().satisfies(r -> {
      assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(r.detail()).contains("StatefulSet shop/db");
    });
  }

  @Test
  void reportsTheWorkloadsItHadNoSlotForBeforeTheDeadlineAsNotRestarted() {
    canary(2);
    sim.workloads().neverReady(ApiResource.DEPLOYMENTS, "shop", "web-0");

    RestartReport report = dataPlane.restartWorkloads(
        List.of(WorkloadRef.deployment("shop", "web-0"), WorkloadRef.deployment("shop", "web-1")),
        FAST.withConcurrency(1).withRolloutTimeout(Duration.ofMillis(400)), RestartListener.NONE);

    assertThat(report.results()).extracting(RolloutResult::outcome).containsExactly(Outcome.TIMED_OUT,
        Outcome.TIMED_OUT);
    assertThat(report.results().get(0).detail()).contains("did not finish");
    assertThat(report.results().get(1).detail()).contains("was not restarted");
    assertThat(restartedAt("web-1")).isEmpty();
  }

  @Test
  void reportsMissingAndUnrestartableWorkloads() {
    canary(1);

    RestartReport report = dataPlane.restartWorkloads(List.of(WorkloadRef.deployment("shop", "gone"),
        new WorkloadRef(WorkloadKind.JOB, "shop", "batch")), FAST, RestartListener.NONE);

    assertThat(report.results()).extracting(RolloutResult::outcome)
        .containsExactly(Outcome.NOT_FOUND, Outcome.NOT_RESTARTABLE);
  }

  @Test
  void keepsAtMostTheConfiguredNumberOfRolloutsInFlightInNamespaceOrder() {
    sim.seed().revision("asm-1-18", IMAGE_1_18)
        .namespace("a", rev(ASM_1_18)).deployments("a", "w", 3, 1)
        .namespace("b", rev(ASM_1_18)).deployments("b", "w", 3, 1)
        .namespace("c", rev(ASM_1_18)).deployments("c", "w", 3, 1)
        .apply();
    List<WorkloadRef> all = List.copyOf(dataPlane.inventory().workloadsOn(ASM_1_18));
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    List<String> order = Collections.synchronizedList(new ArrayList<>());

    RestartReport report = dataPlane.restartWorkloads(all,
        FAST.withConcurrency(2).withNamespaceOrder(List.of("c", "a")), new RestartListener() {
          @Override
          public void restarted(WorkloadRef workload, int index, int total) {
            order.add(workload.namespace());
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          }

          @Override
          public void rolloutFinished(RolloutResult result) {
            inFlight.decrementAndGet();
          }
        });

    assertThat(report.allSucceeded()).isTrue();
    assertThat(maxInFlight.get()).isBetween(1, 2);
    assertThat(order).containsExactly("c", "c", "c", "a", "a", "a", "b", "b", "b");
  }

  @Test
  void costsOneGetAndOnePatchPerWorkloadAndAtMostOneSharedListPerKindPerInterval() {
    canary(20);
    List<WorkloadRef> web = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      web.add(WorkloadRef.deployment("shop", "web-" + i));
    }
    sim.requestLog().reset();

    long start = System.nanoTime();
    RestartReport report = dataPlane.restartWorkloads(web, FAST, RestartListener.NONE);
    long intervals = Duration.ofNanos(System.nanoTime() - start).toMillis() / POLL.toMillis();

    assertThat(report.allSucceeded()).isTrue();
    assertThat(requests("get", "deployments")).isEqualTo(20);
    assertThat(requests("patch", "deployments")).isEqualTo(20);
    assertThat(requests("list", "deployments")).isLessThanOrEqualTo(intervals + 1);
    assertThat(sim.requestLog().size()).isEqualTo(40 + requests("list", "deployments"));
  }

  @Test
  void issue4ListsOnlyTheNamespacesInFlightWhenAListAcrossTheClusterTakesMorePages() {
    sim.seed().namespace("a").namespace("b").namespace("idle")
        .deployments("a", "web", 2, 1).deployments("b", "web", 2, 1).deployments("idle", "other", 40, 0)
        .apply();
    sim.workloads().neverReady(ApiResource.DEPLOYMENTS, "a", "web-0"); // keeps the rollouts polling
    KubernetesMeshDataPlane smallPages = dataPlane().pageSize(10).build(); // 44 Deployments: 5 pages
    List<WorkloadRef> workloads = List.of(WorkloadRef.deployment("a", "web-0"), WorkloadRef.deployment("a", "web-1"),
        WorkloadRef.deployment("b", "web-0"), WorkloadRef.deployment("b", "web-1"));
    sim.requestLog().reset();

    RestartReport report = smallPages.restartWorkloads(workloads,
        FAST.withRolloutTimeout(Duration.ofMillis(20 * POLL.toMillis())), RestartListener.NONE);

    assertThat(report.results()).extracting(RolloutResult::outcome)
        .containsExactly(Outcome.TIMED_OUT, Outcome.SUCCEEDED, Outcome.SUCCEEDED, Outcome.SUCCEEDED);
    long acrossTheCluster = sim.requestLog().count(e -> e.verb().equals("list") && e.namespace() == null);
    long perNamespace = sim.requestLog().count(e -> e.verb().equals("list") && e.namespace() != null);
    assertThat(acrossTheCluster).as("one list across the cluster (5 pages), then per namespace").isEqualTo(5);
    assertThat(perNamespace).isPositive();
    assertThat(sim.requestLog().count(e -> e.verb().equals("list") && "idle".equals(e.namespace()))).isZero();
  }

  @Test
  void survivesConflictsThrottlingServerErrorsAndFailedLists() {
    canary(2);
    sim.faults().failNext(1, "patch", "deployments", 409);
    sim.faults().failNext(1, "get", "deployments", 429);
    sim.faults().failNext(1, "patch", "statefulsets", 500);
    sim.faults().failNext(3, "list", "deployments", 503);

    RestartReport report = dataPlane.restartWorkloads(List.of(WorkloadRef.deployment("shop", "web-0"),
        WorkloadRef.deployment("shop", "web-1"), WorkloadRef.statefulSet("shop", "db")), FAST, RestartListener.NONE);

    assertThat(report.allSucceeded()).as(report.toString()).isTrue();
    assertThat(sim.faults().pending()).isZero();
  }

  @Test
  void stopsAtOnceOnAMissingPermissionNamingIt() {
    canary(2);
    sim.faults().failNext(1, "patch", "deployments", "web-1", 403);

    assertThatThrownBy(() -> dataPlane.restartWorkloads(List.of(WorkloadRef.statefulSet("shop", "db"),
        WorkloadRef.deployment("shop", "web-1"), WorkloadRef.deployment("shop", "web-0")),
        FAST.withConcurrency(1), RestartListener.NONE))
        .isInstanceOf(MissingPermissionException.class)
        .hasMessageContaining("missing permission: patch deployments in shop");
    assertThat(requests("patch", "deployments")).isEqualTo(2);
    assertThat(requests("patch", "statefulsets")).isZero();
  }

  @Test
  void reportsOnDeleteStatefulSetsAndDaemonSetsWithoutPatchingThem() {
    canary(1);
    for (ApiResource r : List.of(ApiResource.STATEFUL_SETS, ApiResource.DAEMON_SETS)) {
      sim.store().patch(r, "shop", r == ApiResource.STATEFUL_SETS ? "db" : "agent", ObjectStore.PatchType.JSON_MERGE,
          "{\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\",\"rollingUpdate\":null}}}");
    }

    RestartReport report = dataPlane.restartWorkloads(List.of(WorkloadRef.statefulSet("shop", "db"),
        WorkloadRef.daemonSet("shop", "agent")), FAST, RestartListener.NONE);

    assertThat(report.results()).allSatisfy(r -> {
      assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(r.detail()).contains("updateStrategy OnDelete: delete its pods to roll it")
          .contains(r.workload().toString());
    });
    assertThat(requests("patch", "statefulsets") + requests("patch", "daemonsets")).isZero();
  }

  @Test
  void neverPatchesTheAddonsIstiodGatewaysOrAnythingAksManages() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).ingressGateway("external").namespace("shop", rev(ASM_1_18))
        .deployment("shop", "web", 1).deployment("shop", "aks-helper", 1).apply();
    sim.store().patch(ApiResource.DEPLOYMENTS, "shop", "aks-helper", ObjectStore.PatchType.JSON_MERGE,
        "{\"metadata\":{\"labels\":{\"kubernetes.azure.com/managedby\":\"aks\"}}}");
    List<WorkloadRef> aks = List.of(WorkloadRef.deployment("aks-istio-system", "istiod-asm-1-18"),
        WorkloadRef.deployment("aks-istio-ingress", "aks-istio-ingressgateway-external-asm-1-18"),
        WorkloadRef.deployment("aks-istio-egress", "aks-istio-egressgateway-asm-1-18"),
        WorkloadRef.deployment("shop", "aks-helper"));
    List<WorkloadRef> all = new ArrayList<>(aks);
    all.add(WorkloadRef.deployment("shop", "web"));

    RestartReport report = dataPlane.restartWorkloads(all, FAST, RestartListener.NONE);

    assertThat(report.results()).filteredOn(r -> aks.contains(r.workload())).hasSize(4).allSatisfy(r -> {
      assertThat(r.outcome()).isEqualTo(Outcome.NOT_RESTARTABLE);
      assertThat(r.detail()).contains("AKS rolls it itself");
    });
    assertThat(report.results()).filteredOn(r -> r.workload().name().equals("web"))
        .extracting(RolloutResult::outcome).containsExactly(Outcome.SUCCEEDED);
    assertThat(sim.requestLog().entries()).filteredOn(e -> e.verb().equals("patch"))
        .extracting(e -> e.namespace() + "/" + e.name()).containsExactly("shop/web");
    assertThat(sim.requestLog().entries()).noneMatch(e -> e.namespace() != null && e.namespace().startsWith("aks-"));
    assertThat(restartedAt("aks-helper")).isEmpty();
  }

  @Test
  void restartsOnceWhenThePatchWasAppliedButItsAnswerWasLost() {
    canary(1);
    long generation = get(ApiResource.DEPLOYMENTS, "shop", "web-0").path("metadata").path("generation").asLong();
    sim.faults().dropResponseAfterApplying(1, "patch", "deployments");

    RestartReport report = dataPlane.restartWorkloads(List.of(WorkloadRef.deployment("shop", "web-0")), FAST,
        RestartListener.NONE);

    assertThat(report.allSucceeded()).as(report.toString()).isTrue();
    assertThat(sim.faults().pending()).isZero();
    assertThat(get(ApiResource.DEPLOYMENTS, "shop", "web-0").path("metadata").path("generation").asLong())
        .as("one rollout, not two").isEqualTo(generation + 1);
  }
}
