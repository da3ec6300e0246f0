package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.R18;
import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.exception.ForeignPlanException;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.tck.fakes.InMemoryMeshControlPlane;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: a cluster is its full ARM resource id, so a plan of subscription A is never applied to subscription B's
 * cluster of the same group and name (a shared plan store), and older plans without the subscription are only taken
 * up when adopted explicitly.
 */
class ClusterIdentityTest {

  static final String ID_A = InMemoryMeshControlPlane.CLUSTER_ID;
  static final String ID_B = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg1"
      + "/providers/Microsoft.ContainerService/managedClusters/cluster1";

  /** Subscription A's plan, stopped after INJECTION_SWITCHED (namespaces relabelled to asm-1-19). */
  private static String planOfAStoppedAfterInjectionSwitched() {
    World a = new World();
    UpgradeReport r = a.upgrader().upgrade(R19,
        UpgradeOptions.builder().stopAfter(UpgradeStage.INJECTION_SWITCHED).build());
    assertThat(r.stoppedAfter()).contains(UpgradeStage.INJECTION_SWITCHED);
    return a.store.load(MeshUpgrader.DEFAULT_PLAN_KEY).orElseThrow().json();
  }

  /** Subscription B's cluster rg1/cluster1 with a canary of its own, namespaces still on asm-1-18. */
  private static World clusterB(String sharedPlan) {
    World b = new World();
    b.cp.setClusterId(ID_B);
    b.cp.setRevisions(List.of(R18, R19));
    b.store.save(MeshUpgrader.DEFAULT_PLAN_KEY, sharedPlan, Optional.empty());
    return b;
  }

  private static String withCluster(String checkpoint, String cluster) {
    UpgradePlan p = UpgradePlan.fromCheckpoint(checkpoint);
    return UpgradePlan.replay(p.planId(), cluster, p.from(), p.to(), p.createdAt(), p.history()).toCheckpoint();
  }

  @Test
  void issue8_refusesAPlanOfAnotherSubscriptionStoppedAfterInjectionSwitched() {
    World b = clusterB(planOfAStoppedAfterInjectionSwitched());
    String before = b.store.load(MeshUpgrader.DEFAULT_PLAN_KEY).orElseThrow().json();
    int mutations = b.log.mutations();

    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> b.upgrader().upgrade(R19));

