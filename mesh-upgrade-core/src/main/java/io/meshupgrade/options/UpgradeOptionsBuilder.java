package io.meshupgrade.options;

import io.meshupgrade.model.Revision;
import io.meshupgrade.model.UpgradeStage;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Builds {@link UpgradeOptions}; not thread-safe. */
public final class UpgradeOptionsBuilder {
  UpgradeStage stopAfter;
  String revisionTag;
  RestartOptions restart = RestartOptions.defaults();
  int batchSize;
  Duration pauseBetweenBatches = Duration.ZERO;
  Duration controlPlaneTimeout = Duration.ofMinutes(10);
  Duration podDrainTimeout = Duration.ofMinutes(5);
  Duration soakPeriod = Duration.ZERO;
  Duration checkInterval = Duration.ofSeconds(30);
  HealthFailurePolicy onHealthFailure = HealthFailurePolicy.ROLLBACK_WORKLOADS_AND_HALT;
  boolean overwriteMeshConfig;
  boolean repointDanglingTags;
  boolean adoptLegacyPlan;
  Duration deadline;

  UpgradeOptionsBuilder() {}

  /**
   * Stop once the plan reached {@code stage} (one of {@link UpgradeOptions#STOPPABLE}); {@code null} runs to the end.
   *
   * @param stage the stage to stop after, one of {@link UpgradeOptions#STOPPABLE}; {@code null} to run to the end
   * @return this builder
   */
  public UpgradeOptionsBuilder stopAfter(UpgradeStage stage) {
    this.stopAfter = stage;
    return this;
  }

  /**
   * Switch injection by moving this revision tag; {@code null} relabels namespaces.
   *
   * @param tag the revision tag name (a DNS label such as {@code prod-stable}); {@code null} to relabel namespaces
   * @return this builder
   */
  public UpgradeOptionsBuilder revisionTag(String tag) {
    this.revisionTag = tag;
    return this;
  }

  /**
   * Concurrency, namespace order and rollout timeout of the restarts (default {@link RestartOptions#defaults()}).
   *
   * @param options the restart options (not null)
   * @return this builder
   */
  public UpgradeOptionsBuilder restart(RestartOptions options) {
    this.restart = Objects.requireNonNull(options, "options");
    return this;
  }

  /**
   * Rollouts running at once (default {@value RestartOptions#DEFAULT_CONCURRENCY}).
   *
   * @param concurrency how many rollouts run at once, at least 1
   * @return this builder
   */
  public UpgradeOptionsBuilder concurrency(int concurrency) {
    this.restart = restart.withConcurrency(concurrency);
    return this;
  }

  /**
   * Namespaces to restart first, in this order; the others follow by name.
   *
   * @param order the namespaces to restart first, in this order (copied; not null)
   * @return this builder
   */
  public UpgradeOptionsBuilder namespaceOrder(List<String> order) {
    this.restart = restart.withNamespaceOrder(order);
    return this;
  }

  /**
   * How long to wait for the rollouts of one batch (default ten minutes).
   *
   * @param timeout the rollout timeout, positive
   * @return this builder
   */
  public UpgradeOptionsBuilder rolloutTimeout(Duration timeout) {
    this.restart = restart.withRolloutTimeout(timeout);
    return this;
  }

  /**
   * Restart in batches of {@code size} workloads with {@code pause} between them.
   *
   * @param size the most workloads per batch, 0 for all in one batch
   * @param pause how long to wait between two batches, not negative
   * @return this builder
   */
  public UpgradeOptionsBuilder batches(int size, Duration pause) {
    this.batchSize = size;
    this.pauseBetweenBatches = pause;
    return this;
  }

  /**
   * How long to wait for a revision's istiod (and gateways) to be ready (default ten minutes).
   *
   * @param timeout the timeout, positive
   * @return this builder
   */
  public UpgradeOptionsBuilder controlPlaneTimeout(Duration timeout) {
    this.controlPlaneTimeout = timeout;
    return this;
  }

  /**
   * How long the health gate waits for the last pods on the old revision to go (default five minutes).
   *
   * @param timeout the timeout, not negative
   * @return this builder
   */
  public UpgradeOptionsBuilder podDrainTimeout(Duration timeout) {
    this.podDrainTimeout = timeout;
    return this;
  }

  /**
   * Keep evaluating the health checks for {@code period}, every {@code interval}.
   *
   * @param period how long to keep evaluating, not negative (zero: evaluate once)
   * @param interval the time between two evaluations, positive
   * @return this builder
   */
  public UpgradeOptionsBuilder soak(Duration period, Duration interval) {
    this.soakPeriod = period;
    this.checkInterval = interval;
    return this;
  }

  /**
   * What to do when the health gate fails (default {@link HealthFailurePolicy#ROLLBACK_WORKLOADS_AND_HALT}).
   *
   * @param policy the policy (not null)
   * @return this builder
   */
  public UpgradeOptionsBuilder onHealthFailure(HealthFailurePolicy policy) {
    this.onHealthFailure = policy;
    return this;
  }

  /**
   * Whether a different shared mesh config already present for the new revision may be replaced (default no).
   *
   * @param overwrite whether the new revision's shared mesh config may be replaced
   * @return this builder
   */
  public UpgradeOptionsBuilder overwriteMeshConfig(boolean overwrite) {
    this.overwriteMeshConfig = overwrite;
    return this;
  }

  /**
   * Whether revision tags pointing at a revision that is not installed are pointed at the new revision, and
   * namespaces labelled with such a revision relabelled to it, when injection is switched (default no: the upgrade
   * refuses to start while any exist, since every pod creation in a dangling tag's namespaces fails).
   *
   * @param repoint whether dangling revision tags and namespace labels are repointed at the new revision
   * @return this builder
   */
  public UpgradeOptionsBuilder repointDanglingTags(boolean repoint) {
    this.repointDanglingTags = repoint;
    return this;
  }

  /**
   * Whether a saved plan of an older release, naming its cluster by {@code resourceGroup/name} without the
   * subscription, may be adopted for this cluster (default no: such a plan is refused, since a cluster of the same
   * group and name in another subscription would match too). Only set it once you checked that the plan was saved
   * for this cluster; the adoption is recorded in the plan ({@link io.meshupgrade.plan.UpgradePlan#adoption()}).
   *
   * @param adopt whether a legacy plan of the same resource group and name may be adopted
   * @return this builder
   */
  public UpgradeOptionsBuilder adoptLegacyPlan(boolean adopt) {
    this.adoptLegacyPlan = adopt;
    return this;
  }

  /**
   * How long the whole call may run (default: no limit; null removes it). Past it the run stops at its next safe
   * point (between steps, batches, soak checks and polls) with an
   * {@link io.meshupgrade.exception.UpgradeCancelledException}, keeps its checkpoint and releases the lock; call
   * again to resume.
   *
   * @param deadline the longest the whole call may run, positive; {@code null} for no limit
   * @return this builder
   */
  public UpgradeOptionsBuilder deadline(Duration deadline) {
    this.deadline = deadline;
    return this;
  }

  /**
   * The options.
   *
   * @return the options built from this builder's values
   * @throws IllegalArgumentException naming the bad value and the expected form
   */
  public UpgradeOptions build() {
    return new UpgradeOptions(this);
  }
}
