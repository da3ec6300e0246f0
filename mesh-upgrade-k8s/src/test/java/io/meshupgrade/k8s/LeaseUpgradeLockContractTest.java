package io.meshupgrade.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshupgrade.exception.ConcurrentUpgradeException;
import io.meshupgrade.spi.UpgradeLock;
import io.meshupgrade.testkit.k8s.ApiResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaseUpgradeLockContractTest extends SimulatedClusterTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T08:00:00Z"));
  private LeaseUpgradeLock lock;

  @BeforeEach
  void lock() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).apply();
    lock = new LeaseUpgradeLock(client, "aks-istio-system", "mesh-upgrade-lock", clock);
  }

  @Test
  void takesTheLeaseAndRefusesAnotherRunNamingTheHolder() {
    UpgradeLock.Held held = lock.acquire("run-a", Duration.ofMinutes(5));

    assertThat(held.holder()).isEqualTo("run-a");
    JsonNode spec = get(ApiResource.LEASES, "aks-istio-system", "mesh-upgrade-lock").path("spec");
    assertThat(spec.path("holderIdentity").asText()).isEqualTo("run-a");
    assertThat(spec.path("leaseDurationSeconds").asInt()).isEqualTo(300);
    assertThat(spec.path("renewTime").asText()).startsWith("2026-11-26T08:00:00");
    assertThatThrownBy(() -> lock.acquire("run-b", Duration.ofMinutes(5)))
        .isInstanceOfSatisfying(ConcurrentUpgradeException.class, e -> assertThat(e.holder()).isEqualTo("run-a"))
        .hasMessageContaining("run-a");
  }

  @Test
  void letsTheSameRunTakeItAgain() {
    lock.acquire("run-a", Duration.ofMinutes(5));

    assertThat(lock.acquire("run-a", Duration.ofMinutes(5)).holder()).isEqualTo("run-a");
  }

  @Test
  void takesOverAnExpiredLeaseAndTheOldHolderCannotRenew() {
    UpgradeLock.Held old = lock.acquire("run-a", Duration.ofMinutes(5));
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));

    UpgradeLock.Held taken = lock.acquire("run-b", Duration.ofMinutes(5));

    assertThat(taken.holder()).isEqualTo("run-b");
    assertThatThrownBy(old::renew).isInstanceOfSatisfying(ConcurrentUpgradeException.class,
        e -> assertThat(e.holder()).isEqualTo("run-b"));
    old.close();
    assertThat(get(ApiResource.LEASES, "aks-istio-system", "mesh-upgrade-lock").path("spec")
        .path("holderIdentity").asText()).isEqualTo("run-b");
  }

  @Test
  void renewingKeepsAnotherRunOutPastTheFirstTtl() {
    UpgradeLock.Held held = lock.acquire("run-a", Duration.ofMinutes(5));
    clock.advance(Duration.ofMinutes(4));
    held.renew();
    clock.advance(Duration.ofMinutes(4));

    assertThatThrownBy(() -> lock.acquire("run-b", Duration.ofMinutes(5)))
        .isInstanceOf(ConcurrentUpgradeException.class);
  }

  @Test
  void closingReleasesItForTheNextRun() {
    try (UpgradeLock.Held held = lock.acquire("run-a", Duration.ofMinutes(5))) {
      assertThat(held.holder()).isEqualTo("run-a");
    }

    assertThat(lock.acquire("run-b", Duration.ofMinutes(5)).holder()).isEqualTo("run-b");
  }

  @Test
  void reReadsWhenAnotherRunWroteTheLeaseMeanwhile() {
    lock.acquire("run-a", Duration.ofMinutes(5));
    clock.advance(Duration.ofMinutes(6));
    sim.faults().failNext(1, "update", "leases", 409);
    sim.faults().failNext(1, "get", "leases", 429);

    assertThat(lock.acquire("run-b", Duration.ofMinutes(5)).holder()).isEqualTo("run-b");
  }

  @Test
  void refusesABlankHolderOrAnInstantTtl() {
    assertThatThrownBy(() -> lock.acquire(" ", Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lock.acquire("a", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lock.acquire(null, Duration.ZERO)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void renewAndCloseReReadWhenAnotherWriterWonMeanwhile() {
    UpgradeLock.Held held = lock.acquire("run-a", Duration.ofMinutes(5));
    sim.faults().failNext(1, "update", "leases", 409);
    clock.advance(Duration.ofMinutes(1));

    held.renew();

    assertThat(holderSpec().path("renewTime").asText()).startsWith("2026-11-26T08:01:00");
    sim.faults().failNext(1, "update", "leases", 409);
    held.close();
    assertThat(holderSpec().path("holderIdentity").isMissingNode() || holderSpec().path("holderIdentity").isNull())
        .isTrue();
    assertThat(sim.faults().pending()).isZero();
  }

  @Test
  void takesRenewsAndReleasesTheLeaseWhenAWriteLandedButItsAnswerWasLost() {
    sim.faults().dropResponseAfterApplying(1, "create", "leases");
    UpgradeLock.Held held = lock.acquire("run-a", Duration.ofMinutes(5));
    sim.faults().dropResponseAfterApplying(1, "update", "leases");
    clock.advance(Duration.ofMinutes(1));

    held.renew();

    assertThat(holderSpec().path("holderIdentity").asText()).isEqualTo("run-a");
    assertThat(holderSpec().path("renewTime").asText()).startsWith("2026-11-26T08:01:00");
    sim.faults().dropResponseAfterApplying(1, "update", "leases");
    held.close();
    assertThat(sim.faults().pending()).isZero();
    assertThat(lock.acquire("run-b", Duration.ofMinutes(5)).holder()).isEqualTo("run-b");
  }

  @Test
  void issue8_takesOverTheLiveLeaseOfTheNamedHolderAndCountsTheTransition() {
    UpgradeLock.Held crashed = lock.acquire("alice@host/dead01", Duration.ofMinutes(15));

    UpgradeLock.Held taken = lock.takeOver("alice@host/new002", "alice@host/dead01", Duration.ofMinutes(1));

    assertThat(taken.holder()).isEqualTo("alice@host/new002");
    assertThat(taken.takenOverFrom()).contains("alice@host/dead01");
    assertThat(holderSpec().path("holderIdentity").asText()).isEqualTo("alice@host/new002");
    assertThat(holderSpec().path("leaseTransitions").asInt()).isEqualTo(1);
    assertThat(holderSpec().path("leaseDurationSeconds").asInt()).isEqualTo(60);
    assertThatThrownBy(crashed::renew).isInstanceOfSatisfying(ConcurrentUpgradeException.class,
        e -> assertThat(e.holder()).isEqualTo("alice@host/new002"));
  }

  @Test
  void issue8_refusesToTakeOverALeaseHeldBySomeoneElseNamingBoth() {
    lock.acquire("bob@ci/live02", Duration.ofMinutes(15));

    assertThatThrownBy(() -> lock.takeOver("alice@host/new002", "alice@host/dead01", Duration.ofMinutes(1)))
        .isInstanceOfSatisfying(ConcurrentUpgradeException.class,
            e -> assertThat(e.holder()).isEqualTo("bob@ci/live02"))
        .hasMessageContaining("bob@ci/live02").hasMessageContaining("alice@host/dead01");
    assertThat(holderSpec().path("holderIdentity").asText()).isEqualTo("bob@ci/live02");
  }

  @Test
  void issue8_aTakeOverOfAFreeLeaseIsAnOrdinaryAcquire() {
    lock.acquire("alice@host/dead01", Duration.ofMinutes(5)).close();

    UpgradeLock.Held held = lock.takeOver("alice@host/new002", "alice@host/dead01", Duration.ofMinutes(1));

    assertThat(held.holder()).isEqualTo("alice@host/new002");
    assertThat(held.takenOverFrom()).isEmpty();
  }

  @Test
  void issue8_ofTwoRunsTakingOverTheSameLeaseOnlyOneWinsByTheResourceVersion() {
    lock.acquire("alice@host/dead01", Duration.ofMinutes(15));
    LeaseUpgradeLock rival = new LeaseUpgradeLock(client, "aks-istio-system", "mesh-upgrade-lock", clock);
    AtomicReference<UpgradeLock.Held> rivalWon = new AtomicReference<>();
    // the rival's whole take-over lands between this run's read and its write (the clock is read in between)
    RacingClock racing = new RacingClock(clock, () -> rivalWon.set(
        rival.takeOver("carol@host/rival3", "alice@host/dead01", Duration.ofMinutes(1))));
    LeaseUpgradeLock mine = new LeaseUpgradeLock(client, "aks-istio-system", "mesh-upgrade-lock", racing);

    assertThatThrownBy(() -> mine.takeOver("alice@host/new002", "alice@host/dead01", Duration.ofMinutes(1)))
        .isInstanceOfSatisfying(ConcurrentUpgradeException.class,
            e -> assertThat(e.holder()).isEqualTo("carol@host/rival3"))
        .hasMessageContaining("alice@host/dead01");
    assertThat(rivalWon.get().holder()).isEqualTo("carol@host/rival3");
    assertThat(racing.interleaved).isTrue();
    assertThat(holderSpec().path("holderIdentity").asText()).isEqualTo("carol@host/rival3");
    assertThat(holderSpec().path("leaseTransitions").asInt()).isEqualTo(1);
  }

  /** A clock that runs {@code rival} once, the first time it is read. */
  static final class RacingClock extends Clock {
    private final Clock delegate;
    private final Runnable rival;
    boolean interleaved;

    RacingClock(Clock delegate, Runnable rival) {
      this.delegate = delegate;
      this.rival = rival;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      if (!interleaved) {
        interleaved = true;
        rival.run();
      }
      return delegate.instant();
    }
  }

  private JsonNode holderSpec() {
    return get(ApiResource.LEASES, "aks-istio-system", "mesh-upgrade-lock").path("spec");
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
