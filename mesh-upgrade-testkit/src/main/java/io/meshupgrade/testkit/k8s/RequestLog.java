package io.meshupgrade.testkit.k8s;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Every HTTP request the simulator answered, in arrival order: used to check that a caller only uses the verbs its
 * RBAC role grants and to count API calls. Requests the simulator's own controllers make internally are not recorded.
 * Thread-safe.
 */
public final class RequestLog {

  /** An empty log; a {@link KubernetesSimulator} keeps its own and records into it. */
  public RequestLog() {}

  /**
   * One request.
   *
   * @param verb the RBAC verb: get, list, watch, create, update, patch, delete, deletecollection
   * @param group API group, "" for core
   * @param resource resource plural, e.g. {@code pods}
   * @param subresource subresource, e.g. {@code status}, or null
   * @param namespace namespace, or null for cluster-scoped or all-namespaces requests
   * @param name object name, or null for collections
   * @param status the HTTP status answered
   */
  public record Entry(
      String verb, String group, String resource, String subresource, String namespace, String name, int status) {

    /** {@return the RBAC resource: {@code pods} or {@code pods/status}} */
    public String rbacResource() {
      return subresource == null ? resource : resource + "/" + subresource;
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  /**
   * Records a request. Called by the simulator's server.
   *
   * @param entry the entry
   */
  public void record(Entry entry) {
    Objects.requireNonNull(entry, "entry");
    synchronized (entries) {
      entries.add(entry);
    }
  }

  /** {@return a snapshot of the entries, oldest first (unmodifiable)} */
  public List<Entry> entries() {
    synchronized (entries) {
      return Collections.unmodifiableList(new ArrayList<>(entries));
    }
  }

  /**
   * Number of entries.
   *
   * @return the int
   */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  /**
   * Entries matching a predicate.
   *
   * @param predicate the predicate
   * @return the long
   */
  public long count(Predicate<Entry> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    synchronized (entries) {
      return entries.stream().filter(predicate).count();
    }
  }

  /**
   * Entries with a verb on a resource; {@code "*"} matches any.
   *
   * @param verb e.g. {@code patch} or {@code *}
   * @param resource e.g. {@code deployments} or {@code *}
   * @return the long
   */
  public long count(String verb, String resource) {
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(resource, "resource");
    return count(
        e -> ("*".equals(verb) || verb.equals(e.verb())) && ("*".equals(resource) || resource.equals(e.resource())));
  }

  /**
   * Counts per verb (sorted by verb).
   *
   * @return the map
   */
  public Map<String, Long> countsByVerb() {
    Map<String, Long> out = new TreeMap<>();
    synchronized (entries) {
      for (Entry e : entries) {
        out.merge(e.verb(), 1L, Long::sum);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** Forgets all entries. */
  public void reset() {
    synchronized (entries) {
      entries.clear();
    }
  }
}
