package io.meshupgrade.testkit.k8s.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The three patch formats of the API server: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge
 * patch (maps merged; lists with a known merge key merged by that key; other lists replaced; {@code $patch} directives
 * {@code replace} and {@code delete}). Stateless, thread-safe. Every method mutates and returns its target argument.
 */
public final class Patches {
  /** Lists merged by key in a strategic merge patch (field name -> merge key). */
  private static final Map<String, String> MERGE_KEYS =
      Map.ofEntries(
          Map.entry("containers", "name"),
          Map.entry("initContainers", "name"),
          Map.entry("ephemeralContainers", "name"),
          Map.entry("volumes", "name"),
          Map.entry("volumeMounts", "mountPath"),
          Map.entry("env", "name"),
          Map.entry("ports", "containerPort"),
          Map.entry("imagePullSecrets", "name"),
          Map.entry("ownerReferences", "uid"),
          Map.entry("conditions", "type"),
          Map.entry("webhooks", "name"),
          Map.entry("tolerations", "key"),
          Map.entry("hostAliases", "ip"));

  private Patches() {}

  public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode t = target != null && target.isObject() ? (ObjectNode) target : Json.obj();
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      if (e.getValue().isNull()) {
        t.remove(e.getKey());
      } else {
        t.set(e.getKey(), mergePatch(t.get(e.getKey()), e.getValue()));
      }
    }
    return t;
  }

  public static JsonNode strategicMergePatch(JsonNode target, JsonNode patch) {
    return smp(target, patch, null);
  }

  private static JsonNode smp(JsonNode target, JsonNode patch, String fieldName) {
    if (patch.isObject()) {
      JsonNode directive = patch.get("$patch");
      if (directive != null && "replace".equals(directive.asText())) {
        ObjectNode copy = ((ObjectNode) patch).deepCopy();
        copy.remove("$patch");
        return copy;
      }
      if (directive != null && "delete".equals(directive.asText())) {
        return null;
      }
      ObjectNode t = target != null && target.isObject() ? (ObjectNode) target : Json.obj();
      for (Map.Entry<String, JsonNode> e : patch.properties()) {
        String k = e.getKey();
        if (k.startsWith("$") || k.startsWith("$setElementOrder/") || k.startsWith("$deleteFromPrimitiveList/")) {
          continue;
        }
        if (e.getValue().isNull()) {
          t.remove(k);
          continue;
        }
        JsonNode merged = smp(t.get(k), e.getValue(), k);
        if (merged == null) {
          t.remove(k);
        } else {
          t.set(k, merged);
        }
      }
      return t;
    }
    if (patch.isArray() && fieldName != null && MERGE_KEYS.containsKey(fieldName)) {
      return mergeList(target, (ArrayNode) patch, MERGE_KEYS.get(fieldName));
    }
    return patch.deepCopy();
  }

  private static JsonNode mergeList(JsonNode target, ArrayNode patch, String key) {
    for (JsonNode p : patch) {
      if (p.isObject() && "replace".equals(Json.text(p, "$patch"))) {
        ArrayNode out = Json.arr();
        for (JsonNode q : patch) {
          if (!(q.isObject() && q.has("$patch"))) {
            out.add(q.deepCopy());
          }
        }
        return out;
      }
    }
    ArrayNode t = target != null && target.isArray() ? (ArrayNode) target : Json.arr();
    for (JsonNode p : patch) {
      if (!p.isObject() || !p.has(key)) {
        t.add(p.deepCopy());
        continue;
      }
      JsonNode keyValue = p.get(key);
      int idx = -1;
      for (int i = 0; i < t.size(); i++) {
        if (keyValue.equals(t.get(i).get(key))) {
          idx = i;
          break;
        }
      }
      if ("delete".equals(Json.text(p, "$patch"))) {
        if (idx >= 0) {
          t.remove(idx);
        }
        continue;
      }
      if (idx >= 0) {
        t.set(idx, smp(t.get(idx), p, null));
      } else {
        t.add(smp(Json.obj(), p, null));
      }
    }
    return t;
  }

  /**
   * Applies an RFC 6902 JSON patch.
   *
   * @throws IllegalArgumentException when an operation is malformed or a path does not exist or a test fails
   */
  public static JsonNode jsonPatch(JsonNode target, JsonNode patch) {
    if (!patch.isArray()) {
      throw new IllegalArgumentException("a JSON patch must be an array of operations, got: " + patch);
    }
    JsonNode doc = target;
    for (JsonNode op : patch) {
      String kind = Json.text(op, "op");
      String path = Json.text(op, "path");
      if (kind == null || path == null) {
        throw new IllegalArgumentException("JSON patch operation needs op and path: " + op);
      }
      switch (kind) {
        case "add" -> doc = add(doc, path, required(op, "value"));
        case "remove" -> doc = remove(doc, path, op);
        case "replace" -> {
          get(doc, path, op);
          doc = remove(doc, path, op);
          doc = add(doc, path, required(op, "value"));
        }
        case "move" -> {
          String from = Json.text(op, "from");
          JsonNode v = get(doc, from, op);
          doc = remove(doc, from, op);
          doc = add(doc, path, v);
        }
        case "copy" -> doc = add(doc, path, get(doc, Json.text(op, "from"), op).deepCopy());
        case "test" -> {
          if (!get(doc, path, op).equals(required(op, "value"))) {
            throw new IllegalArgumentException("JSON patch test failed: " + op);
          }
        }
        default -> throw new IllegalArgumentException(
            "unknown JSON patch op \"" + kind + "\"; expected add, remove, replace, move, copy or test");
      }
    }
    return doc;
  }

  private static JsonNode required(JsonNode op, String field) {
    JsonNode v = op.get(field);
    if (v == null) {
      throw new IllegalArgumentException("JSON patch operation needs " + field + ": " + op);
    }
    return v.deepCopy();
  }

  private static List<String> pointer(String path) {
    if (path == null || (!path.isEmpty() && !path.startsWith("/"))) {
      throw new IllegalArgumentException("invalid JSON pointer \"" + path + "\"; expected /a/b/0");
    }
    List<String> out = new ArrayList<>();
    if (path.isEmpty()) {
      return out;
    }
    for (String s : path.substring(1).split("/", -1)) {
      out.add(s.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  private static JsonNode get(JsonNode doc, String path, JsonNode op) {
    JsonNode c = doc;
    for (String s : pointer(path)) {
      c = child(c, s);
      if (c == null) {
        throw new IllegalArgumentException("JSON patch path does not exist: " + op);
      }
    }
    return c;
  }

  private static JsonNode child(JsonNode c, String s) {
    if (c == null) {
      return null;
    }
    if (c.isObject()) {
      return c.get(s);
    }
    if (c.isArray()) {
      try {
        int i = Integer.parseInt(s);
        return i >= 0 && i < c.size() ? c.get(i) : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static JsonNode add(JsonNode doc, String path, JsonNode value) {
    List<String> p = pointer(path);
    if (p.isEmpty()) {
      return value;
    }
    JsonNode parent = doc;
    for (int i = 0; i < p.size() - 1; i++) {
      parent = child(parent, p.get(i));
      if (parent == null) {
        throw new IllegalArgumentException("JSON patch add: parent of " + path + " does not exist");
      }
    }
    String last = p.get(p.size() - 1);
    if (parent instanceof ObjectNode o) {
      o.set(last, value);
    } else if (parent instanceof ArrayNode a) {
      if (last.equals("-")) {
        a.add(value);
      } else {
        int i = index(last, path);
        if (i > a.size()) {
          throw new IllegalArgumentException("JSON patch add: index out of bounds in " + path);
        }
        a.insert(i, value);
      }
    } else {
      throw new IllegalArgumentException("JSON patch add: parent of " + path + " is not a container");
    }
    return doc;
  }

  private static JsonNode remove(JsonNode doc, String path, JsonNode op) {
    List<String> p = pointer(path);
    if (p.isEmpty()) {
      throw new IllegalArgumentException("JSON patch cannot remove the root: " + op);
    }
    JsonNode parent = doc;
    for (int i = 0; i < p.size() - 1; i++) {
      parent = child(parent, p.get(i));
    }
    String last = p.get(p.size() - 1);
    if (parent instanceof ObjectNode o && o.has(last)) {
      o.remove(last);
    } else if (parent instanceof ArrayNode a && child(a, last) != null) {
      a.remove(index(last, path));
    } else {
      throw new IllegalArgumentException("JSON patch path does not exist: " + op);
    }
    return doc;
  }

  private static int index(String s, String path) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("JSON patch: \"" + s + "\" is not an array index in " + path, e);
    }
  }
}
