package io.meshupgrade.testkit.k8s.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.testkit.k8s.ApiResource;
import io.meshupgrade.testkit.k8s.ObjectStore;
import io.meshupgrade.testkit.k8s.SimulatedApiException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The resource store: objects as Jackson trees that are never mutated once stored (writers store new trees), indexed
 * by type, namespace and name (sorted, for pagination), by uid, and by owner uid. One global resourceVersion; a
 * bounded history of events for watches. Thread-safe: one read/write lock; listeners and admission run under the
 * write lock and must not block.
 */
public final class InMemoryObjectStore implements ObjectStore {

  /** Identity of a stored object. {@code namespace} is "" for cluster-scoped types. */
  public record Key(ApiResource resource, String namespace, String name) {}

  /** A change: type ADDED, MODIFIED or DELETED; {@code old} is null for ADDED. */
  public record Event(String type, ApiResource resource, ObjectNode old, ObjectNode object, long resourceVersion) {}

  /** Called for every change, under the write lock: must only record or enqueue. */
  public interface Listener {
    void onEvent(Event event);
  }

  /** Mutates or rejects an object being created, under the write lock; may read the store. */
  public interface Admission {
    void admit(ApiResource resource, ObjectNode object);
  }

  /** How an update treats status. */
  public enum Mode {
    /** main resource over HTTP: status kept from the stored object */
    MAIN,
    /** status subresource over HTTP: only status taken from the new object */
    STATUS,
    /** privileged (Java API, controllers): everything taken */
    RAW
  }

  /** One page of a list. */
  public record Page(List<ObjectNode> items, long resourceVersion, String continueNamespace, String continueName) {}

  private static final class TypeStore {
    final TreeMap<String, TreeMap<String, ObjectNode>> byNamespace = new TreeMap<>();
    int size;
  }

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<ApiResource, TypeStore> types = new HashMap<>();
  private final Map<String, Key> byUid = new HashMap<>();
  private final Map<String, Set<Key>> dependents = new HashMap<>();
  private final ArrayDeque<Event> history = new ArrayDeque<>();
  private final int historyLimit;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final List<Admission> admissions = new CopyOnWriteArrayList<>();
  private final List<WatchSubscription> watches = new CopyOnWriteArrayList<>();
  private final Clock clock;
  private final Random random;
  private final Interner interner = new Interner(8192);
  private long resourceVersion = 1000;
  private long compactedThrough = 0;

