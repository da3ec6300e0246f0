package io.meshupgrade.spi;

import io.meshupgrade.model.Revision;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A user's own health gate (seed step 7: "Check your monitoring tools and dashboards"), evaluated repeatedly over the soak period after the
 * workloads have been restarted. An exception counts as unhealthy. Implementations must be thread-safe.
 *
 * <p>Each evaluation receives a {@link HealthCheckContext}: the hop, the attempt number, the time elapsed and the
 * deadline of the soak, and the workloads restarted. The context can gain accessors without breaking a check.
 * {@code mesh-upgrade-tck}'s {@code HealthCheckContract} states what the upgrader promises a check.
 */
@FunctionalInterface
public interface HealthCheck {

  /**
   * Evaluates the check at one attempt of the soak of {@code context.from()} -> {@code context.to()}.
   *
   * @param context the hop, the attempt number, the time elapsed and the deadline of the soak, and the restarted
   *     workloads
   * @return the verdict at this attempt: healthy, or unhealthy with a detail saying what failed
   */
  HealthResult check(HealthCheckContext context);

  /** {@return a name for reports and events} */
  default String name() {
    return getClass().getSimpleName();
  }

  /**
   * A check of the hop's revisions only, for a check written against the 0.1 signature
   * {@code check(Revision from, Revision to)}: {@code HealthCheck.of("error-rate", (from, to) -> ...)}.
   *
   * @param name the check's {@link #name()}
   * @param check evaluated with {@code context.from()} and {@code context.to()}
   * @return a check named {@code name} that applies {@code check} to the hop's revisions
   */
  static HealthCheck of(String name, BiFunction<Revision, Revision, HealthResult> check) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(check, "check");
    return new HealthCheck() {
      @Override
      public HealthResult check(HealthCheckContext context) {
        return check.apply(context.from(), context.to());
      }

      @Override
      public String name() {
        return name;
      }

      @Override
      public String toString() {
        return "HealthCheck[" + name + "]";
      }
    };
  }
}
