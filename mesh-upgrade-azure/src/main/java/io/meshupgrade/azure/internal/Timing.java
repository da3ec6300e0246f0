package io.meshupgrade.azure.internal;

import io.meshupgrade.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How long the adapter waits, and how it sleeps.
 *
 * <p>Immutable and thread-safe. Not API.
 *
 * @param operationTimeout longest wait for a long-running operation, from the start of the call
 * @param conflictTimeout longest wait for another operation to end (409, or a cluster that is Updating)
 * @param pollInterval shortest pause between two polls, and the first back-off after a 409
 * @param maxPollInterval longest pause between two polls (caps a Retry-After and the back-off)
 * @param clock time source for deadlines
 * @param sleeper how to pause
 */
public record Timing(Duration operationTimeout, Duration conflictTimeout, Duration pollInterval,
    Duration maxPollInterval, Clock clock, Sleeper sleeper) {

  /** Validates. */
  public Timing {
    positive(operationTimeout, "operationTimeout");
    positive(conflictTimeout, "conflictTimeout");
    positive(pollInterval, "pollInterval");
    positive(maxPollInterval, "maxPollInterval");
    if (maxPollInterval.compareTo(pollInterval) < 0) {
      throw new IllegalArgumentException(
          "maxPollInterval (" + maxPollInterval + ") must not be shorter than pollInterval (" + pollInterval + ")");
    }
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
  }

  static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
