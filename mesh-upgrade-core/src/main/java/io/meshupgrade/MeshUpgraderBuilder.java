package io.meshupgrade;

import io.meshupgrade.event.UpgradeListener;
import io.meshupgrade.internal.Settings;
import io.meshupgrade.plan.UpgradePolicy;
import io.meshupgrade.spi.HealthCheck;
import io.meshupgrade.spi.MeshControlPlane;
import io.meshupgrade.spi.MeshDataPlane;
import io.meshupgrade.spi.PlanStore;
import io.meshupgrade.spi.Sleeper;
import io.meshupgrade.spi.UpgradeLock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Builds a {@link MeshUpgrader}; not thread-safe. */
public final class MeshUpgraderBuilder {
  private MeshControlPlane controlPlane;
  private MeshDataPlane dataPlane;
  private PlanStore planStore;
  private UpgradeLock lock;
  private Clock clock = Clock.systemUTC();
  private Sleeper sleeper = Sleeper.THREAD_SLEEP;
  private UpgradePolicy policy = UpgradePolicy.ONE_MINOR_AT_A_TIME;
  private final List<UpgradeListener> listeners = new ArrayList<>();
  private final List<HealthCheck> healthChecks = new ArrayList<>();
  private String planKey = MeshUpgrader.DEFAULT_PLAN_KEY;
  private String holder;
  private Duration lockTtl = MeshUpgrader.DEFAULT_LOCK_TTL;
  private String takeOver;

  MeshUpgraderBuilder() {}

  /**
   * Required: what ARM does.
   *
   * @param controlPlane the port reading and changing the cluster's Istio add-on through ARM; not null
   * @return this builder
   */
  public MeshUpgraderBuilder controlPlane(MeshControlPlane controlPlane) {
    this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane");
    return this;
  }

  /**
   * Required: what kubectl does.
   *
   * @param dataPlane the port reading and changing namespaces, tags and workloads in the cluster; not null
   * @return this builder
   */
  public MeshUpgraderBuilder dataPlane(MeshDataPlane dataPlane) {
    this.dataPlane = Objects.requireNonNull(dataPlane, "dataPlane");
    return this;
  }

  /**
   * Required: where the plan's checkpoint goes after every transition.
   *
   * @param planStore the store of the saved plan, e.g. a {@link FilePlanStore}; not null
   * @return this builder
   */
  public MeshUpgraderBuilder planStore(PlanStore planStore) {
    this.planStore = Objects.requireNonNull(planStore, "planStore");
    return this;
  }

  /**
   * Optional: one run per cluster at a time (held and renewed during every mutating call). Without a lock only the
   * calls on one upgrader instance exclude each other.
   *
   * @param lock the cluster-wide lock, e.g. a Kubernetes lease; not null
   * @return this builder
   */
  public MeshUpgraderBuilder lock(UpgradeLock lock) {
    this.lock = Objects.requireNonNull(lock, "lock");
    return this;
  }

  /**
   * The time source (default: the system UTC clock).
   *
   * @param clock the clock for timestamps, timeouts and deadlines; not null
   * @return this builder
   */
  public MeshUpgraderBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * How to wait between polls and batches (default: sleep the thread).
   *
   * @param sleeper the waiting strategy, e.g. a no-op one in tests; not null
   * @return this builder
   */
  public MeshUpgraderBuilder sleeper(Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    return this;
  }

