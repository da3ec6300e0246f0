package io.meshupgrade.benchmarks;

import java.util.Map;
import java.util.Objects;

/**
 * What restarting {@code workloads} workloads cost in Kubernetes API requests (from the simulator's request log).
 *
 * @param approach {@code ours} ({@code KubernetesMeshDataPlane.restartWorkloads}) or {@code naive} (the baseline)
 * @param workloads how many workloads were restarted
 * @param requests HTTP requests the simulator answered during the restart
 * @param byVerb the requests per RBAC verb (get, list, patch, ...), sorted by verb
 * @param millis wall-clock time of the restart (informative only; never asserted)
 */
public record RestartCost(String approach, int workloads, long requests, Map<String, Long> byVerb, long millis) {
  public RestartCost {
    Objects.requireNonNull(approach, "approach");
    byVerb = Map.copyOf(Objects.requireNonNull(byVerb, "byVerb"));
    if (workloads < 1) {
      throw new IllegalArgumentException("workloads must be at least 1, got " + workloads);
    }
  }

  /** Requests per restarted workload. */
  public double perWorkload() {
    return (double) requests / workloads;
  }

  /** Requests of one verb. */
  public long requests(String verb) {
    return byVerb.getOrDefault(verb, 0L);
  }
}
