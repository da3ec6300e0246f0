package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.R18;
import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.ConcurrentUpgradeException;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.spi.UpgradeLock;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.event.UpgradeEvent;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Issue 8, item 4: unique holders, and the explicit take-over of a crashed run's lock (recorded). */
class LockTakeOverTest {

  private static final String CRASHED = "alice@host/dead01";

  @Test
  void issue8_twoUpgradersGivenTheSameHolderNameDoNotShareTheLock() {
    World w = new World();
    MeshUpgrader second = w.builder().build();
    AtomicReference<Throwable> nested = new AtomicReference<>();
    MeshUpgrader first = w.builder().listener(e -> {
      if (e instanceof UpgradeEvent.StageCompleted s && s.stage() == UpgradeStage.CANARY_STARTED) {
        try {
          second.rollback();
        } catch (RuntimeException ex) {
          nested.set(ex);
        }
      }
    }).build();

    UpgradeReport report = first.upgrade(R19);

    assertThat(first.holder()).startsWith("test-run/").isNotEqualTo(second.holder());
    assertThat(second.holder()).startsWith("test-run/");
    assertThat(nested.get()).isInstanceOfSatisfying(ConcurrentUpgradeException.class,
        e -> assertThat(e.holder()).isEqualTo(first.holder()));
    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
  }

  @Test
  void issue8_aCrashedRunsLiveLeaseIsTakenOverExplicitlyAndRecordedInThePlanAndTheReport() {
    World w = new World();
    w.lock.holdAs(CRASHED, Duration.ofMinutes(15));
    MeshUpgrader upgrader = w.builder().takeOver(CRASHED).build();

    UpgradeReport report = upgrader.upgrade(R19);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.lock.takeOvers()).isEqualTo(1);
    assertThat(report.warnings()).anySatisfy(warning -> assertThat(warning)
        .contains("took the cluster's lock over from " + CRASHED).contains(upgrader.holder()));
    UpgradePlan plan = upgrader.currentPlan().orElseThrow();
    assertThat(plan.history().get(0).details())
        .containsEntry("lockTakenOverFrom", CRASHED)
        .containsEntry("lockTakenOverBy", upgrader.holder());
    assertThat(plan.history().stream().skip(1)).noneMatch(t -> t.details().containsKey("lockTakenOverFrom"));
    assertThat(w.lock.holder()).as("released at the end").isNull();
  }

  @Test
  void issue8_aTakeOverNamingAnotherHolderThanTheLiveOneIsRefusedNamingBothAndChangesNothing() {
    World w = new World();
    w.lock.holdAs("bob@ci/live02", Duration.ofMinutes(15));
    MeshUpgrader upgrader = w.builder().takeOver(CRASHED).build();

    assertThatThrownBy(() -> upgrader.upgrade(R19))
        .isInstanceOfSatisfying(ConcurrentUpgradeException.class,
            e -> assertThat(e.holder()).isEqualTo("bob@ci/live02"))
        .hasMessageContaining("bob@ci/live02").hasMessageContaining(CRASHED);
    assertThat(w.log.mutations()).isZero();
    assertThat(w.cp.installed()).containsExactly(R18);
    assertThat(w.lock.holder()).isEqualTo("bob@ci/live02");
  }

  @Test
  void issue8_aBlankTakeOverIsRefusedWhenBuilding() {
    assertThatThrownBy(() -> MeshUpgrader.builder().takeOver(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alice@host/3f9a1c");
  }

  @Test
  void issue8_aTakeOverWithALockThatCannotBeTakenOverIsATypedRefusalThatChangesNothing() {
    World w = new World();
    w.lock.holdAs(CRASHED, Duration.ofMinutes(15));
    UpgradeLock plain = new UpgradeLock() {
      @Override
      public Held acquire(String holder, Duration ttl) {
        return w.lock.acquire(holder, ttl);
      }
    };
    MeshUpgrader upgrader = w.builder().lock(plain).takeOver(CRASHED).build();

    assertThatThrownBy(() -> upgrader.upgrade(R19))
        .isInstanceOf(UpgradeRefusedException.class)
        .hasMessageContaining("cannot be taken over from " + CRASHED).hasMessageContaining("nothing was changed");
    assertThat(w.log.mutations()).isZero();
    assertThat(w.cp.installed()).containsExactly(R18);
    assertThat(w.lock.holder()).isEqualTo(CRASHED);
  }
}
