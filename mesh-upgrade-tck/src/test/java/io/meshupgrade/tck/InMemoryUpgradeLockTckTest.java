package io.meshupgrade.tck;

import io.meshupgrade.spi.UpgradeLock;
import io.meshupgrade.tck.fakes.InMemoryUpgradeLock;
import io.meshupgrade.tck.fakes.MutableClock;
import java.time.Duration;
import java.time.Instant;

/** The TCK against the in-memory lock. */
class InMemoryUpgradeLockTckTest extends UpgradeLockContract {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T08:00:00Z"));

  @Override
  protected UpgradeLock createLock() {
    return new InMemoryUpgradeLock(clock);
  }

  @Override
  protected void advanceClock(Duration duration) {
    clock.advance(duration);
  }
}
