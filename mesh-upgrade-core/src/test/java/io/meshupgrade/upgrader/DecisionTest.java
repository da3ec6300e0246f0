package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.AGENT;
import static io.meshupgrade.upgrader.World.CART;
import static io.meshupgrade.upgrader.World.FRONTEND;
import static io.meshupgrade.upgrader.World.ORDERS;
import static io.meshupgrade.upgrader.World.R17;
import static io.meshupgrade.upgrader.World.R18;
import static io.meshupgrade.upgrader.World.R19;
import static io.meshupgrade.upgrader.World.R20;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.exception.ClusterNotReadyException;
import io.meshupgrade.exception.MeshNotEnabledException;
import io.meshupgrade.plan.Situation;
import io.meshupgrade.exception.UpgradeNotAllowedException;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeRule;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.event.UpgradeEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Multi-hop upgrades and every refusal that happens before anything changes. */
class DecisionTest {

  @Test
  void upgradesSeveralMinorsAwayOneHopAtATimeEachWithItsOwnPlan() {
    World w = new World();

    UpgradeReport report = w.upgrader().upgrade(R20);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R20);
    assertThat(report.plans()).extracting(UpgradePlan::from, UpgradePlan::to)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(R18, R19), org.assertj.core.groups.Tuple.tuple(R19, R20));
    assertThat(report.plans()).allMatch(p -> p.stage() == UpgradeStage.COMPLETED);
    assertThat(w.dp.restarts()).isEqualTo(Map.of(CART, 2, ORDERS, 2, FRONTEND, 2, AGENT, 2));
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-20", 7, "", 1));
    assertThat(w.dp.meshConfigs()).containsOnlyKeys(R20);
    assertThat(w.events(UpgradeEvent.Completed.class)).hasSize(2);
    assertThat(report.stageTimings()).hasSize(14);
  }

  @Test
  void aMultiHopUpgradeCanStopAfterEachCompletedHop() {
    World w = new World();
    UpgradeOptions hopByHop = UpgradeOptions.builder().stopAfter(UpgradeStage.COMPLETED).build();

    UpgradeReport first = w.upgrader().upgrade(R20, hopByHop);

    assertThat(first.outcome()).isEqualTo(UpgradeReport.Outcome.STOPPED_AFTER);
    assertThat(first.stoppedAfter()).contains(UpgradeStage.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R19);

    UpgradeReport second = w.upgrader().upgrade(R20, hopByHop);
    assertThat(second.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R20);
  }

  @Test
  void aStaleCanaryIsRefusedWithItsReasonAndNothingChanges() {
    World w = new World();
    w.cp.setRevisions(List.of(R17, R19)); // the path from asm-1-17 to asm-1-20 goes through asm-1-18, not asm-1-19

    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> w.upgrader().upgrade(R20));

    assertThat(report).as("refused: thrown, nothing changed").isNotNull();
    assertThat(report.getMessage()).contains("asm-1-19").contains("asm-1-17");
    assertThat(w.log.mutations()).isZero();
    assertThat(w.events(UpgradeEvent.Refused.class)).hasSize(1);
    assertThat(w.upgrader().plan(R20).situation()).isInstanceOf(Situation.StaleCanary.class);
  }

  @Test
  void anUnsupportedCurrentRevisionJumpsToTheLowestSupportedOne() {
    World w = new World(R17);

    UpgradeReport report = w.upgrader().upgrade(R18);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R18);
    assertThat(report.plans()).singleElement().satisfies(p -> {
      assertThat(p.from()).isEqualTo(R17);
      assertThat(p.to()).isEqualTo(R18);
    });
  }

  @Test
  void anUnsupportedCurrentRevisionGoesThroughTheLowestSupportedOneToAHigherTarget() {
    World w = new World(R17);

    assertThat(w.upgrader().plan(R19).hops()).containsExactly(R18, R19);
    UpgradeReport report = w.upgrader().upgrade(R19);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R19);
  }

  @Test
  void aDowngradeIsRefusedByItsRule() {
    World w = new World(R19);

    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> w.upgrader().upgrade(R18));

    assertThat(report).as("refused: thrown, nothing changed").isNotNull();
    assertThat(report).isInstanceOf(UpgradeNotAllowedException.class);
    assertThat(((UpgradeNotAllowedException) report).rule())
        .isEqualTo(UpgradeRule.NO_DOWNGRADE);
  }

  @Test
  void aTargetNoPathReachesIsRefusedNamingTheBlockingHop() {
    World w = new World();

    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> w.upgrader().upgrade(io.meshupgrade.model.Revision.parse("asm-1-22")));

    assertThat(report).as("refused: thrown, nothing changed").isNotNull();
    assertThat(report).isInstanceOf(UpgradeNotAllowedException.class);
    assertThat(w.log.mutations()).isZero();
  }

  @Test
  void aClusterThatIsNotSucceededIsRefused() {
    World w = new World();
    w.cp.setProvisioningState("Updating");

    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> w.upgrader().upgrade(R19));

    assertThat(report).as("refused: thrown, nothing changed").isNotNull();
    assertThat(report).isInstanceOf(ClusterNotReadyException.class);
  }

  @Test
  void aClusterWithoutTheMeshIsRefused() {
    World w = new World();
    w.cp.setMeshEnabled(false);

    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> w.upgrader().upgrade(R19));

    assertThat(report).as("refused: thrown, nothing changed").isNotNull();
    assertThat(report).isInstanceOf(MeshNotEnabledException.class);
  }

  @Test
  void aPlanInProgressTowardAnotherTargetIsNotAbandoned() {
    World w = new World();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.CANARY_STARTED).build());

    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> w.upgrader().upgrade(R18));

    assertThat(report).as("refused: thrown, nothing changed").isNotNull();
    assertThat(report.getMessage()).contains("is in progress").contains("rollback");
  }

  @Test
  void aPlanInProgressIsResumedOnTheWayToAHigherTarget() {
    World w = new World();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.INJECTION_SWITCHED).build());

    UpgradeReport report = w.upgrader().upgrade(R20);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R20);
    assertThat(report.plans()).hasSize(2);
    assertThat(w.events(UpgradeEvent.PlanStarted.class)).extracting(UpgradeEvent.PlanStarted::resumed)
        .containsExactly(false, true, false);
  }

  @Test
  void aSavedPlanThatNoLongerMatchesTheClusterIsRefused() {
    World w = new World();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.CANARY_STARTED).build());
    w.cp.setProvisioningState("Failed");

    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> w.upgrader().upgrade(R19));

    assertThat(report).as("refused: thrown, nothing changed").isNotNull();
    assertThat(report).isInstanceOf(ClusterNotReadyException.class);
  }

  @Test
  void aCanaryStartedOutsideTheLibraryIsResumedTowardItsTarget() {
    World w = new World();
    w.cp.setRevisions(List.of(R18, R19));

    UpgradeReport report = w.upgrader().upgrade(R19);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R19);
  }

  @Test
  void aSavedPlanThatNeverStartedItsCanaryIsDiscardedWhenTheClusterAlreadyRunsItsTarget() {
    World w = new World();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.MESH_CONFIG_COPIED).build());
    w.cp.setRevisions(List.of(R19));

    UpgradeReport report = w.upgrader().upgrade(R19);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.NOTHING_TO_DO);
    assertThat(report.message()).contains("discarded");
    assertThat(w.upgrader().currentPlan()).isEmpty();
  }

  @Test
  void issue5APlanHaltedMidRollbackIsResumedNotDiscardedWhenTheCanaryWasCompletedOutside() {
    World w = new World();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.WORKLOADS_RESTARTED).build());
    w.dp.setFailing(FRONTEND, true);
    assertThat(w.upgrader().rollback().outcome()).isEqualTo(UpgradeReport.Outcome.HALTED);
    assertThat(w.dp.namespaceLabels()).containsEntry("shop", "asm-1-18").containsEntry("web", "asm-1-18");
    w.dp.setFailing(FRONTEND, false);
    w.cp.setRevisions(List.of(R19)); // someone ran az aks mesh upgrade complete: asm-1-18 is gone

    UpgradeReport report = w.upgrader().upgrade(R19);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.upgrader().currentPlan().orElseThrow().stage()).isEqualTo(UpgradeStage.COMPLETED);
    assertThat(w.dp.namespaceLabels()).containsEntry("shop", "asm-1-19").containsEntry("web", "asm-1-19");
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-19", 7, "", 1));
    assertThat(w.cp.installed()).containsExactly(R19);
  }

  @Test
  void issue5ACanaryToTheFirstHopIsResumedOnTheWayToAHigherTarget() {
    World w = new World();
    w.cp.setRevisions(List.of(R18, R19)); // a canary toward asm-1-19 in progress, no saved plan

    assertThat(w.upgrader().plan(R20).situation()).isInstanceOf(Situation.ResumeCanary.class);
    assertThat(w.upgrader().plan(R20).hops()).containsExactly(R19, R20);
    UpgradeReport report = w.upgrader().upgrade(R20);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R20);
    assertThat(report.plans()).extracting(UpgradePlan::from, UpgradePlan::to)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(R18, R19), org.assertj.core.groups.Tuple.tuple(R19, R20));
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-20", 7, "", 1));
    assertThat(w.dp.restarts()).isEqualTo(Map.of(CART, 2, ORDERS, 2, FRONTEND, 2, AGENT, 2));
  }
}
