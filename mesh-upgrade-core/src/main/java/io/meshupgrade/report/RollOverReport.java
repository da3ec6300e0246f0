package io.meshupgrade.report;

import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.plan.PatchRollover;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link io.meshupgrade.MeshUpgrader#rollOverPatch()} did: the proxy image each installed revision injects now,
 * the workloads found on an older image, and the restarts. Build one with {@link #builder()}; a field added later
 * gets a default in the builder. Immutable and thread-safe.
 */
public final class RollOverReport {

  private final Map<Revision, String> currentImages;
  private final List<PatchRollover.StaleWorkload> staleWorkloads;
  private final List<WorkloadRef> restarted;
  private final List<WorkloadRef> notRestartable;
  private final List<RolloutResult> failedRollouts;
  private final List<String> warnings;
  private final int listenerFailures;

  private RollOverReport(Builder b) {
    this.currentImages = SortedMaps.copyOf(b.currentImages, "currentImages");
    this.staleWorkloads = List.copyOf(b.staleWorkloads);
    this.restarted = List.copyOf(b.restarted);
    this.notRestartable = List.copyOf(b.notRestartable);
    this.failedRollouts = List.copyOf(b.failedRollouts);
    this.warnings = List.copyOf(b.warnings);
    this.listenerFailures = b.listenerFailures;
  }

  /** {@return a builder with everything empty and no listener failures} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return a builder holding this report's values (e.g. to add a warning: {@code toBuilder().addWarning(w).build()})}
   */
  public Builder toBuilder() {
    return new Builder().currentImages(currentImages).staleWorkloads(staleWorkloads).restarted(restarted)
        .notRestartable(notRestartable).failedRollouts(failedRollouts).warnings(warnings)
        .listenerFailures(listenerFailures);
  }

  /**
   * The proxy image each installed revision injects now, ascending by revision (revisions whose injector config could
   * not be read are missing, and named in {@link #warnings()}).
   *
   * @return the proxy image reference per installed revision, ascending by revision
   */
  public Map<Revision, String> currentImages() {
    return currentImages;
  }

  /** {@return every workload with a pod on a stale proxy, ascending} */
  public List<PatchRollover.StaleWorkload> staleWorkloads() {
    return staleWorkloads;
  }

  /** {@return the restartable stale workloads that were restarted} */
  public List<WorkloadRef> restarted() {
    return restarted;
  }

  /** {@return the stale workloads that cannot be restarted (Jobs, bare pods): recreate them yourself} */
  public List<WorkloadRef> notRestartable() {
    return notRestartable;
  }

  /** {@return the restarts that did not succeed} */
  public List<RolloutResult> failedRollouts() {
    return failedRollouts;
  }

  /** {@return things that need a look} */
  public List<String> warnings() {
    return warnings;
  }

  /** {@return how many times a listener threw (and was ignored)} */
  public int listenerFailures() {
    return listenerFailures;
  }

  /** {@return whether every restart succeeded (true when nothing was stale)} */
  public boolean allSucceeded() {
    return failedRollouts.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RollOverReport r && r.currentImages.equals(currentImages)
        && r.staleWorkloads.equals(staleWorkloads) && r.restarted.equals(restarted)
        && r.notRestartable.equals(notRestartable) && r.failedRollouts.equals(failedRollouts)
        && r.warnings.equals(warnings) && r.listenerFailures == listenerFailures;
  }

  @Override
  public int hashCode() {
    return Objects.hash(currentImages, staleWorkloads, restarted, notRestartable, failedRollouts, warnings,
        listenerFailures);
  }

  @Override
  public String toString() {
    return "RollOverReport[currentImages=" + currentImages + ", staleWorkloads=" + staleWorkloads + ", restarted="
        + restarted + ", notRestartable=" + notRestartable + ", failedRollouts=" + failedRollouts + ", warnings="
        + warnings + ", listenerFailures=" + listenerFailures + "]";
  }

  /** Builds a {@link RollOverReport}; lists and maps are copied (null throws NPE naming them). Not thread-safe. */
  public static final class Builder {
    private Map<Revision, String> currentImages = Map.of();
    private List<PatchRollover.StaleWorkload> staleWorkloads = List.of();
    private List<WorkloadRef> restarted = List.of();
    private List<WorkloadRef> notRestartable = List.of();
    private List<RolloutResult> failedRollouts = List.of();
    private List<String> warnings = new ArrayList<>();
    private int listenerFailures;

    private Builder() {}

    /**
     * The proxy image each installed revision injects now.
     *
     * @param images the proxy image reference per installed revision (copied; not null)
     * @return this builder
     */
    public Builder currentImages(Map<Revision, String> images) {
      this.currentImages = Objects.requireNonNull(images, "currentImages");
      return this;
    }

    /**
     * Every workload with a pod on a stale proxy.
     *
     * @param stale every workload with a pod on a stale proxy
     * @return this builder
     */
    public Builder staleWorkloads(List<PatchRollover.StaleWorkload> stale) {
      this.staleWorkloads = List.copyOf(Objects.requireNonNull(stale, "staleWorkloads"));
      return this;
    }

    /**
     * The stale workloads that were restarted.
     *
     * @param workloads the stale workloads that were restarted
     * @return this builder
     */
    public Builder restarted(List<WorkloadRef> workloads) {
      this.restarted = List.copyOf(Objects.requireNonNull(workloads, "restarted"));
      return this;
    }

    /**
     * The stale workloads that cannot be restarted.
     *
     * @param workloads the stale workloads that cannot be restarted
     * @return this builder
     */
    public Builder notRestartable(List<WorkloadRef> workloads) {
      this.notRestartable = List.copyOf(Objects.requireNonNull(workloads, "notRestartable"));
      return this;
    }

    /**
     * The restarts that did not succeed.
     *
     * @param failures the restarts that did not succeed
     * @return this builder
     */
    public Builder failedRollouts(List<RolloutResult> failures) {
      this.failedRollouts = List.copyOf(Objects.requireNonNull(failures, "failedRollouts"));
      return this;
    }

    /**
     * The warnings (replaces those set so far).
     *
     * @param warnings the warnings (replaces those set so far)
     * @return this builder
     */
    public Builder warnings(List<String> warnings) {
      this.warnings = new ArrayList<>(Objects.requireNonNull(warnings, "warnings"));
      return this;
    }

    /**
     * Adds one warning after those set so far.
     *
     * @param warning the warning, in words (not null)
     * @return this builder
     */
    public Builder addWarning(String warning) {
      this.warnings.add(Objects.requireNonNull(warning, "warning"));
      return this;
    }

    /**
     * How many times a listener threw.
     *
     * @param count how many times a listener threw, zero or more
     * @return this builder
     */
    public Builder listenerFailures(int count) {
      this.listenerFailures = count;
      return this;
    }

    /**
     * The report.
     *
     * @return the report built from this builder's values
     * @throws NullPointerException naming a null key, value or element
     */
    public RollOverReport build() {
      return new RollOverReport(this);
    }
  }
}