  /**
   * How far one hop may move (default {@link UpgradePolicy#ONE_MINOR_AT_A_TIME}).
   *
   * @param policy the hop policy; not null
   * @return this builder
   */
  public MeshUpgraderBuilder policy(UpgradePolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Adds a progress listener.
   *
   * @param listener the listener, called once per event in order; not null
   * @return this builder
   */
  public MeshUpgraderBuilder listener(UpgradeListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Adds progress listeners.
   *
   * @param all the listeners, added in iteration order; not null, may be empty
   * @return this builder
   */
  public MeshUpgraderBuilder listeners(Collection<? extends UpgradeListener> all) {
    Objects.requireNonNull(all, "listeners").forEach(this::listener);
    return this;
  }

  /**
   * Adds a user health check, evaluated over the soak period of the health gate.
   *
   * @param check the health check; not null
   * @return this builder
   */
  public MeshUpgraderBuilder healthCheck(HealthCheck check) {
    healthChecks.add(Objects.requireNonNull(check, "check"));
    return this;
  }

  /**
   * Adds user health checks.
   *
   * @param all the health checks, added in iteration order; not null, may be empty
   * @return this builder
   */
  public MeshUpgraderBuilder healthChecks(Collection<? extends HealthCheck> all) {
    Objects.requireNonNull(all, "healthChecks").forEach(this::healthCheck);
    return this;
  }

  /**
   * The key of the saved plan (default {@value MeshUpgrader#DEFAULT_PLAN_KEY}); a DNS-1123 name, since stores may use it as
   * an object name.
   *
   * @param key the plan key, a DNS-1123 name of at most 253 characters
   * @return this builder
   * @throws IllegalArgumentException when {@code key} is not a DNS-1123 name
   */
  public MeshUpgraderBuilder planKey(String key) {
    Objects.requireNonNull(key, "key");
    if (!key.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
      throw new IllegalArgumentException("'" + key + "' is not a plan key: expected a DNS-1123 name such as "
          + MeshUpgrader.DEFAULT_PLAN_KEY);
    }
    this.planKey = key;
    return this;
  }

  /**
   * Who runs this upgrade, in the lock and in errors (default {@code mesh-upgrade}); the upgrader adds a nonce (see
   * {@link MeshUpgrader#holder()}), so that two runs given the same name never take each other's lease as theirs.
   *
   * @param holder the name of who runs the upgrade, e.g. {@code alice@host}; not blank
   * @return this builder
   * @throws IllegalArgumentException when {@code holder} is blank
   */
  public MeshUpgraderBuilder holder(String holder) {
    Objects.requireNonNull(holder, "holder");
    if (holder.isBlank()) {
      throw new IllegalArgumentException("holder must not be blank");
    }
    this.holder = holder;
    return this;
  }

  /**
   * How long the lock lasts without renewal (default {@link MeshUpgrader#DEFAULT_LOCK_TTL}). While a call runs, a
   * daemon thread renews the lock every third of the ttl, also while one long port call blocks (an ARM operation,
   * {@link MeshDataPlane#awaitControlPlane}); it is also renewed between steps and batches. A lease lost meanwhile
   * (taken over by another run) stops the call before its next step with a {@link io.meshupgrade.exception.ConcurrentUpgradeException}, the
   * checkpoint kept. A crashed run blocks others for at most this long.
   *
   * @param ttl the lease duration without renewal; positive
   * @return this builder
   * @throws IllegalArgumentException when {@code ttl} is zero or negative
   */
  public MeshUpgraderBuilder lockTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lockTtl must be positive, got " + ttl);
    }
    this.lockTtl = ttl;
    return this;
  }

  /**
   * Takes the cluster's lock over from {@code replaced}, the exact holder (as printed, nonce included) of a run that
   * is gone (crashed or killed), instead of waiting for its lease to expire. Refused with a
   * {@link io.meshupgrade.exception.ConcurrentUpgradeException} naming both when the lock is held by anyone else; a free lock is just
   * acquired. A take-over is recorded in the plan (the details of the next transition, {@code lockTakenOverFrom})
   * and as a report warning. Needs a lock that supports {@link UpgradeLock#takeOver}.
   *
   * @param replaced the exact holder of the gone run, nonce included, e.g. {@code alice@host/3f9a1c}; not blank
   * @return this builder
   * @throws IllegalArgumentException when {@code replaced} is blank
   */
  public MeshUpgraderBuilder takeOver(String replaced) {
    Objects.requireNonNull(replaced, "replaced");
    if (replaced.isBlank()) {
      throw new IllegalArgumentException("the holder to take over must not be blank: give it exactly as the refusal"
          + " printed it, e.g. alice@host/3f9a1c");
    }
    this.takeOver = replaced;
    return this;
  }

  /**
   * The upgrader.
   *
   * @return a new upgrader with this builder's ports and settings and a fresh holder nonce
   * @throws NullPointerException naming the missing port (controlPlane, dataPlane or planStore)
   */
  public MeshUpgrader build() {
    Objects.requireNonNull(controlPlane, "controlPlane");
    Objects.requireNonNull(dataPlane, "dataPlane");
    Objects.requireNonNull(planStore, "planStore");
    return new MeshUpgrader(new Settings(controlPlane, dataPlane, planStore, Optional.ofNullable(lock), clock,
        sleeper, policy, listeners, healthChecks, planKey,
        uniqueHolder(holder != null ? holder : "mesh-upgrade"), lockTtl, Optional.ofNullable(takeOver)));
  }

  private static String uniqueHolder(String name) {
    return name + "/" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
