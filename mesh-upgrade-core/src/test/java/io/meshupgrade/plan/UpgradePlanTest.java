package io.meshupgrade.plan;

import static io.meshupgrade.model.UpgradeStage.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.IllegalTransitionException;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.UpgradeStage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UpgradePlanTest {

  /** The legal moves as issue 2 states them, written out independently of the implementation's table. */
  private static final Set<String> LEGAL = Set.of(
      "PLANNED>MESH_CONFIG_COPIED",
      "MESH_CONFIG_COPIED>CANARY_STARTED",
      "CANARY_STARTED>CONTROL_PLANES_VERIFIED",
      "CONTROL_PLANES_VERIFIED>INJECTION_SWITCHED",
      "INJECTION_SWITCHED>WORKLOADS_RESTARTED",
      "WORKLOADS_RESTARTED>HEALTH_VERIFIED",
      "HEALTH_VERIFIED>COMPLETED",
      "CANARY_STARTED>ROLLBACK_STARTED",
      "CONTROL_PLANES_VERIFIED>ROLLBACK_STARTED",
      "INJECTION_SWITCHED>ROLLBACK_STARTED",
      "WORKLOADS_RESTARTED>ROLLBACK_STARTED",
      "HEALTH_VERIFIED>ROLLBACK_STARTED",
      "ROLLBACK_STARTED>INJECTION_REVERTED",
      "INJECTION_REVERTED>WORKLOADS_REVERTED",
      "WORKLOADS_REVERTED>ROLLED_BACK",
      "PLANNED>HALTED", "MESH_CONFIG_COPIED>HALTED", "CANARY_STARTED>HALTED", "CONTROL_PLANES_VERIFIED>HALTED",
      "INJECTION_SWITCHED>HALTED", "WORKLOADS_RESTARTED>HALTED", "HEALTH_VERIFIED>HALTED",
      "ROLLBACK_STARTED>HALTED", "INJECTION_REVERTED>HALTED", "WORKLOADS_REVERTED>HALTED");

  private static final Revision R18 = Revision.parse("asm-1-18");
  private static final Revision R19 = Revision.parse("asm-1-19");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));

  /** The shortest legal path from PLANNED to each non-HALTED stage. */
  private static List<UpgradeStage> pathTo(UpgradeStage s) {
    List<UpgradeStage> forward = List.of(MESH_CONFIG_COPIED, CANARY_STARTED, CONTROL_PLANES_VERIFIED,
        INJECTION_SWITCHED, WORKLOADS_RESTARTED, HEALTH_VERIFIED, COMPLETED);
    List<UpgradeStage> back = List.of(MESH_CONFIG_COPIED, CANARY_STARTED, ROLLBACK_STARTED, INJECTION_REVERTED,
        WORKLOADS_REVERTED, ROLLED_BACK);
    if (s == PLANNED) {
      return List.of();
    }
    List<UpgradeStage> source = forward.contains(s) ? forward : back;
    return source.subList(0, source.indexOf(s) + 1);
  }

  private UpgradePlan planAt(UpgradeStage s) {
    UpgradePlan p = UpgradePlan.create("p1", "rg/c1", R18, R19, clock);
    for (UpgradeStage next : pathTo(s)) {
      clock.tick();
      p = p.moveTo(next, clock);
    }
    return p;
  }

  static Stream<Arguments> everyPairOfNonHaltedStages() {
    List<Arguments> args = new ArrayList<>();
    for (UpgradeStage from : UpgradeStage.values()) {
      if (from == HALTED) {
        continue;
      }
      for (UpgradeStage to : UpgradeStage.values()) {
        args.add(Arguments.of(from, to, LEGAL.contains(from + ">" + to)));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} -> {1} legal={2}")
  @MethodSource("everyPairOfNonHaltedStages")
  void allowsExactlyTheTransitionsOfTheTable(UpgradeStage from, UpgradeStage to, boolean legal) {
    UpgradePlan p = planAt(from);
    assertThat(p.stage()).isEqualTo(from);
    assertThat(p.canMoveTo(to)).isEqualTo(legal);
    if (legal) {
      assertThat(p.moveTo(to, clock).stage()).isEqualTo(to);
    } else {
      assertThatThrownBy(() -> p.moveTo(to, clock))
          .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
            assertThat(e.from()).isEqualTo(from);
            assertThat(e.to()).isEqualTo(to);
            assertThat(e.getMessage()).contains(from.name()).contains(to.name());
          });
    }
  }

  static Stream<Arguments> haltedResumes() {
    return Stream.of(
        Arguments.of(PLANNED, EnumSet.of(PLANNED)),
        Arguments.of(MESH_CONFIG_COPIED, EnumSet.of(MESH_CONFIG_COPIED)),
        Arguments.of(CANARY_STARTED, EnumSet.of(CANARY_STARTED, ROLLBACK_STARTED)),
        Arguments.of(CONTROL_PLANES_VERIFIED, EnumSet.of(CONTROL_PLANES_VERIFIED, ROLLBACK_STARTED)),
        Arguments.of(INJECTION_SWITCHED, EnumSet.of(INJECTION_SWITCHED, ROLLBACK_STARTED)),
        Arguments.of(WORKLOADS_RESTARTED, EnumSet.of(WORKLOADS_RESTARTED, ROLLBACK_STARTED)),
        Arguments.of(HEALTH_VERIFIED, EnumSet.of(HEALTH_VERIFIED, ROLLBACK_STARTED)),
        Arguments.of(ROLLBACK_STARTED, EnumSet.of(ROLLBACK_STARTED, CANARY_STARTED)),
        Arguments.of(INJECTION_REVERTED, EnumSet.of(INJECTION_REVERTED, CANARY_STARTED)),
        Arguments.of(WORKLOADS_REVERTED, EnumSet.of(WORKLOADS_REVERTED, CANARY_STARTED)));
  }

  @ParameterizedTest(name = "halted at {0} may go to {1}")
  @MethodSource("haltedResumes")
  void aHaltedPlanResumesWhereItStoppedOrRollsBack(UpgradeStage at, Set<UpgradeStage> expected) {
    UpgradePlan halted = planAt(at).halt("workload shop/cart never became ready", clock);
    assertThat(halted.stage()).isEqualTo(HALTED);
    assertThat(halted.haltedFrom()).contains(at);
    assertThat(halted.haltReason()).contains("workload shop/cart never became ready");
    assertThat(halted.nextStages()).isEqualTo(expected);
    for (UpgradeStage to : UpgradeStage.values()) {
      if (expected.contains(to)) {
        assertThat(halted.moveTo(to, clock).stage()).isEqualTo(to);
      } else {
        assertThatThrownBy(() -> halted.moveTo(to, clock)).isInstanceOf(IllegalTransitionException.class);
      }
    }
  }

  @Test
  void nothingFollowsCompletedBecauseAksCannotRollBackAfterComplete() {
    UpgradePlan done = planAt(COMPLETED);
    assertThat(done.isTerminal()).isTrue();
    assertThat(done.nextStages()).isEmpty();
    assertThatThrownBy(() -> done.moveTo(ROLLBACK_STARTED, clock))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("terminal");
    assertThatThrownBy(() -> done.halt("late", clock)).isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void recordsEveryTransitionWithItsTimeAndDetails() {
    UpgradePlan p = UpgradePlan.create("p1", "rg/c1", R18, R19, clock);
    clock.tick();
    UpgradePlan copied = p.moveTo(MESH_CONFIG_COPIED, clock, Map.of("result", "NO_SOURCE"));
    clock.tick();
    UpgradePlan started = copied.moveTo(CANARY_STARTED, clock);

    assertThat(p.stage()).isEqualTo(PLANNED);
    assertThat(p.history()).isEmpty();
    assertThat(started.history()).extracting(UpgradePlan.Transition::to).containsExactly(MESH_CONFIG_COPIED,
        CANARY_STARTED);
    assertThat(started.history().get(0).at()).isEqualTo(Instant.parse("2026-11-26T10:00:01Z"));
    assertThat(started.history().get(1).at()).isEqualTo(Instant.parse("2026-11-26T10:00:02Z"));
    assertThat(started.detailsOf(MESH_CONFIG_COPIED)).contains(Map.of("result", "NO_SOURCE"));
    assertThat(started.detailsOf(COMPLETED)).isEmpty();
    assertThat(started.hasReached(MESH_CONFIG_COPIED)).isTrue();
    assertThat(started.hasReached(COMPLETED)).isFalse();
    assertThat(started.haltedFrom()).isEmpty();
    assertThat(started.haltReason()).isEmpty();
    assertThatThrownBy(() -> started.history().add(started.history().get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void refusesAPlanThatDoesNotGoUp() {
    assertThatThrownBy(() -> UpgradePlan.create("p", "c", R19, R18, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("asm-1-18").hasMessageContaining("asm-1-19");
    assertThatThrownBy(() -> UpgradePlan.create("p", "c", R19, R19, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UpgradePlan.create(" ", "c", R18, R19, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UpgradePlan.create(null, "c", R18, R19, clock))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("planId");
  }

  @Test
  void refusesTimeGoingBackwards() {
    UpgradePlan p = planAt(CANARY_STARTED);
    Clock earlier = Clock.fixed(Instant.parse("2026-11-26T09:00:00Z"), ZoneOffset.UTC);
    assertThatThrownBy(() -> p.moveTo(CONTROL_PLANES_VERIFIED, earlier))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void plansAreValuesEqualByContent() {
    UpgradePlan a = UpgradePlan.create("p1", "rg/c1", R18, R19, clock);
    UpgradePlan b = UpgradePlan.create("p1", "rg/c1", R18, R19, clock);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(UpgradePlan.create("p2", "rg/c1", R18, R19, clock));
    assertThat(a.toString()).contains("asm-1-18").contains("asm-1-19").contains("PLANNED");
  }

  /** A clock that moves only when told, one second per tick. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void tick() {
      now = now.plus(Duration.ofSeconds(1));
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
