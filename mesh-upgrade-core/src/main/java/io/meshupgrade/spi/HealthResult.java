package io.meshupgrade.spi;

import java.util.Objects;

/**
 * The verdict of one {@link io.meshupgrade.spi.HealthCheck}.
 *
 * <p>Immutable and thread-safe.
 */
public record HealthResult(boolean healthy, String detail) {
  /**
   * Creates a {@code HealthResult} from its components, checking them.
   *
   * @param healthy whether healthy
   * @param detail the detail, in words
   */
  public HealthResult {
    Objects.requireNonNull(detail, "detail");
  }

  /** {@return a healthy verdict with no detail} */
  public static HealthResult ok() {
    return new HealthResult(true, "");
  }

  /**
   * {@return an unhealthy verdict; {@code reason} says what failed and is shown in the report}
   *
   * @param reason why, in words
   */
  public static HealthResult failed(String reason) {
    return new HealthResult(false, Objects.requireNonNull(reason, "reason"));
  }
}
