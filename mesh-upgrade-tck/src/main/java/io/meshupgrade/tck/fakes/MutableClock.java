package io.meshupgrade.tck.fakes;

import io.meshupgrade.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when told to; its {@link #sleeper()} advances it instead of sleeping. */
public final class MutableClock extends Clock {

  private Instant now;

  /**
   * Creates a clock standing at {@code start}, in UTC.
   *
   * @param start the instant the clock shows until it is advanced
   */
  public MutableClock(Instant start) {
    this.now = start;
  }

  /**
   * Moves the clock forward.
   *
   * @param d how far to move it
   */
  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  /** {@return a sleeper that advances this clock by the time slept, at once} */
  public Sleeper sleeper() {
    return this::advance;
  }
}