    assertThat(report).as("refused: thrown, nothing changed").isNotNull();
    assertThat(report).isInstanceOf(ForeignPlanException.class);
    ForeignPlanException e = (ForeignPlanException) report;
    assertThat(e.planCluster()).isEqualTo(ID_A);
    assertThat(e.cluster()).isEqualTo(ID_B);
    assertThat(e.isLegacy()).isFalse();
    assertThat(report.getMessage()).contains(ID_A).contains(ID_B);
    assertThat(b.log.mutations()).as("no relabel skipped, no restart, no checkpoint").isEqualTo(mutations);
    assertThat(b.dp.restarts()).isEmpty();
    assertThat(b.dp.namespaceLabels()).containsEntry("shop", "asm-1-18").containsEntry("web", "asm-1-18");
    assertThat(b.store.load(MeshUpgrader.DEFAULT_PLAN_KEY).orElseThrow().json()).isEqualTo(before);
  }

  @Test
  void issue8_completeAndRollbackRefuseAPlanOfAnotherSubscription() {
    World b = clusterB(planOfAStoppedAfterInjectionSwitched());
    int mutations = b.log.mutations();

    assertThatThrownBy(() -> b.upgrader().complete()).isInstanceOf(ForeignPlanException.class)
        .hasMessageContaining(ID_A).hasMessageContaining(ID_B);
    assertThatThrownBy(() -> b.upgrader().rollback()).isInstanceOf(ForeignPlanException.class)
        .hasMessageContaining(ID_A).hasMessageContaining(ID_B);
    assertThat(b.log.mutations()).isEqualTo(mutations);
    assertThat(b.cp.installed()).containsExactly(R18, R19);
  }

  @Test
  void issue8_comparesClusterIdsIgnoringCaseAsArmDoes() {
    World a = new World();
    a.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.INJECTION_SWITCHED).build());
    String saved = a.store.load(MeshUpgrader.DEFAULT_PLAN_KEY).orElseThrow().json();
    a.store.delete(MeshUpgrader.DEFAULT_PLAN_KEY);
    a.store.save(MeshUpgrader.DEFAULT_PLAN_KEY, withCluster(saved, ID_A.toUpperCase(Locale.ROOT)), Optional.empty());

    UpgradeReport report = a.upgrader().upgrade(R19);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(a.cp.installed()).containsExactly(R19);
  }

  @Test
  void issue8_refusesALegacyPlanWithoutTheSubscriptionUnlessAdoptedExplicitly() {
    World a = new World();
    a.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.INJECTION_SWITCHED).build());
    String legacy = withCluster(a.store.load(MeshUpgrader.DEFAULT_PLAN_KEY).orElseThrow().json(), "rg1/cluster1");
    a.store.delete(MeshUpgrader.DEFAULT_PLAN_KEY);
    a.store.save(MeshUpgrader.DEFAULT_PLAN_KEY, legacy, Optional.empty());
    int mutations = a.log.mutations();
    int restartsBefore = a.dp.restartCalls().size();

    UpgradeRefusedException refused = catchThrowableOfType(UpgradeRefusedException.class, () -> a.upgrader().upgrade(R19));

    assertThat(refused).as("refused: thrown, nothing changed").isNotNull();
    ForeignPlanException e = (ForeignPlanException) refused;
    assertThat(e.isLegacy()).isTrue();
    assertThat(e.planCluster()).isEqualTo("rg1/cluster1");
    assertThat(e.cluster()).isEqualTo(ID_A);
    assertThat(refused.getMessage()).contains("rg1/cluster1").contains(ID_A).contains("adoptLegacyPlan")
        .contains("--adopt-plan");
    assertThat(a.log.mutations()).isEqualTo(mutations);
    assertThatThrownBy(() -> a.upgrader().complete()).isInstanceOf(ForeignPlanException.class);
    assertThatThrownBy(() -> a.upgrader().rollback()).isInstanceOf(ForeignPlanException.class);
    assertThat(a.log.mutations()).isEqualTo(mutations);

    UpgradeReport adopted = a.upgrader().upgrade(R19, UpgradeOptions.builder().adoptLegacyPlan(true).build());

    assertThat(adopted.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(a.dp.restartCalls()).hasSizeGreaterThan(restartsBefore);
    UpgradePlan plan = UpgradePlan.fromCheckpoint(a.store.load(MeshUpgrader.DEFAULT_PLAN_KEY).orElseThrow().json());
    assertThat(plan.cluster()).isEqualTo(ID_A);
    assertThat(plan.adoption()).hasValueSatisfying(ad -> {
      assertThat(ad.legacyCluster()).isEqualTo("rg1/cluster1");
      assertThat(ad.at()).isEqualTo(a.clock.instant());
    });
  }

  @Test
  void issue8_adoptingALegacyPlanStillRefusesOneOfAnotherGroupOrName() {
    World a = new World();
    a.cp.setRevisions(List.of(R18, R19));
    UpgradePlan other = UpgradePlan.builder("old-plan", "rg2/cluster1", R18, R19, a.clock.instant())
        .transition(UpgradeStage.MESH_CONFIG_COPIED, a.clock.instant(), java.util.Map.of("result", "COPIED"))
        .transition(UpgradeStage.CANARY_STARTED, a.clock.instant(), java.util.Map.of()).build();
    a.store.save(MeshUpgrader.DEFAULT_PLAN_KEY, other.toCheckpoint(), Optional.empty());
    int mutations = a.log.mutations();
    UpgradeOptions adopt = UpgradeOptions.builder().adoptLegacyPlan(true).build();

    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> a.upgrader().upgrade(R19, adopt));

    assertThat(report).as("refused: thrown, nothing changed").isNotNull();
    assertThat(report.getMessage()).contains("rg2/cluster1").contains(ID_A);
    assertThatThrownBy(() -> a.upgrader().rollback(adopt)).isInstanceOf(ForeignPlanException.class);
    assertThat(a.log.mutations()).isEqualTo(mutations);
  }

  @Test
  void issue8_rollbackAdoptsALegacyPlanExplicitlyAndRecordsIt() {
    World a = new World();
    a.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.INJECTION_SWITCHED).build());
    String legacy = withCluster(a.store.load(MeshUpgrader.DEFAULT_PLAN_KEY).orElseThrow().json(), "RG1/Cluster1");
    a.store.delete(MeshUpgrader.DEFAULT_PLAN_KEY);
    a.store.save(MeshUpgrader.DEFAULT_PLAN_KEY, legacy, Optional.empty());

    UpgradeReport report = a.upgrader().rollback(UpgradeOptions.builder().adoptLegacyPlan(true).build());

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThat(a.cp.installed()).containsExactly(R18);
    UpgradePlan plan = UpgradePlan.fromCheckpoint(a.store.load(MeshUpgrader.DEFAULT_PLAN_KEY).orElseThrow().json());
    assertThat(plan.cluster()).isEqualTo(ID_A);
    assertThat(plan.adoption()).hasValueSatisfying(ad -> assertThat(ad.legacyCluster()).isEqualTo("RG1/Cluster1"));
  }
}
