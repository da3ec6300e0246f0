package io.meshupgrade;

import java.util.Objects;

/** The verdict of one {@link io.meshupgrade.spi.HealthCheck}. */
public record HealthResult(boolean healthy, String detail) {
  public HealthResult {
    Objects.requireNonNull(detail, "detail");
  }

  public static HealthResult ok() {
    return new HealthResult(true, "");
  }

  public static HealthResult failed(String reason) {
    return new HealthResult(false, Objects.requireNonNull(reason, "reason"));
  }
}
