package io.meshupgrade.testkit.k8s.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** JSON helpers over Jackson trees. Stateless, thread-safe. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  public static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Json() {}

  public static ObjectNode obj() {
    return F.objectNode();
  }

  public static ArrayNode arr() {
    return F.arrayNode();
  }

  public static ObjectNode parseObject(String text) {
    try {
      JsonNode n = MAPPER.readTree(text);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("expected a JSON object but got: " + abbreviate(text));
      }
      return (ObjectNode) n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static JsonNode parse(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
    }
  }

  public static String write(JsonNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  public static String timestamp(Instant t) {
    return RFC3339.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Text at a dotted path, or null. */
  public static String text(JsonNode n, String... path) {
    JsonNode c = at(n, path);
    return c == null || c.isNull() || c.isMissingNode() ? null : c.asText();
  }

  public static JsonNode at(JsonNode n, String... path) {
    JsonNode c = n;
    for (String p : path) {
      if (c == null || !c.isObject()) {
        return null;
      }
      c = c.get(p);
    }
    return c;
  }

  public static long longAt(JsonNode n, long dflt, String... path) {
    JsonNode c = at(n, path);
    return c == null || !c.canConvertToLong() ? dflt : c.asLong();
  }

  /** Child object, created when missing (replacing a non-object). */
  public static ObjectNode with(ObjectNode n, String field) {
    JsonNode c = n.get(field);
    if (c instanceof ObjectNode o) {
      return o;
    }
    ObjectNode o = n.objectNode();
    n.set(field, o);
    return o;
  }

  public static ArrayNode withArray(ObjectNode n, String field) {
    JsonNode c = n.get(field);
    if (c instanceof ArrayNode a) {
      return a;
    }
    ArrayNode a = n.arrayNode();
    n.set(field, a);
    return a;
  }

  public static ObjectNode metadata(JsonNode n) {
    JsonNode m = n.get("metadata");
    return m instanceof ObjectNode o ? o : null;
  }

  /** Labels of an object as an unmodifiable map (empty when none). */
  public static Map<String, String> labels(JsonNode n) {
    return stringMap(at(n, "metadata", "labels"));
  }

  public static Map<String, String> stringMap(JsonNode m) {
    if (m == null || !m.isObject() || m.isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : m.properties()) {
      out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
    }
    return Collections.unmodifiableMap(out);
  }

  /** A copy with object keys sorted recursively, for stable hashing. */
  public static JsonNode canonical(JsonNode n) {
    if (n.isObject()) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      n.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
      ObjectNode o = F.objectNode();
      sorted.forEach(o::set);
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = F.arrayNode();
      n.forEach(c -> a.add(canonical(c)));
      return a;
    }
    return n;
  }

  private static final char[] SAFE = "bcdfghjklmnpqrstvwxz2456789".toCharArray();

  /** A Kubernetes-style hash (as pod-template-hash): FNV-1a over canonical JSON, safe-encoded. */
  public static String hash(JsonNode n) {
    String s = write(canonical(n));
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    StringBuilder b = new StringBuilder();
    long v = h & 0x7fffffffffffffffL;
    for (int i = 0; i < 10; i++) {
      b.append(SAFE[(int) (v % SAFE.length)]);
      v /= SAFE.length;
    }
    return b.toString();
  }

  /** 5 random safe characters as the API server appends to generateName. */
  public static String randomSuffix(java.util.Random random) {
    StringBuilder b = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      b.append(SAFE[random.nextInt(SAFE.length)]);
    }
    return b.toString();
  }
}
