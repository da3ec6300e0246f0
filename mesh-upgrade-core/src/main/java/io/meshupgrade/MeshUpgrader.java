package io.meshupgrade;

import io.meshupgrade.event.UpgradeListener;
import io.meshupgrade.internal.Orchestrator;
import io.meshupgrade.internal.Settings;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.DanglingInjection;
import io.meshupgrade.model.Revision;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.plan.UpgradePolicy;
import io.meshupgrade.report.RollOverReport;
import io.meshupgrade.report.UpgradePreview;
import io.meshupgrade.report.UpgradeReport;
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

/**
 * Upgrades the AKS Istio add-on of one cluster safely: a canary upgrade driven through an {@link UpgradePlan}, with
 * rollback, interlocks, patch roll-over and resume after a crash. It uses only the ports in
 * {@link io.meshupgrade.spi}.
 *
 * <pre>{@code
 * MeshUpgrader upgrader = MeshUpgrader.builder()
 *     .controlPlane(arm).dataPlane(kube).planStore(store).lock(lease)
 *     .listener(System.out::println)
 *     .build();
 * UpgradePreview preview = upgrader.plan(Revision.parse("asm-1-19"));     // changes nothing
 * UpgradeReport report = upgrader.upgrade(Revision.parse("asm-1-19"));    // the whole canary upgrade
 * }</pre>
 *
 * <p>Every call that changes the cluster reads the cluster and the saved plan first, so that a run that died
 * resumes where it stopped, and repeats no side effect of a step that completed. The plan is saved (with
 * compare-and-set) after every transition.
 *
 * <p>Thread-safe. Calls that change the cluster ({@link #upgrade}, {@link #complete}, {@link #forceComplete},
 * {@link #rollback}, {@link #rollOverPatch}) are mutually exclusive: on one instance a second concurrent call gets a
 * {@link io.meshupgrade.exception.ConcurrentUpgradeException} at once; across processes the configured {@link UpgradeLock} is held for the
 * whole call, renewed every third of its ttl by a daemon thread (see {@link Builder#lockTtl}). {@link #plan} and {@link #currentPlan} never block and change
 * nothing. Listeners are called one event at a time, possibly from restart worker threads.
 */
public final class MeshUpgrader {

  /** The default key of the saved plan in the {@link PlanStore}. */
  public static final String DEFAULT_PLAN_KEY = "mesh-upgrade-plan";

  /** The default time-to-live of the cluster lock without renewal: fifteen minutes. */
  public static final Duration DEFAULT_LOCK_TTL = Duration.ofMinutes(15);

  private final Orchestrator orchestrator;
  private final String holder;

  private MeshUpgrader(Settings settings) {
    this.orchestrator = new Orchestrator(settings);
    this.holder = settings.holder();
  }

  /**
   * {@return who this upgrader is in the cluster's lock: the name given to {@link Builder#holder} (default
   * {@code mesh-upgrade}), a slash and a random nonce, e.g. {@code alice@host/3f9a1c}; unique per upgrader, so two
   * runs given the same name never share the lock} Name it to {@link Builder#takeOver} after this run crashed.
   */
  public String holder() {
    return holder;
  }

  /** {@return a builder} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return the dry run of {@code upgrade(target)}: the situation, the rule check, the hops, the steps, the namespaces
   * it would relabel and the workloads it would restart} Changes nothing (not even the lock).
   *
   * @param target the revision to upgrade to
   */
  public UpgradePreview plan(Revision target) {
    return plan(target, UpgradeOptions.defaults());
  }