  public InMemoryObjectStore(Clock clock, int historyLimit, long seed) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.historyLimit = historyLimit;
    this.random = new Random(seed);
    for (ApiResource r : ApiResource.ALL) {
      types.put(r, new TypeStore());
    }
  }

  public Clock clock() {
    return clock;
  }

  public void addListener(Listener l) {
    listeners.add(l);
  }

  public void addAdmission(Admission a) {
    admissions.add(a);
  }

  public ReentrantReadWriteLock lock() {
    return lock;
  }

  // ---------------------------------------------------------------- reads

  /** The stored object itself (never mutate it), or null. */
  public ObjectNode getRaw(ApiResource r, String namespace, String name) {
    lock.readLock().lock();
    try {
      return peek(r, namespace, name);
    } finally {
      lock.readLock().unlock();
    }
  }

  private ObjectNode peek(ApiResource r, String namespace, String name) {
    TreeMap<String, ObjectNode> ns = types.get(r).byNamespace.get(nsKey(r, namespace));
    return ns == null ? null : ns.get(name);
  }

  private static String nsKey(ApiResource r, String namespace) {
    return r.namespaced() ? (namespace == null ? "" : namespace) : "";
  }

  /** The stored object with a uid (never mutate it), or null. */
  public ObjectNode getByUid(String uid) {
    lock.readLock().lock();
    try {
      Key k = byUid.get(uid);
      return k == null ? null : peek(k.resource, k.namespace, k.name);
    } finally {
      lock.readLock().unlock();
    }
  }

  public Key keyOfUid(String uid) {
    lock.readLock().lock();
    try {
      return byUid.get(uid);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Stored objects of a type that name {@code ownerUid} in their ownerReferences (never mutate them). */
  public List<ObjectNode> dependentsOf(String ownerUid, ApiResource type) {
    lock.readLock().lock();
    try {
      Set<Key> keys = dependents.get(ownerUid);
      if (keys == null) {
        return List.of();
      }
      List<ObjectNode> out = new ArrayList<>(keys.size());
      for (Key k : keys) {
        if (type == null || k.resource.equals(type)) {
          ObjectNode o = peek(k.resource, k.namespace, k.name);
          if (o != null) {
            out.add(o);
          }
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * A page of matching objects after the continue position (exclusive), sorted by namespace and name.
   *
   * @param limit at most this many items; 0 or less for all
   */
  public Page listPage(
      ApiResource r,
      String namespace,
      LabelSelector labels,
      FieldSelector fields,
      int limit,
      String afterNamespace,
      String afterName) {
    lock.readLock().lock();
    try {
      TypeStore ts = types.get(r);
      List<ObjectNode> items = new ArrayList<>(limit > 0 ? Math.min(limit, 1024) : 64);
      NavigableMap<String, TreeMap<String, ObjectNode>> namespaces;
      if (r.namespaced() && namespace != null) {
        TreeMap<String, ObjectNode> one = ts.byNamespace.get(namespace);
        namespaces = new TreeMap<>();
        if (one != null) {
          namespaces.put(namespace, one);
        }
      } else {
        namespaces = ts.byNamespace;
      }
      if (afterNamespace != null) {
        namespaces = namespaces.tailMap(afterNamespace, true);
      }
      String pinnedName = fields.requiredName();
      for (Map.Entry<String, TreeMap<String, ObjectNode>> nsEntry : namespaces.entrySet()) {
        NavigableMap<String, ObjectNode> objects = nsEntry.getValue();
        if (afterNamespace != null && nsEntry.getKey().equals(afterNamespace) && afterName != null) {
          objects = objects.tailMap(afterName, false);
        }
        if (pinnedName != null) {
          ObjectNode o = objects.get(pinnedName);
          objects = new TreeMap<>();
          if (o != null) {
            objects.put(pinnedName, o);
          }
        }
        for (Map.Entry<String, ObjectNode> e : objects.entrySet()) {
          ObjectNode o = e.getValue();
          if (!labels.isEmpty() && !labels.matches(Json.labels(o))) {
            continue;
          }
          if (!fields.isEmpty() && !fields.matches(o)) {
            continue;
          }
          if (limit > 0 && items.size() == limit) {
            ObjectNode last = items.get(items.size() - 1);
            return new Page(
                items,
                resourceVersion,
                nsKey(r, Json.text(last, "metadata", "namespace")),
                Json.text(last, "metadata", "name"));
          }
          items.add(o);
        }
      }
      return new Page(items, resourceVersion, null, null);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<ObjectNode> get(ApiResource resource, String namespace, String name) {
    ObjectNode o = getRaw(resource, namespace, name);
    return Optional.ofNullable(o == null ? null : o.deepCopy());
  }

  @Override
  public List<ObjectNode> list(ApiResource resource, String namespace, String labelSelector) {
    Page p =
        listPage(resource, namespace, LabelSelector.parse(labelSelector), FieldSelector.EVERYTHING, 0, null, null);
    List<ObjectNode> out = new ArrayList<>(p.items().size());
    p.items().forEach(o -> out.add(o.deepCopy()));
    return Collections.unmodifiableList(out);
  }

  /** Stored objects (never mutate them) matching a selector; namespace null for all. */
  public List<ObjectNode> listRaw(ApiResource resource, String namespace, LabelSelector selector) {
    return listPage(resource, namespace, selector, FieldSelector.EVERYTHING, 0, null, null).items();
  }

  @Override
  public int count(ApiResource resource, String namespace) {
    lock.readLock().lock();
    try {
      TypeStore ts = types.get(resource);
      if (namespace == null || !resource.namespaced()) {
        return ts.size;
      }
      TreeMap<String, ObjectNode> ns = ts.byNamespace.get(namespace);
      return ns == null ? 0 : ns.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long resourceVersion() {
    lock.readLock().lock();
    try {
      return resourceVersion;
    } finally {
      lock.readLock().unlock();
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public ObjectNode create(ApiResource resource, ObjectNode object) {
    Objects.requireNonNull(object, "object");
    ObjectNode copy = object.deepCopy();
    return create(resource, Json.text(copy, "metadata", "namespace"), copy, false).deepCopy();
  }

  /**
   * Creates {@code body} (taken over, not copied).
   *
   * @param fromApi whether the request came over HTTP (status then reset as the API server does)
   */
  public ObjectNode create(ApiResource r, String namespace, ObjectNode body, boolean fromApi) {
    ObjectNode meta = Json.with(body, "metadata");
    String ns = r.namespaced() ? namespace : null;
    if (r.namespaced()) {
      String bodyNs = Json.text(meta, "namespace");
      if (ns == null || ns.isEmpty()) {
        ns = bodyNs;
      }
      if (ns == null || ns.isEmpty()) {
        throw SimulatedApiException.badRequest("the namespace of the object is missing");
      }
      if (bodyNs != null && !bodyNs.isEmpty() && !bodyNs.equals(ns)) {
        throw SimulatedApiException.badRequest(
            "the namespace of the provided object does not match the namespace sent on the request");
      }
      meta.put("namespace", ns);
    } else {
      meta.remove("namespace");
    }
    body.put("apiVersion", r.apiVersion());
    body.put("kind", r.kind());
    lock.writeLock().lock();
    try {
      String name = Json.text(meta, "name");
      if (name == null || name.isEmpty()) {
        String generate = Json.text(meta, "generateName");
        if (generate == null || generate.isEmpty()) {
          throw SimulatedApiException.invalid(r, "", "metadata.name: Required value: name or generateName is required");
        }
        do {
          name = generate + Json.randomSuffix(random);
        } while (peek(r, ns, name) != null);
        meta.put("name", name);
      }
      if (r.namespaced() && peek(ApiResource.NAMESPACES, null, ns) == null) {
        throw SimulatedApiException.notFound(ApiResource.NAMESPACES, ns);
      }
      if (peek(r, ns, name) != null) {
        throw SimulatedApiException.alreadyExists(r, name);
      }
      if (fromApi && r.statusSubresource()) {
        body.remove("status");
      }
      if (r.equals(ApiResource.NAMESPACES)) {
        Json.with(meta, "labels").put("kubernetes.io/metadata.name", name);
        if (!body.has("spec")) {
          Json.with(body, "spec").set("finalizers", Json.arr().add("kubernetes"));
        }
        Json.with(body, "status").put("phase", "Active");
      }
      for (Admission a : admissions) {
        a.admit(r, body);
      }
      meta.put("uid", UUID.randomUUID().toString());
      meta.put("creationTimestamp", Json.timestamp(clock.instant()));
      if (r.hasGeneration()) {
        meta.put("generation", 1);
      } else {
        meta.remove("generation");
      }
      long rv = ++resourceVersion;
      meta.put("resourceVersion", Long.toString(rv));
      interner.compact(body);
      TypeStore ts = types.get(r);
      ts.byNamespace.computeIfAbsent(nsKey(r, ns), k -> new TreeMap<>()).put(name, body);
      ts.size++;
      Key key = new Key(r, nsKey(r, ns), name);
      byUid.put(Json.text(meta, "uid"), key);
      indexOwners(key, null, body);
      emit(new Event("ADDED", r, null, body, rv));
      return body;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public ObjectNode update(ApiResource resource, ObjectNode object) {
    Objects.requireNonNull(object, "object");
    ObjectNode copy = object.deepCopy();
    return update(
            resource,
            Json.text(copy, "metadata", "namespace"),
            Json.text(copy, "metadata", "name"),
            copy,
            Mode.RAW)
        .deepCopy();
  }

  /** Replaces an object with {@code body} (taken over). */
  public ObjectNode update(ApiResource r, String namespace, String name, ObjectNode body, Mode mode) {
    lock.writeLock().lock();
    try {
      ObjectNode current = peek(r, namespace, name);
      if (current == null) {
        throw SimulatedApiException.notFound(r, name);
      }
      String bodyName = Json.text(body, "metadata", "name");
      if (bodyName != null && !bodyName.equals(name)) {
        throw SimulatedApiException.badRequest(
            "the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
      }
      String rv = Json.text(body, "metadata", "resourceVersion");
      if (rv != null && !rv.isEmpty() && !rv.equals(Json.text(current, "metadata", "resourceVersion"))) {
        throw SimulatedApiException.conflict(r, name);
      }
      return store(r, current, body, mode);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public ObjectNode patch(ApiResource resource, String namespace, String name, PatchType type, String patch) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(patch, "patch");
    JsonNode p;
    try {
      p = Json.MAPPER.readTree(patch);
    } catch (java.io.IOException e) {
      throw SimulatedApiException.badRequest("malformed patch: " + e.getMessage());
    }
    return patch(resource, namespace, name, type, p, Mode.RAW).deepCopy();
  }

  /** Applies a patch atomically; a resourceVersion in the patched result is a precondition. */
  public ObjectNode patch(ApiResource r, String namespace, String name, PatchType type, JsonNode patch, Mode mode) {
    lock.writeLock().lock();
    try {
      ObjectNode current = peek(r, namespace, name);
      if (current == null) {
        throw SimulatedApiException.notFound(r, name);
      }
      JsonNode patched;
      try {
        patched =
            switch (type) {
              case JSON_MERGE -> Patches.mergePatch(current.deepCopy(), patch);
              case STRATEGIC_MERGE -> Patches.strategicMergePatch(current.deepCopy(), patch);
              case JSON -> Patches.jsonPatch(current.deepCopy(), patch);
            };
      } catch (IllegalArgumentException e) {
        throw SimulatedApiException.invalid(r, name, e.getMessage());
      }
      if (!(patched instanceof ObjectNode body)) {
        throw SimulatedApiException.invalid(r, name, "the patch does not result in an object");
      }
      String rv = Json.text(body, "metadata", "resourceVersion");
      if (rv != null && !rv.equals(Json.text(current, "metadata", "resourceVersion"))) {
        throw SimulatedApiException.conflict(r, name);
      }
      String newName = Json.text(body, "metadata", "name");
      if (newName == null || !newName.equals(name)) {
        throw SimulatedApiException.invalid(r, name, "metadata.name: Invalid value: the name cannot be changed");
      }
      return store(r, current, body, mode);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Stores {@code next} in place of {@code current}; caller holds the write lock. */
  private ObjectNode store(ApiResource r, ObjectNode current, ObjectNode next, Mode mode) {
    ObjectNode body;
    if (mode == Mode.STATUS) {
      body = current.deepCopy();
      JsonNode status = next.get("status");
      if (status == null) {
        body.remove("status");
      } else {
        body.set("status", status);
      }
    } else {
      body = next;
      if (mode == Mode.MAIN && r.statusSubresource()) {
        JsonNode status = current.get("status");
        if (status == null) {
          body.remove("status");
        } else {
          body.set("status", status);
        }
      }
    }
    body.put("apiVersion", r.apiVersion());
    body.put("kind", r.kind());
    ObjectNode meta = Json.with(body, "metadata");
    ObjectNode curMeta = Json.metadata(current);
    for (String immutable : new String[] {"name", "namespace", "uid", "creationTimestamp", "deletionTimestamp"}) {
      JsonNode v = curMeta.get(immutable);
      if (v == null) {
        meta.remove(immutable);
      } else {
        meta.set(immutable, v);
      }
    }
    if (r.equals(ApiResource.NAMESPACES)) {
      Json.with(meta, "labels").put("kubernetes.io/metadata.name", Json.text(curMeta, "name"));
    }
    long generation = Json.longAt(current, 0, "metadata", "generation");
    if (r.hasGeneration()) {
      boolean changed = false;
      for (String f : r.generationFields()) {
        if (!Objects.equals(current.get(f), body.get(f))) {
          changed = true;
        }
      }
      meta.put("generation", changed ? generation + 1 : generation);
    } else {
      meta.remove("generation");
    }
    meta.set("resourceVersion", curMeta.get("resourceVersion"));
    if (body.equals(current)) {
      return current;
    }
    long rv = ++resourceVersion;
    meta.put("resourceVersion", Long.toString(rv));
    interner.compact(body);
    String name = Json.text(curMeta, "name");
    String ns = nsKey(r, Json.text(curMeta, "namespace"));
    types.get(r).byNamespace.get(ns).put(name, body);
    Key key = new Key(r, ns, name);
    if (!Objects.equals(current.at("/metadata/ownerReferences"), body.at("/metadata/ownerReferences"))) {
      unindexOwners(key, current);
      indexOwners(key, null, body);
    }
    emit(new Event("MODIFIED", r, current, body, rv));
    return body;
  }

  @Override
  public boolean delete(ApiResource resource, String namespace, String name) {
    try {
      delete(resource, namespace, name, null);
      return true;
    } catch (SimulatedApiException e) {
      if (e.code() == 404) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Deletes an object, then its dependents and, for a namespace, its contents.
   *
   * @param preconditionUid when not null, the uid the object must have (409 otherwise)
   * @return the object as deleted
   */
  public ObjectNode delete(ApiResource r, String namespace, String name, String preconditionUid) {
    lock.writeLock().lock();
    try {
      ObjectNode current = peek(r, namespace, name);
      if (current == null) {
        throw SimulatedApiException.notFound(r, name);
      }
      if (preconditionUid != null && !preconditionUid.equals(Json.text(current, "metadata", "uid"))) {
        throw SimulatedApiException.conflict(r, name);
      }
      ObjectNode deleted = remove(r, current);
      if (r.equals(ApiResource.NAMESPACES)) {
        for (ApiResource t : ApiResource.ALL) {
          if (t.namespaced()) {
            TreeMap<String, ObjectNode> objects = types.get(t).byNamespace.get(name);
            if (objects != null) {
              for (ObjectNode o : new ArrayList<>(objects.values())) {
                if (peek(t, name, Json.text(o, "metadata", "name")) == o) {
                  remove(t, o);
                }
              }
            }
          }
        }
      }
      return deleted;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private ObjectNode remove(ApiResource r, ObjectNode current) {
    String name = Json.text(current, "metadata", "name");
    String ns = nsKey(r, Json.text(current, "metadata", "namespace"));
    TypeStore ts = types.get(r);
    TreeMap<String, ObjectNode> objects = ts.byNamespace.get(ns);
    objects.remove(name);
    if (objects.isEmpty()) {
      ts.byNamespace.remove(ns);
    }
    ts.size--;
    String uid = Json.text(current, "metadata", "uid");
    Key key = new Key(r, ns, name);
    byUid.remove(uid);
    unindexOwners(key, current);
    long rv = ++resourceVersion;
    ObjectNode deleted = current.deepCopy();
    Json.with(deleted, "metadata").put("resourceVersion", Long.toString(rv));
    emit(new Event("DELETED", r, current, deleted, rv));
    Set<Key> deps = dependents.remove(uid);
    if (deps != null) {
      for (Key d : new ArrayList<>(deps)) {
        ObjectNode o = peek(d.resource, d.namespace, d.name);
        if (o != null) {
          remove(d.resource, o);
        }
      }
    }
    return deleted;
  }

  private void indexOwners(Key key, ObjectNode unused, ObjectNode obj) {
    JsonNode refs = obj.at("/metadata/ownerReferences");
    if (refs.isArray()) {
      for (JsonNode ref : refs) {
        String uid = Json.text(ref, "uid");
        if (uid != null) {
          dependents.computeIfAbsent(uid, k -> new LinkedHashSet<>()).add(key);
        }
      }
    }
  }

  private void unindexOwners(Key key, ObjectNode obj) {
    JsonNode refs = obj.at("/metadata/ownerReferences");
    if (refs.isArray()) {
      for (JsonNode ref : refs) {
        String uid = Json.text(ref, "uid");
        Set<Key> set = uid == null ? null : dependents.get(uid);
        if (set != null) {
          set.remove(key);
          if (set.isEmpty()) {
            dependents.remove(uid);
          }
        }
      }
    }
  }

  private void emit(Event e) {
    history.addLast(e);
    while (history.size() > historyLimit) {
      compactedThrough = history.removeFirst().resourceVersion();
    }
    for (WatchSubscription w : watches) {
      w.offer(e);
    }
    for (Listener l : listeners) {
      l.onEvent(e);
    }
  }

  // ---------------------------------------------------------------- watches

  /**
   * Opens a watch. With {@code sinceResourceVersion} null the current matching objects come first as ADDED
   * events; otherwise the retained events after that version are replayed.
   *
   * @throws SimulatedApiException 410 Expired when events after that version are no longer retained
   */
  public WatchSubscription watch(
      ApiResource r, String namespace, LabelSelector labels, FieldSelector fields, Long sinceResourceVersion) {
    lock.writeLock().lock();
    try {
      WatchSubscription w = new WatchSubscription(this, r, r.namespaced() ? namespace : null, labels, fields);
      if (sinceResourceVersion == null) {
        for (ObjectNode o : listPage(r, namespace, labels, fields, 0, null, null).items()) {
          w.offerInitial(o);
        }
      } else {
        if (sinceResourceVersion < compactedThrough) {
          throw new SimulatedApiException(
              410,
              "Expired",
              "too old resource version: " + sinceResourceVersion + " (" + (compactedThrough + 1) + ")",
              null,
              null,
              null,
              0);
        }
        Iterator<Event> it = history.descendingIterator();
        ArrayDeque<Event> replay = new ArrayDeque<>();
        while (it.hasNext()) {
          Event e = it.next();
          if (e.resourceVersion() <= sinceResourceVersion) {
            break;
          }
          replay.addFirst(e);
        }
        replay.forEach(w::offer);
      }
      watches.add(w);
      return w;
    } finally {
      lock.writeLock().unlock();
    }
  }

  void unregister(WatchSubscription w) {
    watches.remove(w);
  }

  /** Ends every open watch (their streams close as if the connection dropped). Returns how many. */
  public int dropWatches() {
    int n = 0;
    for (WatchSubscription w : watches) {
      w.close();
      n++;
    }
    return n;
  }

  public int openWatches() {
    return watches.size();
  }

  /** The current resourceVersion when the watch has nothing pending (for a consistent bookmark), or -1. */
  long bookmarkVersion(WatchSubscription w) {
    lock.readLock().lock();
    try {
      return w.isDrained() ? resourceVersion : -1;
    } finally {
      lock.readLock().unlock();
    }
  }
}
