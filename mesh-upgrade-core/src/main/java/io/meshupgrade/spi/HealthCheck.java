package io.meshupgrade.spi;

import io.meshupgrade.model.Revision;

/**
 * A user's own health gate (seed step 8: "watch dashboards"), evaluated repeatedly over the soak period after the
 * workloads have been restarted. An exception counts as unhealthy. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface HealthCheck {

  /**
   * Evaluates the check while {@code from} -> {@code to} is in progress.
   *
   * @param from the revision upgraded from
   * @param to the revision upgraded to
   * @return the health result
   */
  HealthResult check(Revision from, Revision to);

  /** {@return a name for reports and events} */
  default String name() {
    return getClass().getSimpleName();
  }
}