  /**
   * {@return the dry run of {@code upgrade(target, options)}} Changes nothing.
   *
   * @param target the revision to upgrade to
   * @param options the options of the run
   */
  public UpgradePreview plan(Revision target, UpgradeOptions options) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(options, "options");
    return orchestrator.preview(target, options);
  }

  /**
   * {@link #upgrade(Revision, UpgradeOptions)} with the default options.
   *
   * @param target the revision to upgrade to
   * @return the upgrade report
   */
  public UpgradeReport upgrade(Revision target) {
    return upgrade(target, UpgradeOptions.defaults());
  }

  /**
   * Upgrades the mesh to {@code target}, one canary hop after the other (asm-1-17 -> asm-1-19 runs two hops, each its
   * own plan): copy the shared mesh config, start the canary, verify both control planes and gateways, switch injection
   * (relabel every namespace labelled with the old revision and move every revision tag pointing at it, plus the
   * options' revision tag, created when absent), restart the workloads still on the old revision, pass the health gate,
   * check that nothing still uses the old revision, complete, delete the old mesh config and verify the final state.
   * Resumes a saved plan toward {@code target}.
   *
   * <p>A refusal (stale canary, rule, cluster not ready, a saved plan of another cluster as a {@link
   * io.meshupgrade.exception.CheckpointException}, a saved plan whose canary was removed outside this library as a
   * {@link io.meshupgrade.exception.CanaryRemovedException}) is returned as {@link UpgradeReport.Outcome#REFUSED}
   * before anything changed; a failed health gate is handled by {@link UpgradeOptions#onHealthFailure()}.
   *
   * @param target the revision to upgrade to
   * @param options the options of the run
   * @return the upgrade report
   * @throws io.meshupgrade.exception.ConcurrentUpgradeException when another run holds the cluster's lock
   * @throws io.meshupgrade.exception.MeshUpgradeException when a port fails; the plan keeps its last checkpoint: call again to resume
   */
  public UpgradeReport upgrade(Revision target, UpgradeOptions options) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(options, "options");
    return orchestrator.upgrade(target, options);
  }

  /**
   * Completes the canary in progress (the manual flow, after {@code upgrade} stopped): removes the old revision.
   * Refuses while any pod still runs the old revision or any namespace or tag still points at it. The health gate
   * is evaluated once; on failure the plan halts.
   *
   * @return the upgrade report
   * @throws io.meshupgrade.exception.UpgradeRefusedException naming, per namespace, what still uses the old revision ("3 pods in namespace
   *     shop still run asm-1-18: restart them or pass force"), or when a rollback is in progress
   * @throws io.meshupgrade.exception.NoUpgradeInProgressException when no canary is installed
   * @throws io.meshupgrade.exception.CheckpointException when the saved plan belongs to another cluster
   * @throws io.meshupgrade.exception.ConcurrentUpgradeException when another run holds the cluster's lock
   */
  public UpgradeReport complete() {
    return complete(UpgradeOptions.defaults());
  }

  /**
   * {@link #complete()} with the given timeouts and check interval (the health gate and the final verification use
   * them; stopAfter and the restart options do not apply).
   *
   * @param options the options of the run
   * @return the upgrade report
   */
  public UpgradeReport complete(UpgradeOptions options) {
    return orchestrator.complete(null, Objects.requireNonNull(options, "options"));
  }

  /**
   * Completes the canary in progress even though pods, namespaces or tags still use the old revision: they will be
   * detached from the mesh. The reason is recorded in the plan and the report. Injection is not switched and no
   * workload is restarted; the new control plane must still be ready and the health checks must pass.
   *
   * @param reason why (non-blank), e.g. "batch jobs finish tonight"
   * @return the upgrade report
   * @throws io.meshupgrade.exception.NoUpgradeInProgressException when no canary is installed
   */
  public UpgradeReport forceComplete(String reason) {
    return forceComplete(reason, UpgradeOptions.defaults());
  }

  /**
   * {@link #forceComplete(String)} with the given timeouts and check interval.
   *
   * @param reason why, in words
   * @param options the options of the run
   * @return the upgrade report
   */
  public UpgradeReport forceComplete(String reason, UpgradeOptions options) {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(options, "options");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a forced complete needs a reason, got '" + reason + "'");
    }
    return orchestrator.complete(reason, options);
  }

  /**
   * Rolls the canary in progress back: moves injection (namespaces and tags) and workloads back to the old
   * revision, then removes the new revision and its shared mesh config. Workloads whose pods have no sidecar in the
   * namespaces moved back are restarted too; this also repairs a plan whose canary was removed outside this library
   * ({@link io.meshupgrade.exception.CanaryRemovedException}).
   *
   * @return the upgrade report
   * @throws io.meshupgrade.exception.UpgradeRefusedException after the upgrade was completed (AKS cannot roll back after complete)
   * @throws io.meshupgrade.exception.NoUpgradeInProgressException when no canary is installed and no plan is in progress
   * @throws io.meshupgrade.exception.CheckpointException when the saved plan belongs to another cluster
   * @throws io.meshupgrade.exception.ConcurrentUpgradeException when another run holds the cluster's lock
   */
  public UpgradeReport rollback() {
    return rollback(UpgradeOptions.defaults());
  }

  /**
   * {@link #rollback()} with the given restart options (concurrency, namespace order, batches), timeouts and check
   * interval.
   *
   * @param options the options of the run
   * @return the upgrade report
   */
  public UpgradeReport rollback(UpgradeOptions options) {
    return orchestrator.rollback(Objects.requireNonNull(options, "options"));
  }

  /**
   * {@link #rollOverPatch(UpgradeOptions)} with the default restart options.
   *
   * @return the roll over report
   */
  public RollOverReport rollOverPatch() {
    return rollOverPatch(UpgradeOptions.defaults());
  }

  /**
   * Patch roll-over: restarts the workloads whose proxy image differs from the image their revision injects now
   * ({@link MeshDataPlane#currentProxyImage}), with the options' concurrency, namespace order and batches.
   *
   * @param options the options of the run
   * @return the roll over report
   * @throws io.meshupgrade.exception.ConcurrentUpgradeException when another run holds the cluster's lock
   */
  public RollOverReport rollOverPatch(UpgradeOptions options) {
    Objects.requireNonNull(options, "options");
    return orchestrator.rollOverPatch(options);
  }

  /**
   * {@return the revision tags and namespaces pointing at a revision that is not installed now (a tag left at a removed
   * revision fails every pod creation in its namespaces); {@link UpgradeOptions#repointDanglingTags()} points them at
   * the new revision during an upgrade} Changes nothing.
   */
  public DanglingInjection danglingInjection() {
    return orchestrator.danglingInjection();
  }

  /**
   * Repairs a cluster left in provisioningState Failed by a failed ARM operation: under the cluster lock, re-applies
   * the cluster unchanged ({@link MeshControlPlane#repair()}), as AKS recovers a failed cluster. The saved plan is
   * kept as it is: once the cluster is Succeeded again, resume with {@code upgrade}, {@code complete} or
   * {@code rollback}.
   *
   * @return the cluster's state after the repair
   * @throws io.meshupgrade.exception.UpgradeRefusedException when the cluster is not Failed (nothing to repair), naming its state
   * @throws io.meshupgrade.exception.ConcurrentUpgradeException when another run holds the cluster's lock
   * @throws io.meshupgrade.exception.OperationFailedException when the reconcile operation fails too
   */
  public ClusterMeshState repair() {
    return orchestrator.repair();
  }

  /** {@return the saved plan (in progress or the last one finished), if any} Changes nothing. */
  public Optional<UpgradePlan> currentPlan() {
    return orchestrator.currentPlan();
  }

  /** Builds a {@link MeshUpgrader}; not thread-safe. */
  public static final class Builder {
    private MeshControlPlane controlPlane;
    private MeshDataPlane dataPlane;
    private PlanStore planStore;
    private UpgradeLock lock;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.THREAD_SLEEP;
    private UpgradePolicy policy = UpgradePolicy.ONE_MINOR_AT_A_TIME;
    private final List<UpgradeListener> listeners = new ArrayList<>();
    private final List<HealthCheck> healthChecks = new ArrayList<>();
    private String planKey = DEFAULT_PLAN_KEY;
    private String holder;
    private Duration lockTtl = DEFAULT_LOCK_TTL;
    private String takeOver;

    private Builder() {}

    /**
     * Required: what ARM does.
     *
     * @param controlPlane the control plane
     * @return this builder
     */
    public Builder controlPlane(MeshControlPlane controlPlane) {
      this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane");
      return this;
    }

    /**
     * Required: what kubectl does.
     *
     * @param dataPlane the data plane
     * @return this builder
     */
    public Builder dataPlane(MeshDataPlane dataPlane) {
      this.dataPlane = Objects.requireNonNull(dataPlane, "dataPlane");
      return this;
    }

    /**
     * Required: where the plan's checkpoint goes after every transition.
     *
     * @param planStore the plan store
     * @return this builder
     */
    public Builder planStore(PlanStore planStore) {
      this.planStore = Objects.requireNonNull(planStore, "planStore");
      return this;
    }

    /**
     * Optional: one run per cluster at a time (held and renewed during every mutating call).
     *
     * @param lock the lock
     * @return this builder
     */
    public Builder lock(UpgradeLock lock) {
      this.lock = Objects.requireNonNull(lock, "lock");
      return this;
    }

    /**
     * The time source (default: the system UTC clock).
     *
     * @param clock the time source
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How to wait between polls and batches (default: sleep the thread).
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * How far one hop may move (default {@link UpgradePolicy#ONE_MINOR_AT_A_TIME}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder policy(UpgradePolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Adds a progress listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(UpgradeListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Adds progress listeners.
     *
     * @param all the listeners to add
     * @return this builder
     */
    public Builder listeners(Collection<? extends UpgradeListener> all) {
      Objects.requireNonNull(all, "listeners").forEach(this::listener);
      return this;
    }

    /**
     * Adds a user health check, evaluated over the soak period of the health gate.
     *
     * @param check the health check to add
     * @return this builder
     */
    public Builder healthCheck(HealthCheck check) {
      healthChecks.add(Objects.requireNonNull(check, "check"));
      return this;
    }

    /**
     * Adds user health checks.
     *
     * @param all the health checks to add
     * @return this builder
     */
    public Builder healthChecks(Collection<? extends HealthCheck> all) {
      Objects.requireNonNull(all, "healthChecks").forEach(this::healthCheck);
      return this;
    }

    /**
     * The key of the saved plan (default {@value MeshUpgrader#DEFAULT_PLAN_KEY}); a DNS-1123 name, since stores may use
     * it as an object name.
     *
     * @param key the key, e.g. {@code mesh-upgrade-plan}
     * @return this builder
     */
    public Builder planKey(String key) {
      Objects.requireNonNull(key, "key");
      if (!key.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
        throw new IllegalArgumentException("'" + key + "' is not a plan key: expected a DNS-1123 name such as "
            + DEFAULT_PLAN_KEY);
      }
      this.planKey = key;
      return this;
    }

    /**
     * Who runs this upgrade, in the lock and in errors (default {@code mesh-upgrade}); the upgrader adds a nonce (see
     * {@link MeshUpgrader#holder()}), so that two runs given the same name never take each other's lease as theirs.
     *
     * @param holder the lock holder's name
     * @return this builder
     */
    public Builder holder(String holder) {
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
     * (taken over by another run) stops the call before its next step with a {@link
     * io.meshupgrade.exception.ConcurrentUpgradeException}, the checkpoint kept. A crashed run blocks others for at
     * most this long.
     *
     * @param ttl how long the lease lasts unless renewed
     * @return this builder
     */
    public Builder lockTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("lockTtl must be positive, got " + ttl);
      }
      this.lockTtl = ttl;
      return this;
    }

    /**
     * Takes the cluster's lock over from {@code replaced}, the exact holder (as printed, nonce included) of a run that
     * is gone (crashed or killed), instead of waiting for its lease to expire. Refused with a {@link
     * io.meshupgrade.exception.ConcurrentUpgradeException} naming both when the lock is held by anyone else; a free
     * lock is just acquired. A take-over is recorded in the plan (the details of the next transition, {@code
     * lockTakenOverFrom}) and as a report warning. Needs a lock that supports {@link UpgradeLock#takeOver}.
     *
     * @param replaced the replaced
     * @return this builder
     */
    public Builder takeOver(String replaced) {
      Objects.requireNonNull(replaced, "replaced");
      if (replaced.isBlank()) {
        throw new IllegalArgumentException("the holder to take over must not be blank: give it exactly as the refusal"
            + " printed it, e.g. alice@host/3f9a1c");
      }
      this.takeOver = replaced;
      return this;
    }

    /**
     * {@return the upgrader}
     *
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
}
