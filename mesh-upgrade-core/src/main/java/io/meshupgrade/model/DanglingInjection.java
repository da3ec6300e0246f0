package io.meshupgrade.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Injection that points at a revision which is not installed: revision tags whose revision is gone (their webhook
 * calls a removed istiod and has failurePolicy Fail, so every pod creation in the tag's namespaces fails) and
 * namespaces labelled {@code istio.io/rev} with such a revision or such a tag. Found by {@link #find}; reported by
 * {@link io.meshupgrade.MeshUpgrader#plan}, {@link io.meshupgrade.MeshUpgrader#danglingInjection()} and the refusals of
 * {@link io.meshupgrade.exception.DanglingInjectionException}.
 *
 * <p>Build one with {@link #builder()} (or {@link #find}, {@link #none}); a field added later gets a default in the
 * builder, so no caller breaks. Immutable and thread-safe.
 */
public final class DanglingInjection {

  private final List<Revision> installed;
  private final List<RevisionTag> tags;
  private final Map<String, String> namespaces;

  private DanglingInjection(Builder b) {
    this.installed = List.copyOf(new TreeSet<>(Objects.requireNonNull(b.installed, "installed")));
    this.tags = List.copyOf(Objects.requireNonNull(b.tags, "tags"));
    TreeMap<String, String> sorted = new TreeMap<>();
    Objects.requireNonNull(b.namespaces, "namespaces").forEach((k, v) -> sorted.put(
        Objects.requireNonNull(k, "namespaces key"), Objects.requireNonNull(v, "namespaces value")));
    this.namespaces = Collections.unmodifiableSortedMap(sorted);
  }

  /**
   * A builder with nothing installed and nothing dangling.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these values.
   *
   * @return a new builder, initialised with this value's installed revisions, tags and namespaces
   */
  public Builder toBuilder() {
    return new Builder().installed(installed).tags(tags).namespaces(namespaces);
  }

  /**
   * The revisions that were installed when it was found, ascending.
   *
   * @return the installed revisions, unmodifiable; empty when none was installed
   */
  public List<Revision> installed() {
    return installed;
  }

  /**
   * The dangling revision tags, ascending by tag (each with the namespaces labelled with it).
   *
   * @return the dangling tags, unmodifiable; empty when no tag dangles
   */
  public List<RevisionTag> tags() {
    return tags;
  }

  /**
   * The namespaces pointing at a missing revision, directly or through a dangling tag: name to its
   * {@code istio.io/rev} label, ascending by name.
   *
   * @return namespace name to its {@code istio.io/rev} label, unmodifiable; empty when none dangles
   */
  public Map<String, String> namespaces() {
    return namespaces;
  }

  /**
   * Nothing dangles with the given revisions installed.
   *
   * @param installed the revisions installed now, in any order; not null
   * @return a value with {@code installed} and nothing dangling
   */
  public static DanglingInjection none(Collection<Revision> installed) {
    return builder().installed(List.copyOf(installed)).build();
  }

  /**
   * Finds the tags pointing at a revision not in {@code installed}, and the namespaces labelled with such a revision or
   * such a tag (namespaces labelled {@code istio-injection} included: AKS skips them, but their label still dangles).
   *
   * @param installed the revisions installed now; not null
   * @param tags every revision tag of the cluster
   * @param namespaces every namespace of the cluster with its injection label
   * @return what dangles; {@link #isEmpty()} when nothing does
   */
  public static DanglingInjection find(
      Collection<Revision> installed, List<RevisionTag> tags, List<MeshNamespace> namespaces) {
    Objects.requireNonNull(installed, "installed");
    List<RevisionTag> dangling = tags.stream().filter(t -> !installed.contains(t.revision()))
        .sorted(java.util.Comparator.comparing(RevisionTag::tag)).toList();
    Set<String> danglingTags = dangling.stream().map(RevisionTag::tag).collect(Collectors.toSet());
    Map<String, String> ns = new TreeMap<>();
    for (MeshNamespace n : namespaces) {
      String label = n.revisionLabel();
      boolean missingRevision = Revision.isRevision(label) && !installed.contains(Revision.parse(label));
      if (missingRevision || danglingTags.contains(label)) {
        ns.put(n.name(), label);
      }
    }
    return builder().installed(List.copyOf(installed)).tags(dangling).namespaces(ns).build();
  }

  /**
   * Whether nothing dangles.
   *
   * @return true when no tag and no namespace points at a missing revision
   */
  public boolean isEmpty() {
    return tags.isEmpty() && namespaces.isEmpty();
  }

  /**
   * The names of the dangling tags, ascending.
   *
   * @return the tag names; empty when no tag dangles
   */
  public List<String> tagNames() {
    return tags.stream().map(RevisionTag::tag).toList();
  }

  /**
   * The namespaces labelled directly with a missing revision (not through a tag), ascending.
   *
   * @return the namespace names; empty when none is labelled with a missing revision
   */
  public List<String> namespacesLabelledWithMissingRevision() {
    return namespaces.entrySet().stream().filter(e -> Revision.isRevision(e.getValue())).map(Map.Entry::getKey)
        .toList();
  }

  /**
   * E.g. {@code revision tag prod-stable points at asm-1-17, which is not installed (installed: [asm-1-18]): every
   * pod creation in its namespaces shop fails; namespace web is labelled istio.io/rev=asm-1-17, which is not
   * installed}.
   *
   * @return a human-readable description of every dangling tag and namespace; "" when nothing dangles
   */
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (RevisionTag t : tags) {
      parts.add("revision tag " + t.tag() + " points at " + t.revision() + ", which is not installed (installed: "
          + installed + "): every pod creation in its namespaces"
          + (t.namespaces().isEmpty() ? " (none labelled yet)" : " " + String.join(", ", t.namespaces())) + " fails");
    }
    for (String ns : namespacesLabelledWithMissingRevision()) {
      parts.add("namespace " + ns + " is labelled istio.io/rev=" + namespaces.get(ns) + ", which is not installed"
          + " (installed: " + installed + "): its new pods get no sidecar");
    }
    return String.join("; ", parts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DanglingInjection d && d.installed.equals(installed) && d.tags.equals(tags)
        && d.namespaces.equals(namespaces);
  }

  @Override
  public int hashCode() {
    return Objects.hash(installed, tags, namespaces);
  }

  @Override
  public String toString() {
    return "DanglingInjection[installed=" + installed + ", tags=" + tags + ", namespaces=" + namespaces + "]";
  }

  /** Builds a {@link DanglingInjection}; not thread-safe. */
  public static final class Builder {
    private Collection<Revision> installed = List.of();
    private List<RevisionTag> tags = List.of();
    private Map<String, String> namespaces = Map.of();

    private Builder() {}

    /**
     * The revisions installed when it was found, in any order (null throws NPE at {@link #build()}).
     *
     * @param installed the installed revisions
     * @return this builder
     */
    public Builder installed(Collection<Revision> installed) {
      this.installed = installed;
      return this;
    }

    /**
     * The dangling revision tags, ascending by tag (null throws NPE at {@link #build()}).
     *
     * @param tags the dangling tags; empty when none
     * @return this builder
     */
    public Builder tags(List<RevisionTag> tags) {
      this.tags = tags;
      return this;
    }

    /**
     * The namespaces pointing at a missing revision: name to label (null throws NPE at {@link #build()}).
     *
     * @param namespaces namespace name to its {@code istio.io/rev} label; empty when none
     * @return this builder
     */
    public Builder namespaces(Map<String, String> namespaces) {
      this.namespaces = namespaces;
      return this;
    }

    /**
     * The value.
     *
     * @return a new immutable value with this builder's values, installed revisions and namespaces sorted
     * @throws NullPointerException naming a null list, map, key or value
     */
    public DanglingInjection build() {
      return new DanglingInjection(this);
    }
  }
}
