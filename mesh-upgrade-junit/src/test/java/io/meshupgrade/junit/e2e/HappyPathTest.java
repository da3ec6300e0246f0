package io.meshupgrade.junit.e2e;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_18;
import static io.meshupgrade.junit.e2e.E2e.ASM_1_19;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradePreview;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.junit.RecordedEvents;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.testkit.SimulatedAksCluster;
import io.meshupgrade.testkit.arm.ArmCall;
import io.meshupgrade.testkit.k8s.RequestLog;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The whole canary upgrade asm-1-18 -> asm-1-19 over HTTP through both simulators. */
@SimulatedAks(ingressGateways = true, sharedMeshConfig = "accessLogFile: /dev/stdout\n")
class HappyPathTest {

  @Test
  void upgradesTheDemoClusterFromAsm118ToAsm119(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options, RecordedEvents events) {
    UpgradeReport report = upgrader.upgrade(ASM_1_19, options);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(report.revisionsBefore()).containsExactly(ASM_1_18);
    assertThat(report.revisionsAfter()).containsExactly(ASM_1_19);
    assertThat(report.namespacesRelabelled()).isEqualTo(3);
    assertThat(report.workloadsRestarted()).isEqualTo(5);
    assertThat(report.failedRollouts()).isEmpty();
    assertThat(report.stageTimings()).extracting(UpgradeReport.StageTiming::stage).containsSubsequence(
        UpgradeStage.MESH_CONFIG_COPIED, UpgradeStage.CANARY_STARTED, UpgradeStage.CONTROL_PLANES_VERIFIED,
        UpgradeStage.INJECTION_SWITCHED, UpgradeStage.WORKLOADS_RESTARTED, UpgradeStage.HEALTH_VERIFIED,
        UpgradeStage.COMPLETED);
    assertThatCluster(cluster)
        .hasRevisionsInstalled(ASM_1_19)
        .hasNoPodsOn(ASM_1_18)
        .hasAllPodsOn(ASM_1_19)
        .hasPodsOn(ASM_1_19, 10)
        .hasNamespacesOn(ASM_1_19, "shop", "payments", "monitoring")
        .hasNoNamespacesOn(ASM_1_18)
        .hasAllPodsReady()
        .hasNoStaleProxies()
        .hasSharedMeshConfig(ASM_1_19)
        .hasNoSharedMeshConfig(ASM_1_18);
    assertThat(cluster.sharedMeshConfig("asm-1-19")).contains("accessLogFile: /dev/stdout\n");
    assertThat(E2e.sorted(cluster.workloadGenerations())).isEqualTo(E2e.sorted(E2e.DEMO_RESTARTED_ONCE));
    assertThat(cluster.podsOn("asm-1-19")).allSatisfy(p ->
        assertThat(p.proxyImage()).contains("mcr.microsoft.com/oss/istio/proxyv2:1.19.0-distroless"));
    // the gateways of the new revision came up with it and those of the old one went away
    assertThat(cluster.addon().ingressGateways()).containsExactly("external", "internal");
    assertThat(cluster.store().list(io.meshupgrade.testkit.k8s.ApiResource.DEPLOYMENTS,
        SimulatedAksCluster.INGRESS_NAMESPACE, null)).extracting(d -> d.path("metadata").path("name").asText())
        .containsExactlyInAnyOrder("aks-istio-ingressgateway-external-asm-1-19",
            "aks-istio-ingressgateway-internal-asm-1-19");
    // ARM saw two revision changes (start, complete), each a PUT with If-Match
    assertThat(cluster.arm().requests(ArmCall.PUT_CLUSTER)).hasSize(2)
        .allSatisfy(r -> assertThat(r.ifMatchHeader()).isPresent());
    // progress: one restart event per workload, i of 5
    assertThat(events.ofType(UpgradeEvent.WorkloadRestarted.class)).hasSize(5)
        .allSatisfy(e -> assertThat(e.total()).isEqualTo(5))
        .extracting(UpgradeEvent.WorkloadRestarted::workload)
        .containsExactlyInAnyOrder(WorkloadRef.deployment("shop", "frontend"), WorkloadRef.deployment("shop", "cart"),
            WorkloadRef.statefulSet("shop", "orders-db"), WorkloadRef.deployment("payments", "api"),
            WorkloadRef.daemonSet("monitoring", "node-agent"));
    assertThat(events.ofType(UpgradeEvent.Completed.class)).singleElement()
        .satisfies(c -> assertThat(c.to()).isEqualTo(ASM_1_19));
    // issue 9: every event names its kind; the run starts with its plan and ends with the hop's completion
    assertThat(events.kinds()).startsWith(UpgradeEvent.Kind.PLAN_STARTED).endsWith(UpgradeEvent.Kind.COMPLETED)
        .containsOnlyOnce(UpgradeEvent.Kind.COMPLETED);
    assertThat(upgrader.currentPlan()).hasValueSatisfying(p -> assertThat(p.stage()).isEqualTo(UpgradeStage.COMPLETED));
  }

