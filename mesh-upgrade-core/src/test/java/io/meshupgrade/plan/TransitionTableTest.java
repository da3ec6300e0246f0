package io.meshupgrade.plan;

import static io.meshupgrade.model.UpgradeStage.CANARY_STARTED;
import static io.meshupgrade.model.UpgradeStage.COMPLETED;
import static io.meshupgrade.model.UpgradeStage.CONTROL_PLANES_VERIFIED;
import static io.meshupgrade.model.UpgradeStage.HALTED;
import static io.meshupgrade.model.UpgradeStage.HEALTH_VERIFIED;
import static io.meshupgrade.model.UpgradeStage.INJECTION_REVERTED;
import static io.meshupgrade.model.UpgradeStage.INJECTION_SWITCHED;
import static io.meshupgrade.model.UpgradeStage.MESH_CONFIG_COPIED;
import static io.meshupgrade.model.UpgradeStage.PLANNED;
import static io.meshupgrade.model.UpgradeStage.ROLLBACK_STARTED;
import static io.meshupgrade.model.UpgradeStage.ROLLED_BACK;
import static io.meshupgrade.model.UpgradeStage.WORKLOADS_RESTARTED;
import static io.meshupgrade.model.UpgradeStage.WORKLOADS_REVERTED;
import static io.meshupgrade.plan.TransitionTable.Route.FORWARD;
import static io.meshupgrade.plan.TransitionTable.Route.ROLLBACK_FULLY;
import static io.meshupgrade.plan.TransitionTable.Route.ROLLBACK_THEN_HALT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.plan.TransitionTable.Route;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 9: the runner derives every next stage (forward, rollback, halted) from the one table. */
class TransitionTableTest {

  static Stream<Arguments> routes() {
    return Stream.of(
        Arguments.of(PLANNED, null, FORWARD, MESH_CONFIG_COPIED),
        Arguments.of(MESH_CONFIG_COPIED, null, FORWARD, CANARY_STARTED),
        Arguments.of(HEALTH_VERIFIED, null, FORWARD, COMPLETED),
        // before the canary every route goes forward (a rollback of an adopted canary records it first)
        Arguments.of(PLANNED, null, ROLLBACK_FULLY, MESH_CONFIG_COPIED),
        Arguments.of(MESH_CONFIG_COPIED, null, ROLLBACK_THEN_HALT, CANARY_STARTED),
        Arguments.of(CANARY_STARTED, null, ROLLBACK_FULLY, ROLLBACK_STARTED),
        Arguments.of(WORKLOADS_RESTARTED, null, ROLLBACK_THEN_HALT, ROLLBACK_STARTED),
        Arguments.of(ROLLBACK_STARTED, null, ROLLBACK_FULLY, INJECTION_REVERTED),
        Arguments.of(INJECTION_REVERTED, null, ROLLBACK_THEN_HALT, WORKLOADS_REVERTED),
        Arguments.of(WORKLOADS_REVERTED, null, ROLLBACK_FULLY, ROLLED_BACK),
        Arguments.of(WORKLOADS_REVERTED, null, ROLLBACK_THEN_HALT, HALTED),
        // halted: resume where it stopped, roll back, or retry forward after a halted rollback
        Arguments.of(HALTED, INJECTION_SWITCHED, FORWARD, INJECTION_SWITCHED),
        Arguments.of(HALTED, INJECTION_SWITCHED, ROLLBACK_FULLY, ROLLBACK_STARTED),
        Arguments.of(HALTED, WORKLOADS_REVERTED, FORWARD, CANARY_STARTED),
        Arguments.of(HALTED, WORKLOADS_REVERTED, ROLLBACK_FULLY, WORKLOADS_REVERTED),
        Arguments.of(HALTED, MESH_CONFIG_COPIED, ROLLBACK_FULLY, MESH_CONFIG_COPIED));
  }

  @ParameterizedTest(name = "{0} (halted from {1}) on {2} -> {3}")
  @MethodSource("routes")
  void issue9_theTableSaysWhatComesNextOnEveryRoute(UpgradeStage at, UpgradeStage haltedFrom, Route route,
      UpgradeStage next) {
    assertThat(TransitionTable.nextOn(at, haltedFrom, route)).isEqualTo(next);
    assertThat(TransitionTable.isLegal(at, haltedFrom, next)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void issue9_nothingFollowsATerminalStage(Route route) {
    assertThatThrownBy(() -> TransitionTable.nextOn(COMPLETED, null, route))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("from COMPLETED");
    assertThatThrownBy(() -> TransitionTable.nextOn(ROLLED_BACK, null, route))
        .isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @EnumSource(UpgradeStage.class)
  void issue9_everyNonTerminalStageMayHaltAndTheForwardOrderIsTheTables(UpgradeStage stage) {
    if (stage != HALTED) {
      assertThat(TransitionTable.next(stage, null).contains(HALTED)).isEqualTo(!stage.isTerminal());
    }
    assertThat(TransitionTable.forwardStagesAfter(CONTROL_PLANES_VERIFIED, HEALTH_VERIFIED))
        .containsExactly(INJECTION_SWITCHED, WORKLOADS_RESTARTED, HEALTH_VERIFIED);
    assertThat(TransitionTable.resumeStage(HALTED, INJECTION_REVERTED)).isEqualTo(MESH_CONFIG_COPIED);
    assertThat(TransitionTable.resumeStage(HALTED, WORKLOADS_RESTARTED)).isEqualTo(WORKLOADS_RESTARTED);
  }
}
