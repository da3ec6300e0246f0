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
 * How {@link io.meshupgrade.MeshUpgrader#upgrade} runs. Immutable and thread-safe; build one with {@link #builder()}
 * (a field added later gets a default in the builder, so no caller breaks).
 */
public final class UpgradeOptions {

  /** The stages {@code stopAfter} may name: the forward stages after PLANNED. */
  public static final Set<UpgradeStage> STOPPABLE = EnumSet.of(
      UpgradeStage.MESH_CONFIG_COPIED, UpgradeStage.CANARY_STARTED, UpgradeStage.CONTROL_PLANES_VERIFIED,
      UpgradeStage.INJECTION_SWITCHED, UpgradeStage.WORKLOADS_RESTARTED, UpgradeStage.HEALTH_VERIFIED,
      UpgradeStage.COMPLETED);

  private final Optional<UpgradeStage> stopAfter;
  private final Optional<String> revisionTag;
  private final RestartOptions restart;
  private final int batchSize;
  private final Duration pauseBetweenBatches;
  private final Duration controlPlaneTimeout;
  private final Duration podDrainTimeout;
  private final Duration soakPeriod;
  private final Duration checkInterval;
  private final HealthFailurePolicy onHealthFailure;
  private final boolean overwriteMeshConfig;
  private final boolean repointDanglingTags;
  private final boolean adoptLegacyPlan;
  private final Optional<Duration> deadline;

  UpgradeOptions(UpgradeOptionsBuilder b) {
    this.stopAfter = Optional.ofNullable(b.stopAfter);
    this.revisionTag = Optional.ofNullable(b.revisionTag);
    this.restart = Objects.requireNonNull(b.restart, "restart");
    this.onHealthFailure = Objects.requireNonNull(b.onHealthFailure, "onHealthFailure");
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
    if (b.batchSize < 0) {
      throw new IllegalArgumentException("batchSize must be 0 (one batch) or more, got " + b.batchSize);
    }
    this.batchSize = b.batchSize;
    this.pauseBetweenBatches = nonNegative(b.pauseBetweenBatches, "pauseBetweenBatches");
    this.controlPlaneTimeout = positive(b.controlPlaneTimeout, "controlPlaneTimeout");
    this.podDrainTimeout = nonNegative(b.podDrainTimeout, "podDrainTimeout");
    this.soakPeriod = nonNegative(b.soakPeriod, "soakPeriod");
    this.checkInterval = positive(b.checkInterval, "checkInterval");
    this.overwriteMeshConfig = b.overwriteMeshConfig;
    this.repointDanglingTags = b.repointDanglingTags;
    this.adoptLegacyPlan = b.adoptLegacyPlan;
    this.deadline = Optional.ofNullable(b.deadline).map(d -> positive(d, "deadline"));
  }

  private static Duration nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
    return d;
  }

  private static Duration positive(Duration d, String name) {
    nonNegative(d, name);
    if (d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }

  /**
   * Stop once the plan reached this stage (the manual flow: inspect, then call again); empty runs to the end.
   *
   * @return the stage to stop after (one of {@link #STOPPABLE}); empty to run to the end
   */
  public Optional<UpgradeStage> stopAfter() {
    return stopAfter;
  }

  /**
   * A revision tag to point at the new revision (created when absent); namespaces labelled with it then inject the
   * new revision. Namespaces labelled with the old revision are relabelled and other tags pointing at it are moved
   * either way.
   *
   * @return the revision tag name to point at the new revision; empty to relabel namespaces instead
   */
  public Optional<String> revisionTag() {
    return revisionTag;
  }

  /** {@return the concurrency, namespace order and rollout timeout of the workload restarts} */
  public RestartOptions restart() {
    return restart;
  }

  /** {@return the most workloads restarted per batch (0: all in one batch)} */
  public int batchSize() {
    return batchSize;
  }

  /** {@return how long to wait between two batches} */
  public Duration pauseBetweenBatches() {
    return pauseBetweenBatches;
  }

  /** {@return how long to wait for istiod (and gateways) of a revision to be ready} */
  public Duration controlPlaneTimeout() {
    return controlPlaneTimeout;
  }

  /** {@return how long the health gate waits for the last pods on the old revision to go} */
  public Duration podDrainTimeout() {
    return podDrainTimeout;
  }

  /** {@return how long the health gate keeps evaluating the health checks (0: once)} */
  public Duration soakPeriod() {
    return soakPeriod;
  }

  /** {@return the time between two evaluations during the soak period} */
  public Duration checkInterval() {
    return checkInterval;
  }

  /** {@return what to do when the health gate fails} */
  public HealthFailurePolicy onHealthFailure() {
    return onHealthFailure;
  }

  /** {@return whether an existing, different shared mesh config of the new revision may be replaced} */
  public boolean overwriteMeshConfig() {
    return overwriteMeshConfig;
  }

  /**
   * Whether revision tags pointing at a revision that is not installed are pointed at the new revision (and
   * namespaces labelled with such a revision relabelled to it) when injection is switched; without it an upgrade
   * refuses to start while any exist (see {@link io.meshupgrade.model.DanglingInjection}).
   *
   * @return whether dangling revision tags and namespace labels are repointed (default false)
   */
  public boolean repointDanglingTags() {
    return repointDanglingTags;
  }

  /**
   * Whether a saved plan written by an older release, which names its cluster by {@code resourceGroup/name} only
   * (no subscription), may be adopted for this cluster when group and name match; without it such a plan is refused
   * ({@link io.meshupgrade.exception.ForeignPlanException}). The adoption is recorded in the plan.
   *
   * @return whether a legacy plan of the same group and name may be adopted (default false)
   */
  public boolean adoptLegacyPlan() {
    return adoptLegacyPlan;
  }

  /**
   * How long the whole call may run (empty: no limit); past it the run stops at its next safe point with an
   * {@link io.meshupgrade.exception.UpgradeCancelledException}, its checkpoint kept.
   *
   * @return the longest the whole call may run, by wall time; empty for no limit
   */
  public Optional<Duration> deadline() {
    return deadline;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpgradeOptions x && x.stopAfter.equals(stopAfter) && x.revisionTag.equals(revisionTag)
        && x.restart.equals(restart) && x.batchSize == batchSize && x.pauseBetweenBatches.equals(pauseBetweenBatches)
        && x.controlPlaneTimeout.equals(controlPlaneTimeout) && x.podDrainTimeout.equals(podDrainTimeout)
        && x.soakPeriod.equals(soakPeriod) && x.checkInterval.equals(checkInterval)
        && x.onHealthFailure == onHealthFailure && x.overwriteMeshConfig == overwriteMeshConfig
        && x.repointDanglingTags == repointDanglingTags && x.adoptLegacyPlan == adoptLegacyPlan
        && x.deadline.equals(deadline);
  }

  @Override
  public int hashCode() {
    return Objects.hash(stopAfter, revisionTag, restart, batchSize, pauseBetweenBatches, controlPlaneTimeout,
        podDrainTimeout, soakPeriod, checkInterval, onHealthFailure, overwriteMeshConfig, repointDanglingTags,
        adoptLegacyPlan, deadline);
  }

  @Override
  public String toString() {
    return "UpgradeOptions[stopAfter=" + stopAfter + ", revisionTag=" + revisionTag + ", restart=" + restart
        + ", batchSize=" + batchSize + ", pauseBetweenBatches=" + pauseBetweenBatches + ", controlPlaneTimeout="
        + controlPlaneTimeout + ", podDrainTimeout=" + podDrainTimeout + ", soakPeriod=" + soakPeriod
        + ", checkInterval=" + checkInterval + ", onHealthFailure=" + onHealthFailure + ", overwriteMeshConfig="
        + overwriteMeshConfig + ", repointDanglingTags=" + repointDanglingTags + ", adoptLegacyPlan="
        + adoptLegacyPlan + ", deadline=" + deadline + "]";
  }

  /**
   * {@return the default options: run to the end, relabel namespaces, one batch, no soak, roll workloads back and
   * halt on failure}
   */
  public static UpgradeOptions defaults() {
    return builder().build();
  }

  /** {@return a builder with the defaults} */
  public static UpgradeOptionsBuilder builder() {
    return new UpgradeOptionsBuilder();
  }

  /** {@return a builder holding these options} */
  public UpgradeOptionsBuilder toBuilder() {
    UpgradeOptionsBuilder b = new UpgradeOptionsBuilder();
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
    b.deadline = deadline.orElse(null);
    return b;
  }
}