  @Test
  void theDryRunNamesWhatWouldChangeAndChangesNothing(MeshUpgrader upgrader, SimulatedAksCluster cluster,
      RequestLog kubernetesRequests) {
    UpgradePreview preview = upgrader.plan(ASM_1_19);

    assertThat(preview.wouldChangeCluster()).isTrue();
    assertThat(preview.hops()).containsExactly(ASM_1_19);
    assertThat(preview.namespacesToRelabel()).containsExactly("monitoring", "payments", "shop");
    assertThat(preview.workloadsToRestart()).hasSize(5);
    assertThat(preview.namespacesWithIstioInjection()).containsExactly("legacy");
    assertThat(kubernetesRequests.count(e -> !Set.of("get", "list", "watch").contains(e.verb()))).isZero();
    assertThat(cluster.arm().requests(ArmCall.PUT_CLUSTER)).isEmpty();
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_18).hasPodsOn(ASM_1_18, 10);
  }

  @Test
  void namespacesWithIstioInjectionAreReportedAndLeftAlone(MeshUpgrader upgrader, SimulatedAksCluster cluster,
      UpgradeOptions options) {
    UpgradeReport report = upgrader.upgrade(ASM_1_19, options);

    assertThat(report.namespacesWithIstioInjection()).containsExactly("legacy");
    assertThat(cluster.namespacesWithIstioInjection()).containsExactly("legacy");
    assertThat(cluster.workloadGenerations()).containsEntry("Deployment legacy/old-app", 1L);
  }

  @Test
  void restartsInBatchesInTheGivenNamespaceOrder(MeshUpgrader upgrader, SimulatedAksCluster cluster,
      UpgradeOptions options, RecordedEvents events) {
    UpgradeReport report = upgrader.upgrade(ASM_1_19, options.toBuilder()
        .namespaceOrder(java.util.List.of("payments", "monitoring")).batches(2, java.time.Duration.ofMillis(10))
        .concurrency(1).build());

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(events.ofType(UpgradeEvent.WorkloadRestarted.class))
        .extracting(e -> e.workload().namespace() + "/" + e.workload().name())
        .containsExactly("payments/api", "monitoring/node-agent", "shop/cart", "shop/frontend", "shop/orders-db");
    assertThat(events.ofType(UpgradeEvent.BatchPaused.class)).hasSize(2);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasAllPodsOn(ASM_1_19);
  }

  @Test
  void upgradesTwoMinorsInTwoHopsEachItsOwnPlan(MeshUpgrader upgrader, SimulatedAksCluster cluster,
      UpgradeOptions options) {
    UpgradeReport report = upgrader.upgrade(io.meshupgrade.model.Revision.parse("asm-1-20"), options);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(report.plans()).extracting(p -> p.from() + "->" + p.to())
        .containsExactly("asm-1-18->asm-1-19", "asm-1-19->asm-1-20");
    io.meshupgrade.model.Revision asm120 = io.meshupgrade.model.Revision.parse("asm-1-20");
    assertThatCluster(cluster).hasRevisionsInstalled(asm120).hasAllPodsOn(asm120).hasPodsOn(asm120, 10)
        .hasSharedMeshConfig(asm120).hasNoSharedMeshConfig(ASM_1_19).hasNoSharedMeshConfig(ASM_1_18);
    assertThat(cluster.workloadGenerations()).containsEntry("Deployment shop/frontend", 3L)
        .containsEntry("Deployment legacy/old-app", 1L);
    assertThat(cluster.arm().requests(ArmCall.PUT_CLUSTER)).hasSize(4);
  }

  @Test
  void aSecondUpgradeToTheSameRevisionHasNothingToDo(MeshUpgrader upgrader, UpgradeOptions options,
      SimulatedAksCluster cluster) {
    upgrader.upgrade(ASM_1_19, options);
    long puts = cluster.arm().requests(ArmCall.PUT_CLUSTER).size();

    UpgradeReport again = upgrader.upgrade(ASM_1_19, options);

    assertThat(again.outcome()).isEqualTo(UpgradeReport.Outcome.NOTHING_TO_DO);
    assertThat(cluster.arm().requests(ArmCall.PUT_CLUSTER)).hasSize((int) puts);
    assertThat(E2e.sorted(cluster.workloadGenerations())).isEqualTo(E2e.sorted(E2e.DEMO_RESTARTED_ONCE));
  }
}
