package io.meshupgrade.model;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What AKS offers in a region (the content of meshRevisionProfiles): every supported revision, the revisions it
 * may upgrade to, and the Kubernetes minor versions it is compatible with.
 *
 * <p>Built from plain values; the Azure adapter maps ARM's model onto it. Immutable and thread-safe.
 */
public final class RevisionCatalog {

  /**
   * One supported revision.
   *
   * @param revision the revision
   * @param upgrades the revisions it may upgrade to, ascending
   * @param compatibleWith the Kubernetes minor versions it runs on under every support plan that has no list of its
   *     own in {@code tiers} (ARM's legacy {@code kubernetes} list), ascending
   * @param tiers the Kubernetes minor versions it runs on, per support plan (ARM's {@code KubernetesOfficial} and
   *     {@code AKSLongTermSupport} lists); empty in a catalog without tiers
   */
  public record Entry(
      Revision revision, SortedSet<Revision> upgrades, SortedSet<KubernetesVersion> compatibleWith,
      Map<SupportPlan, SortedSet<KubernetesVersion>> tiers) {
    /**
     * Copies the sets (unmodifiable, ascending) and reduces Kubernetes versions to their minors.
     *
     * @param revision the revision
     * @param upgrades the revisions it may upgrade to, ascending
     * @param compatibleWith the Kubernetes versions it runs on under a plan without a list in {@code tiers}
     * @param tiers the Kubernetes versions it runs on, per support plan
     */
    public Entry {
      Objects.requireNonNull(revision, "revision");
      upgrades = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(upgrades, "upgrades")));
      compatibleWith = minors(Objects.requireNonNull(compatibleWith, "compatibleWith"));
      Map<SupportPlan, SortedSet<KubernetesVersion>> copy = new java.util.LinkedHashMap<>();
      Objects.requireNonNull(tiers, "tiers").forEach((plan, versions) ->
          copy.put(Objects.requireNonNull(plan, "plan"), minors(Objects.requireNonNull(versions, "versions"))));
      tiers = Collections.unmodifiableMap(copy);
    }

    /**
     * An entry without tiers: {@code compatibleWith} applies under every support plan.
     *
     * @param revision the revision
     * @param upgrades the revisions it may upgrade to, ascending
     * @param compatibleWith the Kubernetes versions it runs on
     */
    public Entry(Revision revision, SortedSet<Revision> upgrades, SortedSet<KubernetesVersion> compatibleWith) {
      this(revision, upgrades, compatibleWith, Map.of());
    }

    private static SortedSet<KubernetesVersion> minors(Collection<KubernetesVersion> versions) {
      TreeSet<KubernetesVersion> minors = new TreeSet<>();
      for (KubernetesVersion v : versions) {
        minors.add(v.toMinor());
      }
      return Collections.unmodifiableSortedSet(minors);
    }

    /**
     * {@return the Kubernetes minors this revision runs on under {@code plan}: the plan's own list when it has one,
     * else the list without a tier}
     *
     * @param plan the cluster's support plan
     */
    public SortedSet<KubernetesVersion> compatibleWith(SupportPlan plan) {
      SortedSet<KubernetesVersion> own = tiers.get(Objects.requireNonNull(plan, "plan"));
      return own != null ? own : compatibleWith;
    }

    /**
     * {@return whether this revision runs on the given Kubernetes version (minor level)}
     *
     * @param kubernetes the cluster's Kubernetes version
     */
    public boolean isCompatibleWith(KubernetesVersion kubernetes) {
      return isCompatibleWith(kubernetes, SupportPlan.KUBERNETES_OFFICIAL);
    }

    /**
     * {@return whether this revision runs on the given Kubernetes version (minor level) under {@code plan}}
     *
     * @param kubernetes the cluster's Kubernetes version
     * @param plan the cluster's support plan
     */
    public boolean isCompatibleWith(KubernetesVersion kubernetes, SupportPlan plan) {
      return compatibleWith(plan).contains(kubernetes.toMinor());
    }
  }

  private static final RevisionCatalog EMPTY = new RevisionCatalog(new TreeMap<>());

  private final NavigableMap<Revision, Entry> entries;

  private RevisionCatalog(NavigableMap<Revision, Entry> entries) {
    this.entries = Collections.unmodifiableNavigableMap(entries);
  }

  /** {@return a catalog with no revisions} */
  public static RevisionCatalog empty() {
    return EMPTY;
  }

  /**
   * {@return a catalog of the given entries}
   *
   * @param entries the entries
   */
  public static RevisionCatalog of(Collection<Entry> entries) {
    TreeMap<Revision, Entry> map = new TreeMap<>();
    for (Entry e : Objects.requireNonNull(entries, "entries")) {
      if (map.put(e.revision(), e) != null) {
        throw new IllegalArgumentException("revision " + e.revision() + " appears twice in the catalog");
      }
    }
    return new RevisionCatalog(map);
  }

  /** {@return a builder, e.g. {@code builder().revision("asm-1-18", List.of("asm-1-19"), List.of("1.27", "1.28"))}} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return all entries, ascending by revision} */
  public Collection<Entry> entries() {
    return entries.values();
  }

  /** {@return the supported revisions, ascending} */
  public SortedSet<Revision> revisions() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(entries.keySet()));
  }

  /**
   * {@return whether AKS supports {@code revision} in this region}
   *
   * @param revision the revision
   */
  public boolean supports(Revision revision) {
    return entries.containsKey(Objects.requireNonNull(revision, "revision"));
  }

  /**
   * {@return the entry of {@code revision}, when supported}
   *
   * @param revision the revision
   */
  public Optional<Entry> entry(Revision revision) {
    return Optional.ofNullable(entries.get(Objects.requireNonNull(revision, "revision")));
  }

  /**
   * {@return the upgrades offered for {@code revision}; empty when it is unsupported or the newest}
   *
   * @param revision the revision
   */
  public SortedSet<Revision> upgradesOf(Revision revision) {
    Entry e = entries.get(Objects.requireNonNull(revision, "revision"));
    return e == null ? Collections.emptySortedSet() : e.upgrades();
  }

  /**
   * {@return whether {@code revision} is supported and runs on {@code kubernetes}}
   *
   * @param revision the revision
   * @param kubernetes the cluster's Kubernetes version
   */
  public boolean isCompatible(Revision revision, KubernetesVersion kubernetes) {
    return isCompatible(revision, kubernetes, SupportPlan.KUBERNETES_OFFICIAL);
  }

  /**
   * {@return whether {@code revision} is supported and runs on {@code kubernetes} under the support plan {@code plan}}
   *
   * @param revision the revision
   * @param kubernetes the cluster's Kubernetes version
   * @param plan the cluster's support plan
   */
  public boolean isCompatible(Revision revision, KubernetesVersion kubernetes, SupportPlan plan) {
    Entry e = entries.get(revision);
    return e != null && e.isCompatibleWith(kubernetes, plan);
  }

  /**
   * {@return the lowest supported revision that runs on {@code kubernetes}}
   *
   * @param kubernetes the cluster's Kubernetes version
   */
  public Optional<Revision> lowestCompatibleWith(KubernetesVersion kubernetes) {
    return lowestCompatibleWith(kubernetes, SupportPlan.KUBERNETES_OFFICIAL);
  }

  /**
   * {@return the lowest supported revision that runs on {@code kubernetes} under the support plan {@code plan}}
   *
   * @param kubernetes the cluster's Kubernetes version
   * @param plan the cluster's support plan
   */
  public Optional<Revision> lowestCompatibleWith(KubernetesVersion kubernetes, SupportPlan plan) {
    return entries.values().stream()
        .filter(e -> e.isCompatibleWith(kubernetes, plan))
        .map(Entry::revision)
        .findFirst();
  }

  /**
   * {@return the Kubernetes minors {@code revision} runs on; empty when unsupported}
   *
   * @param revision the revision
   */
  public SortedSet<KubernetesVersion> kubernetesVersionsFor(Revision revision) {
    return kubernetesVersionsFor(revision, SupportPlan.KUBERNETES_OFFICIAL);
  }

  /**
   * {@return the Kubernetes minors {@code revision} runs on under the support plan {@code plan}; empty when
   * unsupported}
   *
   * @param revision the revision
   * @param plan the cluster's support plan
   */
  public SortedSet<KubernetesVersion> kubernetesVersionsFor(Revision revision, SupportPlan plan) {
    Entry e = entries.get(revision);
    return e == null ? Collections.emptySortedSet() : e.compatibleWith(plan);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RevisionCatalog c && c.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "RevisionCatalog" + entries.values();
  }

  /** Collects entries; not thread-safe. */
  public static final class Builder {
    private final Map<Revision, Entry> entries = new TreeMap<>();

    private Builder() {}

    /**
     * Adds a revision from its names, e.g. {@code ("asm-1-18", List.of("asm-1-19"), List.of("1.27"))}.
     *
     * @param revision the revision
     * @param upgrades the upgrades
     * @param kubernetesVersions the kubernetes versions
     * @return this builder
     */
    public Builder revision(String revision, List<String> upgrades, List<String> kubernetesVersions) {
      TreeSet<Revision> ups = new TreeSet<>();
      upgrades.forEach(u -> ups.add(Revision.parse(u)));
      TreeSet<KubernetesVersion> ks = new TreeSet<>();
      kubernetesVersions.forEach(k -> ks.add(KubernetesVersion.parse(k)));
      return entry(new Entry(Revision.parse(revision), ups, ks));
    }

    /**
     * Adds a revision whose Kubernetes versions come per support plan, e.g.
     * {@code ("asm-1-25", List.of("asm-1-26"), Map.of("KubernetesOfficial", List.of("1.29"), "AKSLongTermSupport",
     * List.of("1.28", "1.29")))}.
     *
     * @param revision the revision
     * @param upgrades the upgrades
     * @param tiers the Kubernetes versions per support plan name
     * @return this builder
     */
    public Builder revision(String revision, List<String> upgrades, Map<String, List<String>> tiers) {
      TreeSet<Revision> ups = new TreeSet<>();
      upgrades.forEach(u -> ups.add(Revision.parse(u)));
      Map<SupportPlan, SortedSet<KubernetesVersion>> byPlan = new java.util.LinkedHashMap<>();
      tiers.forEach((plan, versions) -> {
        TreeSet<KubernetesVersion> ks = new TreeSet<>();
        versions.forEach(k -> ks.add(KubernetesVersion.parse(k)));
        byPlan.put(new SupportPlan(plan), ks);
      });
      return entry(new Entry(Revision.parse(revision), ups, new TreeSet<>(), byPlan));
    }

    /**
     * Adds an entry.
     *
     * @param entry the entry
     * @return this builder
     */
    public Builder entry(Entry entry) {
      if (entries.put(entry.revision(), entry) != null) {
        throw new IllegalArgumentException("revision " + entry.revision() + " appears twice in the catalog");
      }
      return this;
    }

    /** {@return the catalog of the entries added so far} */
    public RevisionCatalog build() {
      return new RevisionCatalog(new TreeMap<>(entries));
    }
  }
}
