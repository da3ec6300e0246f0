package io.meshupgrade.options;

import io.meshupgrade.model.Revision;
import io.meshupgrade.model.UpgradeStage;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link io.meshupgrade.MeshUpgrader#upgrade} runs. Immutable and thread-safe; build one with {@link #builder()}.
 *
 * @param stopAfter stop once the plan reached this stage (the manual flow: inspect, then call again); empty runs to
 *     the end
 * @param revisionTag a revision tag to point at the new revision (created when absent); namespaces labelled with it then
 *     inject the new revision. Namespaces labelled with the old revision are relabelled and other tags pointing at it
 *     are moved either way
 * @param restart concurrency, namespace order and rollout timeout of the workload restarts
 * @param batchSize restart at most this many workloads per batch (0: all in one batch)
 * @param pauseBetweenBatches how long to wait between two batches
 * @param controlPlaneTimeout how long to wait for istiod (and gateways) of a revision to be ready
 * @param podDrainTimeout how long the health gate waits for the last pods on the old revision to go
 * @param soakPeriod how long the health gate keeps evaluating the health checks (0: once)
 * @param checkInterval the time between two evaluations during the soak period
 * @param onHealthFailure what to do when the health gate fails
 * @param overwriteMeshConfig whether an existing, different shared mesh config of the new revision may be replaced
 * @param repointDanglingTags whether revision tags pointing at a revision that is not installed are pointed at the new
 *     revision (and namespaces labelled with such a revision relabelled to it) when injection is switched; without
 *     it an upgrade refuses to start while any exist (see {@link io.meshupgrade.model.DanglingInjection})
 * @param adoptLegacyPlan whether a saved plan written by an older release, which names its cluster by
 *     {@code resourceGroup/name} only (no subscription), may be adopted for this cluster when group and name match;
 *     without it such a plan is refused ({@link io.meshupgrade.exception.ForeignPlanException}). The adoption is recorded in the plan
 */
