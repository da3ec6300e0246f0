package io.meshupgrade.benchmarks;

import java.util.Map;
import java.util.Objects;

/**
 * What one whole canary upgrade ({@code MeshUpgrader.upgrade}) of a simulated AKS cluster with {@code workloads}
 * workloads cost in requests.
 *
 * @param workloads Deployments restarted by the upgrade
 * @param armRequests requests the fake ARM server received
 * @param kubernetesRequests requests the Kubernetes API simulator answered
 * @param kubernetesByVerb the Kubernetes requests per RBAC verb, sorted by verb
 * @param millis wall-clock time of the upgrade (informative only)
 */
public record UpgradeCost(int workloads, long armRequests, long kubernetesRequests, Map<String, Long> kubernetesByVerb,
    long millis) {
  public UpgradeCost {
    kubernetesByVerb = Map.copyOf(Objects.requireNonNull(kubernetesByVerb, "kubernetesByVerb"));
  }

  /** ARM requests per workload. */
  public double armPerWorkload() {
    return (double) armRequests / workloads;
  }

  /** Kubernetes requests per workload. */
  public double kubernetesPerWorkload() {
    return (double) kubernetesRequests / workloads;
  }
}
