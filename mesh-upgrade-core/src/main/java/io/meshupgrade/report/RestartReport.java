package io.meshupgrade.report;

import io.meshupgrade.model.RolloutResult;
import java.util.List;
import java.util.Objects;

/**
 * The results of one call to restart workloads, in the order the restarts were issued.
 *
 * <p>Immutable and thread-safe.
 */
public record RestartReport(List<RolloutResult> results) {
  /**
   * Creates a {@code RestartReport} from its components, checking them.
   *
   * @param results the results
   */
  public RestartReport {
    results = List.copyOf(Objects.requireNonNull(results, "results"));
  }

  /** {@return whether every rollout succeeded} */
  public boolean allSucceeded() {
    return results.stream().allMatch(RolloutResult::succeeded);
  }

  /** {@return the results that did not succeed} */
  public List<RolloutResult> failures() {
    return results.stream().filter(r -> !r.succeeded()).toList();
  }
}