public record UpgradeOptions(
    Optional<UpgradeStage> stopAfter,
    Optional<String> revisionTag,
    RestartOptions restart,
    int batchSize,
    Duration pauseBetweenBatches,
    Duration controlPlaneTimeout,
    Duration podDrainTimeout,
    Duration soakPeriod,
    Duration checkInterval,
    HealthFailurePolicy onHealthFailure,
    boolean overwriteMeshConfig,
    boolean repointDanglingTags,
    boolean adoptLegacyPlan) {

  /** The stages {@code stopAfter} may name: the forward stages after PLANNED. */
  public static final Set<UpgradeStage> STOPPABLE = EnumSet.of(
      UpgradeStage.MESH_CONFIG_COPIED, UpgradeStage.CANARY_STARTED, UpgradeStage.CONTROL_PLANES_VERIFIED,
      UpgradeStage.INJECTION_SWITCHED, UpgradeStage.WORKLOADS_RESTARTED, UpgradeStage.HEALTH_VERIFIED,
      UpgradeStage.COMPLETED);

  /**
   * Creates a {@code UpgradeOptions} from its components, checking them.
   *
   * @param stopAfter stop once the plan reached this stage (the manual flow: inspect, then call again); empty runs to
   *     the end
   * @param revisionTag a revision tag to point at the new revision (created when absent); namespaces labelled with it
   *     then inject the new revision. Namespaces labelled with the old revision are relabelled and other tags pointing
   *     at it are moved either way
   * @param restart concurrency, namespace order and rollout timeout of the workload restarts
   * @param batchSize restart at most this many workloads per batch (0: all in one batch)
   * @param pauseBetweenBatches how long to wait between two batches
   * @param controlPlaneTimeout how long to wait for istiod (and gateways) of a revision to be ready
   * @param podDrainTimeout how long the health gate waits for the last pods on the old revision to go
   * @param soakPeriod how long the health gate keeps evaluating the health checks (0: once)
   * @param checkInterval the time between two evaluations during the soak period
   * @param onHealthFailure what to do when the health gate fails
   * @param overwriteMeshConfig whether an existing, different shared mesh config of the new revision may be replaced
   * @param repointDanglingTags whether revision tags pointing at a revision that is not installed are pointed at the
   *     new revision (and namespaces labelled with such a revision relabelled to it) when injection is switched;
   *     without it an upgrade refuses to start while any exist (see {@link io.meshupgrade.model.DanglingInjection})
   * @param adoptLegacyPlan whether a saved plan written by an older release, which names its cluster by {@code
   *     resourceGroup/name} only (no subscription), may be adopted for this cluster when group and name match; without
   *     it such a plan is refused ({@link io.meshupgrade.exception.ForeignPlanException}). The adoption is recorded in
   *     the plan
   */
  public UpgradeOptions {
    Objects.requireNonNull(stopAfter, "stopAfter");
    Objects.requireNonNull(revisionTag, "revisionTag");
    Objects.requireNonNull(restart, "restart");
    Objects.requireNonNull(onHealthFailure, "onHealthFailure");
    stopAfter.ifPresent(s -> {
      if (!STOPPABLE.contains(s)) {
        throw new IllegalArgumentException("cannot stop after " + s + ": expected one of " + STOPPABLE);
      }
    });
    revisionTag.ifPresent(t -> {
      if (!t.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || t.length() > 63 || Revision.isRevision(t)) {
        throw new IllegalArgumentException("'" + t + "' is not a revision tag name: expected a DNS label such as "
            + "prod-stable, not a revision name");
      }
    });
    if (batchSize < 0) {
      throw new IllegalArgumentException("batchSize must be 0 (one batch) or more, got " + batchSize);
    }
    nonNegative(pauseBetweenBatches, "pauseBetweenBatches");
    positive(controlPlaneTimeout, "controlPlaneTimeout");
    nonNegative(podDrainTimeout, "podDrainTimeout");
    nonNegative(soakPeriod, "soakPeriod");
    positive(checkInterval, "checkInterval");
  }

  private static void nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
  }

  private static void positive(Duration d, String name) {
    nonNegative(d, name);
    if (d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  /**
   * {@return the defaults: run to the end, relabel namespaces, one batch, no soak, roll workloads back and halt on
   * failure}
   */
  public static UpgradeOptions defaults() {
    return builder().build();
  }

  /** {@return a builder with the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding these options} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.stopAfter = stopAfter.orElse(null);
    b.revisionTag = revisionTag.orElse(null);
    b.restart = restart;
    b.batchSize = batchSize;
    b.pauseBetweenBatches = pauseBetweenBatches;
    b.controlPlaneTimeout = controlPlaneTimeout;
    b.podDrainTimeout = podDrainTimeout;
    b.soakPeriod = soakPeriod;
    b.checkInterval = checkInterval;
    b.onHealthFailure = onHealthFailure;
    b.overwriteMeshConfig = overwriteMeshConfig;
    b.repointDanglingTags = repointDanglingTags;
    b.adoptLegacyPlan = adoptLegacyPlan;
    return b;
  }

  /** Builds {@link UpgradeOptions}; not thread-safe. */
  public static final class Builder {
    private UpgradeStage stopAfter;
    private String revisionTag;
    private RestartOptions restart = RestartOptions.defaults();
    private int batchSize;
    private Duration pauseBetweenBatches = Duration.ZERO;
    private Duration controlPlaneTimeout = Duration.ofMinutes(10);
    private Duration podDrainTimeout = Duration.ofMinutes(5);
    private Duration soakPeriod = Duration.ZERO;
    private Duration checkInterval = Duration.ofSeconds(30);
    private HealthFailurePolicy onHealthFailure = HealthFailurePolicy.ROLLBACK_WORKLOADS_AND_HALT;
    private boolean overwriteMeshConfig;
    private boolean repointDanglingTags;
    private boolean adoptLegacyPlan;

    private Builder() {}

    /**
     * Stop once the plan reached {@code stage} (one of {@link #STOPPABLE}); {@code null} runs to the end.
     *
     * @param stage the stage
     * @return this builder
     */
    public Builder stopAfter(UpgradeStage stage) {
      this.stopAfter = stage;
      return this;
    }

    /**
     * Switch injection by moving this revision tag; {@code null} relabels namespaces.
     *
     * @param tag the revision tag, e.g. {@code prod-stable}
     * @return this builder
     */
    public Builder revisionTag(String tag) {
      this.revisionTag = tag;
      return this;
    }

    /**
     * Concurrency, namespace order and rollout timeout of the restarts (default {@link RestartOptions#defaults()}).
     *
     * @param options the options
     * @return this builder
     */
    public Builder restart(RestartOptions options) {
      this.restart = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Rollouts running at once (default {@value RestartOptions#DEFAULT_CONCURRENCY}).
     *
     * @param concurrency the concurrency
     * @return this builder
     */
    public Builder concurrency(int concurrency) {
      this.restart = restart.withConcurrency(concurrency);
      return this;
    }

    /**
     * Namespaces to restart first, in this order; the others follow by name.
     *
     * @param order the order
     * @return this builder
     */
    public Builder namespaceOrder(List<String> order) {
      this.restart = restart.withNamespaceOrder(order);
      return this;
    }

    /**
     * How long to wait for the rollouts of one batch (default ten minutes).
     *
     * @param timeout how long to wait at most
     * @return this builder
     */
    public Builder rolloutTimeout(Duration timeout) {
      this.restart = restart.withRolloutTimeout(timeout);
      return this;
    }

    /**
     * Restart in batches of {@code size} workloads with {@code pause} between them.
     *
     * @param size the size
     * @param pause the pause
     * @return this builder
     */
    public Builder batches(int size, Duration pause) {
      this.batchSize = size;
      this.pauseBetweenBatches = pause;
      return this;
    }

    /**
     * How long to wait for a revision's istiod (and gateways) to be ready (default ten minutes).
     *
     * @param timeout how long to wait at most
     * @return this builder
     */
    public Builder controlPlaneTimeout(Duration timeout) {
      this.controlPlaneTimeout = timeout;
      return this;
    }

    /**
     * How long the health gate waits for the last pods on the old revision to go (default five minutes).
     *
     * @param timeout how long to wait at most
     * @return this builder
     */
    public Builder podDrainTimeout(Duration timeout) {
      this.podDrainTimeout = timeout;
      return this;
    }

    /**
     * Keep evaluating the health checks for {@code period}, every {@code interval}.
     *
     * @param period the period
     * @param interval the time between two checks
     * @return this builder
     */
    public Builder soak(Duration period, Duration interval) {
      this.soakPeriod = period;
      this.checkInterval = interval;
      return this;
    }

    /**
     * What to do when the health gate fails (default {@link HealthFailurePolicy#ROLLBACK_WORKLOADS_AND_HALT}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder onHealthFailure(HealthFailurePolicy policy) {
      this.onHealthFailure = policy;
      return this;
    }

    /**
     * Whether a different shared mesh config already present for the new revision may be replaced (default no).
     *
     * @param overwrite whether overwrite
     * @return this builder
     */
    public Builder overwriteMeshConfig(boolean overwrite) {
      this.overwriteMeshConfig = overwrite;
      return this;
    }

    /**
     * Whether revision tags pointing at a revision that is not installed are pointed at the new revision, and
     * namespaces labelled with such a revision relabelled to it, when injection is switched (default no: the upgrade
     * refuses to start while any exist, since every pod creation in a dangling tag's namespaces fails).
     *
     * @param repoint whether repoint
     * @return this builder
     */
    public Builder repointDanglingTags(boolean repoint) {
      this.repointDanglingTags = repoint;
      return this;
    }

    /**
     * Whether a saved plan of an older release, naming its cluster by {@code resourceGroup/name} without the
     * subscription, may be adopted for this cluster (default no: such a plan is refused, since a cluster of the same
     * group and name in another subscription would match too). Only set it once you checked that the plan was saved
     * for this cluster; the adoption is recorded in the plan ({@link io.meshupgrade.plan.UpgradePlan#adoption()}).
     *
     * @param adopt whether adopt
     * @return this builder
     */
    public Builder adoptLegacyPlan(boolean adopt) {
      this.adoptLegacyPlan = adopt;
      return this;
    }

    /**
     * {@return the options}
     *
     * @throws IllegalArgumentException naming the bad value and the expected form
     */
    public UpgradeOptions build() {
      return new UpgradeOptions(Optional.ofNullable(stopAfter), Optional.ofNullable(revisionTag), restart, batchSize,
          pauseBetweenBatches, controlPlaneTimeout, podDrainTimeout, soakPeriod, checkInterval, onHealthFailure,
          overwriteMeshConfig, repointDanglingTags,
          adoptLegacyPlan);
    }
  }
}
