package io.meshupgrade.tck.fakes;

import io.meshupgrade.exception.ConcurrentUpgradeException;
import io.meshupgrade.spi.UpgradeLock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** An {@link UpgradeLock} in memory, like a Lease: held until released or expired. */
public final class InMemoryUpgradeLock implements UpgradeLock {

  private final Clock clock;
  private String holder;
  private Instant expires = Instant.MIN;
  private int acquisitions;
  private int renewals;
  private int takeOvers;

  /**
   * Creates a free lock.
   *
   * @param clock the clock that decides when a lease has expired
   */
  public InMemoryUpgradeLock(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Held acquire(String who, Duration ttl) {
    checkArguments(who, ttl);
    if (holder != null && !holder.equals(who) && clock.instant().isBefore(expires)) {
      throw new ConcurrentUpgradeException(holder, "lease held until " + expires);
    }
    return take(who, ttl, java.util.Optional.empty());
  }

  /** Like a Lease: only the named holder is replaced; a free or expired lock is acquired. */
  @Override
  public synchronized Held takeOver(String who, String replaced, Duration ttl) {
    checkArguments(who, ttl);
    java.util.Objects.requireNonNull(replaced, "replaced");
    if (replaced.equals(holder)) {
      takeOvers++;
      return take(who, ttl, java.util.Optional.of(replaced));
    }
    if (holder != null && !holder.equals(who) && clock.instant().isBefore(expires)) {
      throw new ConcurrentUpgradeException(holder, "lease held by " + holder + ", not by " + replaced);
    }
    return take(who, ttl, java.util.Optional.empty());
  }

  private static void checkArguments(String who, Duration ttl) {
    java.util.Objects.requireNonNull(who, "holder");
    java.util.Objects.requireNonNull(ttl, "ttl");
    if (who.isBlank()) {
      throw new IllegalArgumentException("holder must not be blank: expected an identity such as host/pid");
    }
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive, got " + ttl);
    }
  }

  private Held take(String who, Duration ttl, java.util.Optional<String> takenOverFrom) {
    holder = who;
    expires = clock.instant().plus(ttl);
    acquisitions++;
    return new Held() {
      @Override
      public String holder() {
        return who;
      }

      @Override
      public java.util.Optional<String> takenOverFrom() {
        return takenOverFrom;
      }

      @Override
      public void renew() {
        synchronized (InMemoryUpgradeLock.this) {
          if (!who.equals(holder)) {
            throw new ConcurrentUpgradeException(String.valueOf(holder), "the lease was taken over");
          }
          expires = clock.instant().plus(ttl);
          renewals++;
        }
      }

      @Override
      public void close() {
        synchronized (InMemoryUpgradeLock.this) {
          if (who.equals(holder)) {
            holder = null;
          }
        }
      }
    };
  }

  /**
   * Another run takes the lock (for tests), without counting an acquisition.
   *
   * @param who the other run's identity, such as {@code other-host/42}
   * @param ttl how long from now its lease lasts unless renewed
   */
  public synchronized void holdAs(String who, Duration ttl) {
    holder = who;
    expires = clock.instant().plus(ttl);
  }

  /** {@return who holds the lock now, even if the lease has expired; {@code null} once released} */
  public synchronized String holder() {
    return holder;
  }

  /** {@return how many times the lock was granted, by acquire or take-over} */
  public synchronized int acquisitions() {
    return acquisitions;
  }

  /** {@return how many take-overs replaced the named holder} */
  public synchronized int takeOvers() {
    return takeOvers;
  }

  /** {@return how many times a held lease was renewed} */
  public synchronized int renewals() {
    return renewals;
  }
}
