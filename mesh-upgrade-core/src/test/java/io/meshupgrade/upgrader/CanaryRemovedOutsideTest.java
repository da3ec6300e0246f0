package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.CART;
import static io.meshupgrade.upgrader.World.R18;
import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.exception.CanaryRemovedException;
import io.meshupgrade.options.RestartOptions;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.spi.MeshDataPlane;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Someone ran {@code az aks mesh upgrade rollback} while a saved plan had its canary started: the plan must not go on
 * as if the canary were there (every restarted pod would come back without a sidecar); rollback repairs it.
 */
class CanaryRemovedOutsideTest {

  private static World stoppedAfterThenCanaryRemoved(UpgradeStage stage) {
    World w = new World();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(stage).build());
    w.cp.setRevisions(List.of(R18)); // az aks mesh upgrade rollback, outside this library
    return w;
  }

  @ParameterizedTest
  @EnumSource(value = UpgradeStage.class, names = {"CANARY_STARTED", "CONTROL_PLANES_VERIFIED", "INJECTION_SWITCHED",
      "WORKLOADS_RESTARTED", "HEALTH_VERIFIED"})
  void issue5AnUpgradeRefusesAPlanWhoseCanaryWasRemovedOutsideAndRestartsNothing(UpgradeStage stage) {
    World w = stoppedAfterThenCanaryRemoved(stage);
    Map<?, Integer> restartsBefore = w.dp.restarts();
    int mutations = w.log.mutations();

    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> w.upgrader().upgrade(R19));

    assertThat(report).as("refused: thrown, nothing changed").isNotNull();
    assertThat(report).isInstanceOf(CanaryRemovedException.class);
    assertThat(report.getMessage()).contains("the canary asm-1-19 was removed outside this run").contains("rollback");
    assertThat(w.dp.restarts()).isEqualTo(restartsBefore);
    assertThat(w.log.mutations()).as("a refusal changes nothing").isEqualTo(mutations);
    assertThat(w.upgrader().currentPlan().orElseThrow().stage()).isEqualTo(stage);
  }

  @Test
  void issue5TheRefusalNamesTheNamespacesStillPointingAtTheRemovedCanary() {
    World w = stoppedAfterThenCanaryRemoved(UpgradeStage.INJECTION_SWITCHED);

    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> w.upgrader().upgrade(R19));

    assertThat(report.getMessage()).contains("namespaces shop, web still point at it")
        .contains("call rollback to move injection back to asm-1-18");
    assertThat(report).isInstanceOfSatisfying(CanaryRemovedException.class, e -> {
      assertThat(e.canary()).isEqualTo(R19);
      assertThat(e.pointingNamespaces()).containsExactly("shop", "web");
    });
    assertThatThrownBy(() -> w.upgrader().complete()).isInstanceOf(CanaryRemovedException.class)
        .hasMessageContaining("shop, web");
  }

  @Test
  void issue5AHaltedPlanWhoseCanaryWasRemovedOutsideIsRefusedToo() {
    World w = new World();
    w.dp.setReady(R19, false);
    assertThat(w.upgrader().upgrade(R19).outcome()).isEqualTo(UpgradeReport.Outcome.HALTED);
    w.cp.setRevisions(List.of(R18));

    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> w.upgrader().upgrade(R19));

    assertThat(report).as("refused: thrown, nothing changed").isNotNull();
    assertThat(report).isInstanceOf(CanaryRemovedException.class);
  }

  @ParameterizedTest
  @EnumSource(value = UpgradeStage.class, names = {"CANARY_STARTED", "INJECTION_SWITCHED", "WORKLOADS_RESTARTED",
      "HEALTH_VERIFIED"})
  void issue5RollbackRepairsAPlanWhoseCanaryWasRemovedOutside(UpgradeStage stage) {
    World w = stoppedAfterThenCanaryRemoved(stage);

    UpgradeReport report = w.upgrader().rollback();

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThat(w.cp.installed()).containsExactly(R18);
    assertThat(w.dp.namespaceLabels()).containsEntry("shop", "asm-1-18").containsEntry("web", "asm-1-18");
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-18", 7, "", 1));
    assertThat(w.upgrader().currentPlan().orElseThrow().stage()).isEqualTo(UpgradeStage.ROLLED_BACK);
  }

  @Test
  void issue5RollbackRestartsWorkloadsThatCameBackWithoutASidecarInTheNamespacesItRelabels() {
    World w = stoppedAfterThenCanaryRemoved(UpgradeStage.INJECTION_SWITCHED);
    // cart's pods are re-created (a node drain) while shop points at the removed revision: no sidecar
    w.dp.restartWorkloads(List.of(CART), RestartOptions.defaults(), MeshDataPlane.RestartListener.NONE);
    assertThat(w.dp.podsPerRevision()).containsEntry("", 3);

    UpgradeReport report = w.upgrader().rollback();

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-18", 7, "", 1));
    assertThat(w.dp.restarts()).isEqualTo(Map.of(CART, 2));
  }

  @Test
  void issue5RollbackOfAPlanHaltedMidRollbackWhoseCanaryWasRemovedOutsideFinishesMovingWorkloadsBack() {
    World w = new World();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.WORKLOADS_RESTARTED).build());
    w.dp.setFailing(World.FRONTEND, true);
    assertThat(w.upgrader().rollback().outcome()).isEqualTo(UpgradeReport.Outcome.HALTED);
    w.dp.setFailing(World.FRONTEND, false);
    w.cp.setRevisions(List.of(R18)); // az aks mesh upgrade rollback: frontend's proxies are detached

    UpgradeReport report = w.upgrader().rollback();

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-18", 7, "", 1));
    assertThat(w.upgrader().currentPlan().orElseThrow().stage()).isEqualTo(UpgradeStage.ROLLED_BACK);
  }
}
