package io.meshupgrade.internal;

import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionTag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What still points at a revision about to be removed: pods running it (per namespace), namespaces labelled with
 * it, revision tags pointing at it. Not API. Immutable.
 */
public record Orphans(
    Revision revision, Map<String, Integer> podsByNamespace, List<String> namespaces, List<String> tags) {

  public Orphans {
    podsByNamespace = Map.copyOf(podsByNamespace);
    namespaces = List.copyOf(namespaces);
    tags = List.copyOf(tags);
  }

  /** Finds what still points at {@code revision}. */
  public static Orphans of(
      Revision revision, PodInventory inventory, List<MeshNamespace> meshNamespaces, List<RevisionTag> tags) {
    List<String> ns = meshNamespaces.stream()
        .filter(n -> n.revisionLabel().equals(revision.toString()))
        .map(MeshNamespace::name).sorted().toList();
    List<String> t = tags.stream().filter(x -> x.revision().equals(revision)).map(RevisionTag::tag).sorted().toList();
    return new Orphans(revision, inventory.countOnRevisionByNamespace(revision), ns, t);
  }

  public boolean isEmpty() {
    return podsByNamespace.isEmpty() && namespaces.isEmpty() && tags.isEmpty();
  }

  public int pods() {
    return podsByNamespace.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * E.g. {@code 3 pods in namespace shop still run asm-1-18: restart them or pass force}.
   *
   * @param escape what lets the caller go on anyway ("pass force"), or "" for none
   */
  public String describe(String escape) {
    String or = escape.isEmpty() ? "" : " or " + escape;
    List<String> parts = new ArrayList<>();
    new java.util.TreeMap<>(podsByNamespace).forEach((ns, n) -> parts.add(
        n + (n == 1 ? " pod" : " pods") + " in namespace " + ns + " still " + (n == 1 ? "runs " : "run ")
            + revision + ": restart " + (n == 1 ? "it" : "them") + or));
    for (String ns : namespaces) {
      parts.add("namespace " + ns + " is still labelled istio.io/rev=" + revision + ": relabel it" + or);
    }
    for (String t : tags) {
      parts.add("revision tag " + t + " still points at " + revision + ": move it" + or);
    }
    return String.join("; ", parts);
  }
}
