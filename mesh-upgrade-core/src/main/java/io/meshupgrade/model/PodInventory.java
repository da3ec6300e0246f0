package io.meshupgrade.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every meshed (or mesh-eligible) pod of the cluster with its sidecar revision, proxy image and owning workload.
 * Immutable and thread-safe.
 */
public record PodInventory(List<PodRecord> pods) {
  /**
   * Creates a {@code PodInventory} from its components, checking them.
   *
   * @param pods the pods
   */
  public PodInventory {
    pods = List.copyOf(Objects.requireNonNull(pods, "pods"));
  }

  /**
   * {@return the pods whose sidecar runs {@code revision}}
   *
   * @param revision the revision, e.g. {@code asm-1-19}
   */
  public List<PodRecord> podsOn(Revision revision) {
    return pods.stream().filter(p -> p.runs(revision)).toList();
  }

  /**
   * {@return the workloads owning at least one pod on {@code revision}, ascending}
   *
   * @param revision the revision, e.g. {@code asm-1-19}
   */
  public SortedSet<WorkloadRef> workloadsOn(Revision revision) {
    return Collections.unmodifiableSortedSet(
        pods.stream().filter(p -> p.runs(revision)).map(PodRecord::owner)
            .collect(Collectors.toCollection(TreeSet::new)));
  }

  /**
   * Pod counts per sidecar revision name ("" for pods without a sidecar), in {@link Revision#NAME_ORDER}: "" first,
   * then revisions numerically ({@code asm-1-9} before {@code asm-1-10}), then labels that are not revisions.
   *
   * @return the map
   */
  public Map<String, Integer> countByRevision() {
    Map<String, Integer> counts = new TreeMap<>(Revision.NAME_ORDER);
    for (PodRecord p : pods) {
      String key = p.sidecar() == SidecarState.INJECTED ? p.revisionName() : "";
      counts.merge(key, 1, Integer::sum);
    }
    return Collections.unmodifiableMap(counts);
  }

  /**
   * Pod counts on {@code revision} per namespace, ascending by namespace.
   *
   * @param revision the revision, e.g. {@code asm-1-19}
   * @return the map
   */
  public Map<String, Integer> countOnRevisionByNamespace(Revision revision) {
    Map<String, Integer> counts = new TreeMap<>();
    for (PodRecord p : pods) {
      if (p.runs(revision)) {
        counts.merge(p.namespace(), 1, Integer::sum);
      }
    }
    return Collections.unmodifiableMap(counts);
  }

  /**
   * {@return the pods in the given sidecar state}
   *
   * @param state the state
   */
  public List<PodRecord> podsIn(SidecarState state) {
    return pods.stream().filter(p -> p.sidecar() == state).toList();
  }
}
