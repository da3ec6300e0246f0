package io.meshupgrade.model;

import java.util.ArrayList;
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
 * Build one with {@link #of(List)} or {@link #builder()}; a field added later gets a default in the builder, so no
 * caller breaks. Immutable and thread-safe.
 */
public final class PodInventory {

  private final List<PodRecord> pods;

  private PodInventory(Builder b) {
    this.pods = List.copyOf(Objects.requireNonNull(b.pods, "pods"));
  }

  /**
   * The inventory of {@code pods} (copied; null throws NPE naming {@code pods}).
   *
   * @param pods the pods, in the order the adapter listed them; empty for a cluster without pods
   * @return the inventory
   */
  public static PodInventory of(List<PodRecord> pods) {
    return builder().pods(pods).build();
  }

  /**
   * A builder with no pods.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this inventory's pods.
   *
   * @return a new builder, initialised with this inventory's pods
   */
  public Builder toBuilder() {
    return new Builder().pods(pods);
  }

  /**
   * The pods, in the order the adapter listed them.
   *
   * @return the pods, unmodifiable; empty when none
   */
  public List<PodRecord> pods() {
    return pods;
  }

  /**
   * The pods whose sidecar runs {@code revision}.
   *
   * @param revision the sidecar revision looked for
   * @return the pods on {@code revision}, in inventory order; empty when none
   */
  public List<PodRecord> podsOn(Revision revision) {
    return pods.stream().filter(p -> p.runs(revision)).toList();
  }

  /**
   * The workloads owning at least one pod on {@code revision}, ascending.
   *
   * @param revision the sidecar revision looked for
   * @return the owning workloads, unmodifiable; empty when no pod runs {@code revision}
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
   * @return revision name to its number of pods, unmodifiable; empty when there are no pods
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
   * @param revision the sidecar revision counted
   * @return namespace to its number of pods on {@code revision}, unmodifiable; empty when none
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
   * The pods in the given sidecar state.
   *
   * @param state the sidecar state looked for
   * @return the pods in {@code state}, in inventory order; empty when none
   */
  public List<PodRecord> podsIn(SidecarState state) {
    return pods.stream().filter(p -> p.sidecar() == state).toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PodInventory i && i.pods.equals(pods);
  }

  @Override
  public int hashCode() {
    return pods.hashCode();
  }

  @Override
  public String toString() {
    return "PodInventory[pods=" + pods + "]";
  }

  /** Builds a {@link PodInventory}; not thread-safe. */
  public static final class Builder {
    private List<PodRecord> pods = new ArrayList<>();

    private Builder() {}

    /**
     * The pods (replaces those set so far; null throws NPE at {@link #build()}).
     *
     * @param pods the pods, in listing order
     * @return this builder
     */
    public Builder pods(List<PodRecord> pods) {
      this.pods = pods == null ? null : new ArrayList<>(pods);
      return this;
    }

    /**
     * Adds one pod after those set so far.
     *
     * @param pod the pod; not null
     * @return this builder
     * @throws NullPointerException when {@code pod} is null, or the pods were set to null
     */
    public Builder addPod(PodRecord pod) {
      Objects.requireNonNull(pods, "pods").add(Objects.requireNonNull(pod, "pod"));
      return this;
    }

    /**
     * The inventory.
     *
     * @return a new immutable inventory with this builder's pods
     * @throws NullPointerException naming {@code pods} when they were set to null, or a null pod
     */
    public PodInventory build() {
      return new PodInventory(this);
    }
  }
}
