package io.meshupgrade.model;

import static io.meshupgrade.Fixtures.k8s;
import static io.meshupgrade.Fixtures.rev;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.Fixtures;
import io.meshupgrade.options.RestartOptions;
import io.meshupgrade.plan.Situation;
import io.meshupgrade.report.RestartReport;
import io.meshupgrade.report.RollOverReport;
import io.meshupgrade.report.UpgradePreview;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.spi.Checkpoint;
import io.meshupgrade.spi.HealthCheck;
import io.meshupgrade.spi.HealthResult;
import io.meshupgrade.spi.MeshDataPlane;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The small value types of the model: what they compute, what they reject, and that they stay unmodifiable. */
class ModelValuesTest {

  private static final WorkloadRef CART = WorkloadRef.deployment("shop", "cart");

  private static PodRecord pod(
      String namespace, String name, WorkloadRef owner, SidecarState sidecar, String revisionName, String image) {
    return PodRecord.builder().namespace(namespace).name(name).owner(owner).sidecar(sidecar)
        .revisionName(revisionName).proxyImage(image).build();
  }

  @Test
  void aClusterStateSortsItsRevisionsNumericallyAndKnowsWhetherACanaryRuns() {
    ClusterMeshState s = Fixtures.state("succeeded", "1.28", "asm-1-10", "asm-1-9");

    assertThat(s.revisions()).containsExactly(rev("asm-1-9"), rev("asm-1-10"));
    assertThat(s.lowestRevision()).contains(rev("asm-1-9"));
    assertThat(s.highestRevision()).contains(rev("asm-1-10"));
    assertThat(s.isCanaryInProgress()).isTrue();
    assertThat(s.isSucceeded()).isTrue();
    assertThat(s.ingressGateways()).containsExactly(IngressGateway.EXTERNAL);
    ClusterMeshState one = s.withRevisions(List.of(rev("asm-1-10")));
    assertThat(one.isCanaryInProgress()).isFalse();
    assertThat(one.eTag()).isEqualTo(s.eTag());
    ClusterMeshState none = ClusterMeshState.builder().cluster("c").meshEnabled(false).provisioningState("Updating")
        .kubernetesVersion(k8s("1.28")).location("westeurope").eTag(null).build();
    assertThat(none.lowestRevision()).isEmpty();
    assertThat(none.highestRevision()).isEmpty();
    assertThat(none.isSucceeded()).isFalse();
    assertThat(none.eTag()).isEmpty();
    assertThatThrownBy(() -> s.revisions().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.ingressGateways().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aClusterStateRejectsNullsNamingThem() {
    KubernetesVersion k = k8s("1.28");
    ClusterMeshState.Builder full = ClusterMeshState.builder().cluster("c").meshEnabled(true).revisions(List.of())
        .provisioningState("S").kubernetesVersion(k).location("l").ingressGateways(Set.of()).eTag("");
    assertThat(full.build().cluster()).isEqualTo("c");
    assertThatThrownBy(() -> full.build().toBuilder().cluster((String) null).build()).hasMessage("cluster");
    assertThatThrownBy(() -> full.build().toBuilder().revisions(null).build()).hasMessage("revisions");
    assertThatThrownBy(() -> full.build().toBuilder().provisioningState(null).build())
        .hasMessage("provisioningState");
    assertThatThrownBy(() -> full.build().toBuilder().kubernetesVersion(null).build())
        .hasMessage("kubernetesVersion");
    assertThatThrownBy(() -> full.build().toBuilder().location(null).build())
        .hasMessage("location");
    assertThatThrownBy(() -> full.build().toBuilder().ingressGateways(null).build())
        .hasMessage("ingressGateways");
  }

  @Test
  void meshUpgradesCollectTheOfferedUpgradesOfEveryProfile() {
    MeshUpgrades up = new MeshUpgrades(List.of(
        new MeshUpgradeProfile(rev("asm-1-18"), new TreeSet<>(List.of(rev("asm-1-19"))), new TreeSet<>(List.of(k8s("1.27.3")))),
        new MeshUpgradeProfile(rev("asm-1-19"), new TreeSet<>(List.of(rev("asm-1-20"), rev("asm-1-21"))),
            new TreeSet<>())), false);

    assertThat(up.offeredUpgrades()).containsExactly(rev("asm-1-19"), rev("asm-1-20"), rev("asm-1-21"));
    assertThat(up.profileOf(rev("asm-1-18")).orElseThrow().compatibleWith()).containsExactly(k8s("1.27"));
    assertThat(up.profileOf(rev("asm-1-17"))).isEmpty();
    assertThat(up.upgradeInProgress()).isFalse();
    assertThat(MeshUpgrades.inProgress().upgradeInProgress()).isTrue();
    assertThat(MeshUpgrades.inProgress().profiles()).isEmpty();
    assertThatThrownBy(() -> new MeshUpgrades(null, false)).hasMessage("profiles");
    assertThatThrownBy(() -> new MeshUpgradeProfile(null, new TreeSet<>(), new TreeSet<>())).hasMessage("revision");
  }

  @Test
  void anInventoryCountsPodsByRevisionAndNamespace() {
    WorkloadRef db = WorkloadRef.statefulSet("shop", "db");
    WorkloadRef front = WorkloadRef.deployment("web", "front");
    PodInventory inv = PodInventory.of(List.of(
        pod("shop", "cart-1", CART, SidecarState.INJECTED, "asm-1-18", "img:1"),
        pod("shop", "cart-2", CART, SidecarState.INJECTED, "asm-1-19", "img:2"),
        pod("shop", "db-0", db, SidecarState.INJECTED, "asm-1-18", "img:1"),
        pod("web", "front-1", front, SidecarState.INJECTED, "asm-1-18", "img:1"),
        pod("web", "front-2", front, SidecarState.NOT_INJECTED, null, null),
        pod("web", "cron-1", new WorkloadRef(WorkloadKind.JOB, "web", "cron"), SidecarState.OPTED_OUT, "", "")));

    assertThat(inv.podsOn(rev("asm-1-18"))).extracting(PodRecord::name).containsExactly("cart-1", "db-0", "front-1");
    assertThat(inv.workloadsOn(rev("asm-1-18"))).containsExactly(CART, db, front);
    assertThat(inv.countByRevision()).containsExactly(Map.entry("", 2), Map.entry("asm-1-18", 3),
        Map.entry("asm-1-19", 1));
    assertThat(inv.countOnRevisionByNamespace(rev("asm-1-18"))).containsExactly(Map.entry("shop", 2),
        Map.entry("web", 1));
    assertThat(inv.podsIn(SidecarState.NOT_INJECTED)).extracting(PodRecord::name).containsExactly("front-2");
    assertThat(inv.podsIn(SidecarState.NOT_INJECTED).get(0).revisionName()).isEmpty();
    assertThat(inv.podsIn(SidecarState.NOT_INJECTED).get(0).proxyImage()).isEmpty();
    assertThatThrownBy(() -> inv.pods().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> PodInventory.of(null)).hasMessage("pods");
  }

  @Test
  void anInventoryCountsRevisionsInNumericOrderSoAsm19ComesBeforeAsm110() {
    PodInventory inv = PodInventory.of(List.of(
        pod("shop", "cart-1", CART, SidecarState.INJECTED, "asm-1-10", "img:10"),
        pod("shop", "cart-2", CART, SidecarState.INJECTED, "default", "img:10"),
        pod("shop", "cart-3", CART, SidecarState.INJECTED, "asm-1-9", "img:9"),
        pod("shop", "cart-4", CART, SidecarState.NOT_INJECTED, null, null),
        pod("shop", "cart-5", CART, SidecarState.INJECTED, "asm-1-10", "img:10")));

    assertThat(inv.countByRevision()).containsExactly(Map.entry("", 1), Map.entry("asm-1-9", 1),
        Map.entry("asm-1-10", 2), Map.entry("default", 1));
  }

  @Test
  void aReportKeepsItsPodCountsInRevisionOrderWhateverMapItIsGiven() {
    Map<String, Integer> pods = new HashMap<>(Map.of("asm-1-10", 3, "asm-1-9", 2, "", 1));

    UpgradeReport r = UpgradeReport.builder().outcome(UpgradeReport.Outcome.COMPLETED).message("done")
        .target(rev("asm-1-10")).revisionsBefore(List.of(rev("asm-1-9"))).revisionsAfter(List.of(rev("asm-1-10")))
        .podsBefore(pods).podsAfter(pods).took(Duration.ZERO).build();

    assertThat(r.podsBefore()).containsExactly(Map.entry("", 1), Map.entry("asm-1-9", 2), Map.entry("asm-1-10", 3));
    assertThat(r.podsAfter()).containsExactly(Map.entry("", 1), Map.entry("asm-1-9", 2), Map.entry("asm-1-10", 3));
    assertThatThrownBy(() -> r.podsBefore().clear()).isInstanceOf(UnsupportedOperationException.class);
    Map<String, Integer> withNull = new HashMap<>();
    withNull.put("asm-1-9", null);
    assertThatThrownBy(() -> r.toBuilder().podsBefore(withNull).build()).hasMessage("podsBefore value");
  }

  @Test
  void aPreviewKeepsItsPodCountsInRevisionOrderAndItsNamespacesAscending() {
    Revision r9 = rev("asm-1-9");
    Revision r10 = rev("asm-1-10");
    Map<String, Integer> pods = new HashMap<>(Map.of("asm-1-10", 3, "asm-1-9", 2, "", 1));
    Map<String, Integer> byNamespace = new HashMap<>(Map.of("web", 1, "shop", 1, "api", 1));

    UpgradePreview p = UpgradePreview.builder().target(r10).installed(List.of(r9)).kubernetes(k8s("1.28"))
        .situation(new Situation.StartCanary(r9, r10, "go")).hops(List.of(r10)).switchBy("relabel")
        .podsOnOldByNamespace(byNamespace).podsPerRevision(pods).dangling(DanglingInjection.none(List.of(r9)))
        .message("would start").build();

    assertThat(p.podsPerRevision()).containsExactly(Map.entry("", 1), Map.entry("asm-1-9", 2),
        Map.entry("asm-1-10", 3));
    assertThat(p.podsOnOldByNamespace().keySet()).containsExactly("api", "shop", "web");
    assertThatThrownBy(() -> p.podsPerRevision().put("asm-1-11", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aRollOverReportListsTheCurrentImagesByRevisionAscending() {
    Map<Revision, String> images = new HashMap<>(Map.of(rev("asm-1-10"), "img:10", rev("asm-1-9"), "img:9"));

    RollOverReport r = RollOverReport.builder().currentImages(images).build();

    assertThat(r.currentImages().keySet()).containsExactly(rev("asm-1-9"), rev("asm-1-10"));
  }

  @Test
  void eventsKeepTheirDetailsAndNamespacesAscending() {
    var done = new io.meshupgrade.event.UpgradeEvent.StageCompleted(java.time.Instant.EPOCH, rev("asm-1-9"),
        rev("asm-1-10"), UpgradeStage.CANARY_STARTED, Duration.ZERO, new HashMap<>(Map.of("z", "1", "a", "2")));
    var waiting = new io.meshupgrade.event.UpgradeEvent.WaitingOnPods(java.time.Instant.EPOCH, rev("asm-1-9"), 2,
        new HashMap<>(Map.of("web", 1, "shop", 1)));

    assertThat(done.details().keySet()).containsExactly("a", "z");
    assertThat(waiting.byNamespace().keySet()).containsExactly("shop", "web");
  }

  @ParameterizedTest(name = "a pod labelled \"{0}\" ({1}) runs asm-1-19: {2}, revision {3}")
  @CsvSource({"asm-1-19, INJECTED, true, asm-1-19", "asm-1-19, NOT_INJECTED, false, asm-1-19",
      "default, INJECTED, false, ''", "prod-stable, INJECTED, false, ''", "asm-1-18, INJECTED, false, asm-1-18"})
  void aPodRunsARevisionOnlyWhenInjectedByIt(String revisionName, SidecarState state, boolean runs, String revision) {
    PodRecord p = pod("shop", "cart-1", CART, state, revisionName, "img");

    assertThat(p.runs(rev("asm-1-19"))).isEqualTo(runs);
    assertThat(p.revision().map(Revision::toString).orElse("")).isEqualTo(revision);
  }

  @Test
  void aPodRecordRejectsNulls() {
    PodRecord p = pod("s", "n", CART, SidecarState.INJECTED, "", "");
    assertThatThrownBy(() -> p.toBuilder().namespace(null).build()).hasMessage("namespace");
    assertThatThrownBy(() -> p.toBuilder().name(null).build()).hasMessage("name");
    assertThatThrownBy(() -> p.toBuilder().owner(null).build()).hasMessage("owner");
    assertThatThrownBy(() -> p.toBuilder().sidecar(null).build()).hasMessage("sidecar");
  }

  @Test
  void workloadsOrderByNamespaceKindAndName() {
    List<WorkloadRef> sorted = new java.util.ArrayList<>(List.of(WorkloadRef.daemonSet("b", "x"),
        WorkloadRef.statefulSet("a", "z"), WorkloadRef.deployment("a", "z"), WorkloadRef.deployment("a", "y")));
    java.util.Collections.sort(sorted);

    assertThat(sorted).extracting(WorkloadRef::toString)
        .containsExactly("Deployment a/y", "Deployment a/z", "StatefulSet a/z", "DaemonSet b/x");
    assertThatThrownBy(() -> new WorkloadRef(null, "a", "b")).hasMessage("kind");
    assertThatThrownBy(() -> new WorkloadRef(WorkloadKind.JOB, null, "b")).hasMessage("namespace");
    assertThatThrownBy(() -> new WorkloadRef(WorkloadKind.JOB, "a", null)).hasMessage("name");
  }

  @ParameterizedTest(name = "{0} is a {1}, restartable: {2}")
  @CsvSource({"DEPLOYMENT, Deployment, true", "STATEFUL_SET, StatefulSet, true", "DAEMON_SET, DaemonSet, true",
      "JOB, Job, false", "BARE_POD, Pod, false", "OTHER, Other, false"})
  void onlyControllersWithARolloutCanBeRestarted(WorkloadKind kind, String kubernetesKind, boolean restartable) {
    assertThat(kind.kubernetesKind()).isEqualTo(kubernetesKind);
    assertThat(kind.isRestartable()).isEqualTo(restartable);
  }

  @Test
  void gatewaysHaveOneSharedServiceAndADeploymentPerRevision() {
    assertThat(IngressGateway.EXTERNAL.serviceName()).isEqualTo("aks-istio-ingressgateway-external");
    assertThat(IngressGateway.INTERNAL.deploymentName(rev("asm-1-19")))
        .isEqualTo("aks-istio-ingressgateway-internal-asm-1-19");
  }

  @Test
  void aControlPlaneIsReadyWhenEveryComponentIs() {
    ControlPlaneStatus.Component istiod = new ControlPlaneStatus.Component("Deployment", "aks-istio-system",
        "istiod-asm-1-19", true, null);
    ControlPlaneStatus.Component gateway = new ControlPlaneStatus.Component("Deployment", "aks-istio-ingress",
        "aks-istio-ingressgateway-external-asm-1-19", false, "0/2 replicas available");

    assertThat(ControlPlaneStatus.of(rev("asm-1-19"), List.of(istiod)).ready()).isTrue();
    assertThat(ControlPlaneStatus.of(rev("asm-1-19"), List.of()).ready()).isFalse();
    ControlPlaneStatus partly = ControlPlaneStatus.of(rev("asm-1-19"), List.of(istiod, gateway));
    assertThat(partly.ready()).isFalse();
    assertThat(partly.notReady()).containsExactly(gateway);
    assertThat(istiod.reason()).isEmpty();
    assertThatThrownBy(() -> ControlPlaneStatus.of(null, List.of())).hasMessage("revision");
    assertThatThrownBy(() -> new ControlPlaneStatus.Component(null, "n", "x", true, "")).hasMessage("kind");
    assertThatThrownBy(() -> new ControlPlaneStatus.Component("k", null, "x", true, "")).hasMessage("namespace");
    assertThatThrownBy(() -> new ControlPlaneStatus.Component("k", "n", null, true, "")).hasMessage("name");
  }

  @Test
  void healthResultsAreOkOrFailedWithAReason() {
    assertThat(HealthResult.ok().healthy()).isTrue();
    assertThat(HealthResult.failed("p99 too high")).isEqualTo(new HealthResult(false, "p99 too high"));
    assertThatThrownBy(() -> HealthResult.failed(null)).hasMessage("reason");
    assertThatThrownBy(() -> new HealthResult(true, null)).hasMessage("detail");
    HealthCheck check = context -> HealthResult.ok();
    assertThat(check.name()).isNotEmpty();
    assertThat(check.check(io.meshupgrade.spi.HealthCheckContext.builder().from(rev("asm-1-18")).to(rev("asm-1-19"))
        .deadline(java.time.Instant.EPOCH).build()).healthy()).isTrue();
  }

  @ParameterizedTest(name = "namespace rev=\"{0}\" injection=\"{1}\": skipped {2}, revision {3}")
  @CsvSource(nullValues = "-", value = {"asm-1-19, -, false, asm-1-19", "prod-stable, '', false, ''",
      "asm-1-19, enabled, true, asm-1-19", "-, enabled, true, ''"})
  void aMeshNamespaceKnowsItsLabels(String rev, String injection, boolean skipped, String revision) {
    MeshNamespace ns = new MeshNamespace("shop", rev, injection);

    assertThat(ns.hasIstioInjectionLabel()).isEqualTo(skipped);
    assertThat(ns.labelledRevision().map(Revision::toString).orElse("")).isEqualTo(revision);
    assertThatThrownBy(() -> new MeshNamespace(null, rev, injection)).hasMessage("name");
  }

  @Test
  void restartOptionsHaveDefaultsAndRejectNonsense() {
    RestartOptions d = RestartOptions.defaults();

    assertThat(d.concurrency()).isEqualTo(RestartOptions.DEFAULT_CONCURRENCY);
    assertThat(d.withConcurrency(3).concurrency()).isEqualTo(3);
    assertThat(d.withNamespaceOrder(List.of("shop")).namespaceOrder()).containsExactly("shop");
    assertThat(d.withRolloutTimeout(Duration.ofMinutes(1)).rolloutTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(() -> d.withConcurrency(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    assertThatThrownBy(() -> d.withRolloutTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withRolloutTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withRolloutTimeout(null)).hasMessage("rolloutTimeout");
    assertThatThrownBy(() -> d.withNamespaceOrder(null)).hasMessage("namespaceOrder");
  }

  @Test
  void aRestartReportListsItsFailures() {
    RolloutResult ok = new RolloutResult(CART, RolloutResult.Outcome.SUCCEEDED, null);
    RolloutResult paused = new RolloutResult(WorkloadRef.deployment("shop", "pay"), RolloutResult.Outcome.PAUSED,
        "paused");

    assertThat(RestartReport.of(List.of(ok)).allSucceeded()).isTrue();
    assertThat(RestartReport.of(List.of(ok, paused)).failures()).containsExactly(paused);
    assertThat(ok.detail()).isEmpty();
    assertThat(paused.succeeded()).isFalse();
    assertThat(RolloutResult.Outcome.values()).hasSize(6);
    assertThatThrownBy(() -> RestartReport.of(null)).hasMessage("results");
    assertThatThrownBy(() -> new RolloutResult(null, RolloutResult.Outcome.FAILED, "")).hasMessage("workload");
    assertThatThrownBy(() -> new RolloutResult(CART, null, "")).hasMessage("outcome");
  }

  @Test
  void smallRecordsRejectNulls() {
    assertThat(new RevisionTag("prod", rev("asm-1-19"), List.of("shop")).namespaces()).containsExactly("shop");
    assertThatThrownBy(() -> new RevisionTag(null, rev("asm-1-19"), List.of())).hasMessage("tag");
    assertThatThrownBy(() -> new RevisionTag("prod", null, List.of())).hasMessage("revision");
    assertThat(new Checkpoint("{}", "1").json()).isEqualTo("{}");
    assertThatThrownBy(() -> new Checkpoint(null, "1")).hasMessage("json");
    assertThatThrownBy(() -> new Checkpoint("{}", null)).hasMessage("version");
  }

  @Test
  void theSilentRestartListenerIgnoresEverything() {
    MeshDataPlane.RestartListener none = MeshDataPlane.RestartListener.NONE;
    none.restarted(CART, 1, 1);
    none.rolloutFinished(new RolloutResult(CART, RolloutResult.Outcome.SUCCEEDED, ""));

    assertThat(none).isNotNull();
  }

  @ParameterizedTest
  @EnumSource(MeshConfigCopy.class)
  void meshConfigCopyOutcomesHaveStableNames(MeshConfigCopy outcome) {
    assertThat(MeshConfigCopy.valueOf(outcome.name())).isSameAs(outcome);
  }
}
