package io.meshupgrade.testkit.k8s.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.testkit.k8s.ApiResource;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One open watch: a queue of events filtered by type, namespace and selectors. Objects that start or stop matching a
 * selector arrive as ADDED or DELETED, as from the API server. Thread-safe.
 */
public final class WatchSubscription implements AutoCloseable {
  /** An event to send: type and object. */
  public record Item(String type, ObjectNode object) {}

  private static final Item CLOSED = new Item("CLOSED", null);

  private final InMemoryObjectStore store;
  private final ApiResource resource;
  private final String namespace;
  private final LabelSelector labels;
  private final FieldSelector fields;
  private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  WatchSubscription(
      InMemoryObjectStore store, ApiResource resource, String namespace, LabelSelector labels, FieldSelector fields) {
    this.store = store;
    this.resource = resource;
    this.namespace = namespace;
    this.labels = labels;
    this.fields = fields;
  }

  void offerInitial(ObjectNode o) {
    queue.add(new Item("ADDED", o));
  }

  void offer(InMemoryObjectStore.Event e) {
    if (closed || !e.resource().equals(resource)) {
      return;
    }
    if (namespace != null && !namespace.equals(Json.text(e.object(), "metadata", "namespace"))) {
      return;
    }
    boolean now = matches(e.object());
    switch (e.type()) {
      case "ADDED" -> {
        if (now) {
          queue.add(new Item("ADDED", e.object()));
        }
      }
      case "DELETED" -> {
        if (now) {
          queue.add(new Item("DELETED", e.object()));
        }
      }
      default -> {
        boolean before = matches(e.old());
        if (before && now) {
          queue.add(new Item("MODIFIED", e.object()));
        } else if (now) {
          queue.add(new Item("ADDED", e.object()));
        } else if (before) {
          queue.add(new Item("DELETED", e.object()));
        }
      }
    }
  }

  private boolean matches(ObjectNode o) {
    return (labels.isEmpty() || labels.matches(Json.labels(o))) && (fields.isEmpty() || fields.matches(o));
  }

  /**
   * The next event, or null when none came within the wait.
   *
   * @return null on timeout; an item of type {@code CLOSED} when the watch was closed
   */
  public Item poll(long waitMillis) throws InterruptedException {
    if (closed && queue.isEmpty()) {
      return CLOSED;
    }
    return queue.poll(Math.max(0, waitMillis), TimeUnit.MILLISECONDS);
  }

  public static boolean isClosedMarker(Item i) {
    return i == CLOSED;
  }

  boolean isDrained() {
    return queue.isEmpty();
  }

  /** The resourceVersion for a bookmark now, or -1 when events are pending. */
  public long bookmarkVersion() {
    return store.bookmarkVersion(this);
  }

  public ApiResource resource() {
    return resource;
  }

  /** Ends the watch: the stream stops after the events already queued are dropped. */
  @Override
  public void close() {
    closed = true;
    queue.clear();
    queue.add(CLOSED);
    store.unregister(this);
  }
}
