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
   * @param compatibleWith the Kubernetes minor versions it runs on, ascending
   */
  public record Entry(
      Revision revision, SortedSet<Revision> upgrades, SortedSet<KubernetesVersion> compatibleWith) {
    /**
     * Copies the sets (unmodifiable, ascending) and reduces Kubernetes versions to their minors.
     *
     * @param revision the revision
     * @param upgrades the revisions it may upgrade to, ascending
     * @param compatibleWith the Kubernetes minor versions it runs on, ascending
     */
    public Entry {
      Objects.requireNonNull(revision, "revision");
      upgrades = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(upgrades, "upgrades")));
      TreeSet<KubernetesVersion> minors = new TreeSet<>();
      for (KubernetesVersion v : Objects.requireNonNull(compatibleWith, "compatibleWith")) {
        minors.add(v.toMinor());
      }
      compatibleWith = Collections.unmodifiableSortedSet(minors);
    }

    /**
     * {@return whether this revision runs on the given Kubernetes version (minor level)}
     *
     * @param kubernetes the cluster's Kubernetes version
     */
    public boolean isCompatibleWith(KubernetesVersion kubernetes) {
      return compatibleWith.contains(kubernetes.toMinor());
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
    Entry e = entries.get(revision);
    return e != null && e.isCompatibleWith(kubernetes);
  }

  /**
   * {@return the lowest supported revision that runs on {@code kubernetes}}
   *
   * @param kubernetes the cluster's Kubernetes version
   */
  public Optional<Revision> lowestCompatibleWith(KubernetesVersion kubernetes) {
    return entries.values().stream()
        .filter(e -> e.isCompatibleWith(kubernetes))
        .map(Entry::revision)
        .findFirst();
  }

  /**
   * {@return the Kubernetes minors {@code revision} runs on; empty when unsupported}
   *
   * @param revision the revision
   */
  public SortedSet<KubernetesVersion> kubernetesVersionsFor(Revision revision) {
    Entry e = entries.get(revision);
    return e == null ? Collections.emptySortedSet() : e.compatibleWith();
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
