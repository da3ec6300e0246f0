package io.meshupgrade.internal;

import io.meshupgrade.spi.Sleeper;
import io.meshupgrade.plan.UpgradePolicy;
import io.meshupgrade.event.UpgradeListener;
import io.meshupgrade.spi.HealthCheck;
import io.meshupgrade.spi.MeshControlPlane;
import io.meshupgrade.spi.MeshDataPlane;
import io.meshupgrade.spi.PlanStore;
import io.meshupgrade.spi.UpgradeLock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Everything a {@link io.meshupgrade.MeshUpgrader} was built with. Not API. Immutable. */
public record Settings(
    MeshControlPlane controlPlane,
    MeshDataPlane dataPlane,
    PlanStore planStore,
    Optional<UpgradeLock> lock,
    Clock clock,
    Sleeper sleeper,
    UpgradePolicy policy,
    List<UpgradeListener> listeners,
    List<HealthCheck> healthChecks,
    String planKey,
    String holder,
    Duration lockTtl,
    Optional<String> takeOver) {

  public Settings {
    Objects.requireNonNull(controlPlane, "controlPlane");
    Objects.requireNonNull(dataPlane, "dataPlane");
    Objects.requireNonNull(planStore, "planStore");
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(policy, "policy");
    listeners = List.copyOf(listeners);
    healthChecks = List.copyOf(healthChecks);
    Objects.requireNonNull(planKey, "planKey");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(lockTtl, "lockTtl");
    Objects.requireNonNull(takeOver, "takeOver");
  }
}
