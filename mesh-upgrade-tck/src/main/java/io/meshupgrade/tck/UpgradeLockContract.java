package io.meshupgrade.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshupgrade.exception.ConcurrentUpgradeException;
import io.meshupgrade.spi.UpgradeLock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UpgradeLock} must do, as JUnit 5 tests: extend this class and implement {@link #createLock()}
 * and {@link #advanceClock(Duration)}. Expiry is tested by moving the lock's clock, never by waiting. The
 * take-over tests run only for a lock that supports {@link UpgradeLock#takeOver} (see {@link #supportsTakeOver()}).
 *
 * <pre>{@code
 * class ZooKeeperUpgradeLockTckTest extends UpgradeLockContract {
 *   MutableClock clock = new MutableClock(Instant.parse("2026-11-26T08:00:00Z"));
 *   protected UpgradeLock createLock() { return new ZooKeeperUpgradeLock(zk.freshPath(), clock); }
 *   protected void advanceClock(Duration d) { clock.advance(d); }
 * }
 * }</pre>
 *
 * <p>Not thread-safe (one instance per test, as JUnit creates them).
 */
public abstract class UpgradeLockContract {

  /** The ttl the tests take the lock for. */
  protected static final Duration TTL = Duration.ofMinutes(5);

  private UpgradeLock lock;

  /**
   * A free lock, new for each test, reading time from a clock that {@link #advanceClock} moves. Called once per test,
   * at the lock's first use, so after the subclass's {@code @BeforeEach} methods.
   *
   * @return a new, free lock on the clock {@link #advanceClock} moves
   */
  protected abstract UpgradeLock createLock();

  /**
   * Another handle on the same lock, as a second process would create it (another client, same Lease). The default
   * returns the lock of this test, for a lock whose state lives in the object itself.
   *
   * @return a second handle on the lock of this test, sharing its state
   */
  protected UpgradeLock sameLockElsewhere() {
    return lock();
  }

  /**
   * Moves the clock the lock reads forward by {@code duration}.
   *
   * @param duration how far to move the clock, positive
   */
  protected abstract void advanceClock(Duration duration);

  /** {@return whether the lock implements {@link UpgradeLock#takeOver}; default true} */
  protected boolean supportsTakeOver() {
    return true;
  }

  /** {@return the lock of this test, created by {@link #createLock()} at its first use} */
  protected final UpgradeLock lock() {
    if (lock == null) {
      lock = createLock();
    }
    return lock;
  }

  /** A free lock is taken; another run is then refused with a {@link ConcurrentUpgradeException} naming the holder. */
  @Test
  public void takesAFreeLockAndRefusesAnotherRunNamingTheHolder() {
    UpgradeLock.Held held = lock().acquire("run-a", TTL);

    assertThat(held.holder()).isEqualTo("run-a");
    assertThat(held.takenOverFrom()).isEmpty();
    assertThatThrownBy(() -> sameLockElsewhere().acquire("run-b", TTL))
        .isInstanceOfSatisfying(ConcurrentUpgradeException.class, e -> assertThat(e.holder()).isEqualTo("run-a"))
        .hasMessageContaining("run-a");
  }

  /** The run holding the lock can acquire it again. */
  @Test
  public void letsTheHolderTakeItAgain() {
    lock().acquire("run-a", TTL);

    assertThat(sameLockElsewhere().acquire("run-a", TTL).holder()).isEqualTo("run-a");
  }

  /** Closing the held lock releases it, so the next run can take it. */
  @Test
  public void closingReleasesItForTheNextRun() {
    try (UpgradeLock.Held held = lock().acquire("run-a", TTL)) {
      assertThat(held.holder()).isEqualTo("run-a");
    }

    assertThat(sameLockElsewhere().acquire("run-b", TTL).holder()).isEqualTo("run-b");
  }

  /** The lock still refuses another run just before its ttl ends. */
  @Test
  public void isStillHeldJustBeforeItsTtlEnds() {
    lock().acquire("run-a", TTL);
    advanceClock(TTL.minusSeconds(30));

    assertThatThrownBy(() -> sameLockElsewhere().acquire("run-b", TTL))
        .isInstanceOf(ConcurrentUpgradeException.class);
  }

  /** An expired lock is taken by the next run; its old holder can then neither renew nor release it. */
  @Test
  public void anExpiredLockIsTakenAndItsOldHolderCanNeitherRenewNorRelease() {
    UpgradeLock.Held old = lock().acquire("run-a", TTL);
    advanceClock(TTL.plusSeconds(1));

    UpgradeLock.Held taken = sameLockElsewhere().acquire("run-b", TTL);

    assertThat(taken.holder()).isEqualTo("run-b");
    assertThatThrownBy(old::renew).isInstanceOfSatisfying(ConcurrentUpgradeException.class,
        e -> assertThat(e.holder()).isEqualTo("run-b"));
    old.close();
    assertThatThrownBy(() -> lock().acquire("run-c", TTL)).as("the old holder's close released nothing")
        .isInstanceOfSatisfying(ConcurrentUpgradeException.class, e -> assertThat(e.holder()).isEqualTo("run-b"));
  }

  /** Renewing the lock extends it by its ttl from the time of the renewal. */
  @Test
  public void renewingExtendsTheLockByItsTtl() {
    UpgradeLock.Held held = lock().acquire("run-a", TTL);
    advanceClock(TTL.minusMinutes(1));
    held.renew();
    advanceClock(TTL.minusMinutes(1));

    assertThatThrownBy(() -> sameLockElsewhere().acquire("run-b", TTL))
        .isInstanceOf(ConcurrentUpgradeException.class);
    advanceClock(Duration.ofMinutes(1).plusSeconds(1));
    assertThat(sameLockElsewhere().acquire("run-b", TTL).holder()).isEqualTo("run-b");
  }

  /**
   * A take-over of the named holder succeeds at once, records whom it took over from, and fences the old holder out; a
   * lock that cannot be taken over throws {@link UnsupportedOperationException}.
   */
  @Test
  public void takesOverTheNamedHolderWithoutWaitingForItsTtl() {
    if (!supportsTakeOver()) {
      assertThatThrownBy(() -> lock().takeOver("run-b", "run-a", TTL))
          .as("a lock that cannot be taken over says so").isInstanceOf(UnsupportedOperationException.class);
      return;
    }
    UpgradeLock.Held crashed = lock().acquire("run-a", TTL);

    UpgradeLock.Held taken = sameLockElsewhere().takeOver("run-b", "run-a", TTL);

    assertThat(taken.holder()).isEqualTo("run-b");
    assertThat(taken.takenOverFrom()).contains("run-a");
    assertThatThrownBy(crashed::renew).isInstanceOf(ConcurrentUpgradeException.class);
    assertThatThrownBy(() -> lock().acquire("run-c", TTL)).isInstanceOf(ConcurrentUpgradeException.class);
  }

  /** A take-over naming a holder other than the actual one is refused and leaves the lock with its holder. */
  @Test
  public void refusesToTakeOverALockHeldBySomeoneElse() {
    assumeTrue(supportsTakeOver(), "the lock cannot be taken over");
    lock().acquire("run-x", TTL);

    assertThatThrownBy(() -> sameLockElsewhere().takeOver("run-b", "run-a", TTL))
        .isInstanceOfSatisfying(ConcurrentUpgradeException.class, e -> assertThat(e.holder()).isEqualTo("run-x"));
    assertThatThrownBy(() -> lock().acquire("run-b", TTL)).as("still held by run-x")
        .isInstanceOfSatisfying(ConcurrentUpgradeException.class, e -> assertThat(e.holder()).isEqualTo("run-x"));
  }

  /** A take-over of a free lock acquires it as {@link UpgradeLock#acquire} would, taking over from no one. */
  @Test
  public void aTakeOverOfAFreeLockIsAnOrdinaryAcquire() {
    assumeTrue(supportsTakeOver(), "the lock cannot be taken over");
    UpgradeLock.Held taken = lock().takeOver("run-b", "run-a", TTL);

    assertThat(taken.holder()).isEqualTo("run-b");
    assertThat(taken.takenOverFrom()).isEmpty();
    assertThatThrownBy(() -> sameLockElsewhere().acquire("run-c", TTL))
        .isInstanceOf(ConcurrentUpgradeException.class);
  }

  /** A blank or null holder and a zero ttl are refused, and the lock stays free. */
  @Test
  public void refusesABlankHolderOrAnInstantTtlBeforeTakingAnything() {
    assertThatThrownBy(() -> lock().acquire(" ", TTL)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lock().acquire("run-a", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lock().acquire(null, TTL)).isInstanceOf(NullPointerException.class);

    assertThat(sameLockElsewhere().acquire("run-b", TTL).holder()).as("still free").isEqualTo("run-b");
  }
}
