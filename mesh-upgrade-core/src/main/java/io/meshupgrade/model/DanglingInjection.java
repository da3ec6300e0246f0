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
 * <p>Immutable and thread-safe.
 *
 * @param installed the revisions that were installed when it was found, ascending
 * @param tags the dangling revision tags, ascending by tag (each with the namespaces labelled with it)
 * @param namespaces the namespaces pointing at a missing revision, directly or through a dangling tag: name to its
 *     {@code istio.io/rev} label, ascending by name
 */
public record DanglingInjection(List<Revision> installed, List<RevisionTag> tags, Map<String, String> namespaces) {

  /**
   * Creates a {@code DanglingInjection} from its components, checking them.
   *
   * @param installed the revisions that were installed when it was found, ascending
   * @param tags the dangling revision tags, ascending by tag (each with the namespaces labelled with it)
   * @param namespaces the namespaces pointing at a missing revision, directly or through a dangling tag: name to its
   *     {@code istio.io/rev} label, ascending by name
   */
  public DanglingInjection {
    installed = List.copyOf(new TreeSet<>(Objects.requireNonNull(installed, "installed")));
    tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
    TreeMap<String, String> sorted = new TreeMap<>();
    Objects.requireNonNull(namespaces, "namespaces").forEach((k, v) -> sorted.put(
        Objects.requireNonNull(k, "namespaces key"), Objects.requireNonNull(v, "namespaces value")));
    namespaces = Collections.unmodifiableSortedMap(sorted);
  }

  /**
   * Nothing dangles with the given revisions installed.
   *
   * @param installed the revisions that were installed when it was found, ascending
   * @return the dangling injection
   */
  public static DanglingInjection none(Collection<Revision> installed) {
    return new DanglingInjection(List.copyOf(installed), List.of(), Map.of());
  }

  /**
   * Finds the tags pointing at a revision not in {@code installed}, and the namespaces labelled with such a revision or
   * such a tag (namespaces labelled {@code istio-injection} included: AKS skips them, but their label still dangles).
   *
   * @param installed the revisions that were installed when it was found, ascending
   * @param tags the dangling revision tags, ascending by tag (each with the namespaces labelled with it)
   * @param namespaces the namespaces pointing at a missing revision, directly or through a dangling tag: name to its
   *     {@code istio.io/rev} label, ascending by name
   * @return the dangling injection
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
    return new DanglingInjection(List.copyOf(installed), dangling, ns);
  }

  /** {@return whether nothing dangles} */
  public boolean isEmpty() {
    return tags.isEmpty() && namespaces.isEmpty();
  }

  /** {@return the names of the dangling tags, ascending} */
  public List<String> tagNames() {
    return tags.stream().map(RevisionTag::tag).toList();
  }

  /** {@return the namespaces labelled directly with a missing revision (not through a tag), ascending} */
  public List<String> namespacesLabelledWithMissingRevision() {
    return namespaces.entrySet().stream().filter(e -> Revision.isRevision(e.getValue())).map(Map.Entry::getKey)
        .toList();
  }

  /**
   * E.g. {@code revision tag prod-stable points at asm-1-17, which is not installed (installed: [asm-1-18]): every
   * pod creation in its namespaces shop fails; namespace web is labelled istio.io/rev=asm-1-17, which is not
   * installed}.
   *
   * @return the string
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
}
