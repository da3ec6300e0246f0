package io.meshupgrade.spi;

import java.util.Objects;

/**
 * The verdict of one {@link io.meshupgrade.spi.HealthCheck}.
 *
 * <p>Immutable and thread-safe.
 */
public record HealthResult(boolean healthy, String detail) {
  public HealthResult {
    Objects.requireNonNull(detail, "detail");
  }

  /** A healthy verdict with no detail. */
  public static HealthResult ok() {
    return new HealthResult(true, "");
  }

  /** An unhealthy verdict; {@code reason} says what failed and is shown in the report. */
  public static HealthResult failed(String reason) {
    return new HealthResult(false, Objects.requireNonNull(reason, "reason"));
  }
}
