package io.meshupgrade.report;

import io.meshupgrade.model.RolloutResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The results of one call to restart workloads, in the order the restarts were issued. Build one with
 * {@link #builder()} (or {@link #of(List)}); a field added later gets a default in the builder.
 *
 * <p>Immutable and thread-safe.
 */
public final class RestartReport {

  private final List<RolloutResult> results;

  private RestartReport(Builder b) {
    this.results = List.copyOf(Objects.requireNonNull(b.results, "results"));
  }

  /**
   * A report of {@code results}, in that order (copied; null throws NPE naming {@code results}).
   *
   * @param results the rollout results, in the order the restarts were issued
   * @return a report of those results
   */
  public static RestartReport of(List<RolloutResult> results) {
    return builder().results(results).build();
  }

  /** {@return a builder with no results} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this report's results} */
  public Builder toBuilder() {
    return new Builder().results(results);
  }

  /** {@return the results, in the order the restarts were issued} */
  public List<RolloutResult> results() {
    return results;
  }

  /** {@return whether every rollout succeeded} */
  public boolean allSucceeded() {
    return results.stream().allMatch(RolloutResult::succeeded);
  }

  /** {@return the results that did not succeed} */
  public List<RolloutResult> failures() {
    return results.stream().filter(r -> !r.succeeded()).toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RestartReport r && r.results.equals(results);
  }

  @Override
  public int hashCode() {
    return results.hashCode();
  }

  @Override
  public String toString() {
    return "RestartReport[results=" + results + "]";
  }

  /** Builds a {@link RestartReport}; not thread-safe. */
  public static final class Builder {
    private List<RolloutResult> results = new ArrayList<>();

    private Builder() {}

    /**
     * The results, in the order the restarts were issued (replaces those set so far; null throws NPE).
     *
     * @param results the results, in the order the restarts were issued (replaces those set so far; null throws NPE)
     * @return this builder
     */
    public Builder results(List<RolloutResult> results) {
      this.results = results == null ? null : new ArrayList<>(results);
      return this;
    }

    /**
     * Adds one result after those set so far.
     *
     * @param result the result of one rollout (not null)
     * @return this builder
     */
    public Builder addResult(RolloutResult result) {
      Objects.requireNonNull(results, "results").add(Objects.requireNonNull(result, "result"));
      return this;
    }

    /**
     * The report.
     *
     * @return the report of the results added so far
     * @throws NullPointerException naming {@code results} when they were set to null, or a null element
     */
    public RestartReport build() {
      return new RestartReport(this);
    }
  }
}
