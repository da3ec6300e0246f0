package io.meshupgrade.testkit.k8s.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shares equal subtrees between stored objects (pods of one ReplicaSet have equal specs, labels, owner references,
 * and conditions), which cuts the memory of large simulated clusters several times. Safe because stored trees are
 * never mutated. Bounded (least recently used). Not thread-safe: used under the store's write lock.
 */
final class Interner {
  private static final String[][] PATHS = {
    {"spec"},
    {"metadata", "labels"},
    {"metadata", "annotations"},
    {"metadata", "ownerReferences"},
    {"status", "conditions"},
    {"status", "containerStatuses"},
    {"status", "initContainerStatuses"},
  };

  private final Map<JsonNode, JsonNode> cache;

  Interner(int capacity) {
    this.cache =
        new LinkedHashMap<>(capacity * 2, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<JsonNode, JsonNode> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Replaces well-known subtrees of {@code object} (about to be stored) with equal shared ones. */
  void compact(ObjectNode object) {
    for (String[] path : PATHS) {
      JsonNode parent = object;
      for (int i = 0; i < path.length - 1 && parent != null; i++) {
        parent = parent.get(path[i]);
      }
      if (parent instanceof ObjectNode p) {
        String field = path[path.length - 1];
        JsonNode child = p.get(field);
        if (child != null && child.isContainerNode() && !child.isEmpty()) {
          JsonNode shared = cache.putIfAbsent(child, child);
          if (shared != null && shared != child) {
            p.set(field, shared);
          }
        }
      }
    }
  }
}
