package io.meshupgrade.benchmarks;

/**
 * The inventory of a cluster of {@code pods} pods, ours against the baseline, each the median of the repetitions.
 *
 * @param pods pods in the cluster
 * @param oursRecords pods kept by our inventory (every seeded pod: a check that it saw them all)
 * @param oursMillis time of {@code KubernetesMeshDataPlane.inventory()}
 * @param baselineMillis time of one unpaginated list of V1Pod objects
 * @param oursBytes heap retained by our result ({@code PodInventory})
 * @param baselineBytes heap retained by the baseline's result ({@code V1PodList})
 * @param oursRequests HTTP requests of our inventory (pages of pods and ReplicaSets, namespaces)
 * @param baselineRequests HTTP requests of the baseline (one)
 */
public record InventoryFigures(int pods, int oursRecords, double oursMillis, double baselineMillis, long oursBytes,
    long baselineBytes, long oursRequests, long baselineRequests) {

  /** Time ratio ours / baseline. */
  public double timeRatio() {
    return oursMillis / baselineMillis;
  }

  /** Retained-heap ratio ours / baseline. */
  public double memoryRatio() {
    return (double) oursBytes / baselineBytes;
  }
}
