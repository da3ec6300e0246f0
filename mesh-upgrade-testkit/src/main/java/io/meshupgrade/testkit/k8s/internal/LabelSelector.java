package io.meshupgrade.testkit.k8s.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed label selector (the API's string form, or a {@code LabelSelector} object). Immutable, thread-safe.
 */
public final class LabelSelector {
  enum Op {
    EQ,
    NEQ,
    IN,
    NOTIN,
    EXISTS,
    NOT_EXISTS
  }

  record Requirement(String key, Op op, Set<String> values) {
    boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return switch (op) {
        case EQ, IN -> v != null && values.contains(v);
        case NEQ, NOTIN -> v == null || !values.contains(v);
        case EXISTS -> labels.containsKey(key);
        case NOT_EXISTS -> !labels.containsKey(key);
      };
    }
  }

  /** Matches everything. */
  public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

  /** Matches nothing (a null selector in a webhook means everything; this is for explicit use). */
  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  public boolean matches(Map<String, String> labels) {
    for (Requirement r : requirements) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses {@code a=b,c!=d,e in (f,g),h notin (i),j,!k}.
   *
   * @throws IllegalArgumentException quoting the selector when it is malformed
   */
  public static LabelSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> out = new ArrayList<>();
    for (String part : splitTopLevel(text)) {
      String p = part.trim();
      if (p.isEmpty()) {
        throw bad(text);
      }
      out.add(parseRequirement(p, text));
    }
    return new LabelSelector(out);
  }

  private static Requirement parseRequirement(String p, String text) {
    if (p.startsWith("!")) {
      String key = p.substring(1).trim();
      checkKey(key, text);
      return new Requirement(key, Op.NOT_EXISTS, Set.of());
    }
    int idx;
    if ((idx = p.indexOf("!=")) > 0) {
      return new Requirement(key(p.substring(0, idx), text), Op.NEQ, Set.of(value(p.substring(idx + 2), text)));
    }
    if ((idx = p.indexOf("==")) > 0) {
      return new Requirement(key(p.substring(0, idx), text), Op.EQ, Set.of(value(p.substring(idx + 2), text)));
    }
    if ((idx = p.indexOf('=')) > 0) {
      return new Requirement(key(p.substring(0, idx), text), Op.EQ, Set.of(value(p.substring(idx + 1), text)));
    }
    int paren = p.indexOf('(');
    if (paren > 0) {
      if (!p.endsWith(")")) {
        throw bad(text);
      }
      String head = p.substring(0, paren).trim();
      String[] words = head.split("\\s+");
      if (words.length != 2) {
        throw bad(text);
      }
      Op op =
          switch (words[1]) {
            case "in" -> Op.IN;
            case "notin" -> Op.NOTIN;
            default -> throw bad(text);
          };
      Set<String> values = new LinkedHashSet<>();
      for (String v : p.substring(paren + 1, p.length() - 1).split(",")) {
        values.add(value(v, text));
      }
      return new Requirement(key(words[0], text), op, values);
    }
    checkKey(p, text);
    return new Requirement(p, Op.EXISTS, Set.of());
  }

  private static String key(String k, String text) {
    String key = k.trim();
    checkKey(key, text);
    return key;
  }

  private static void checkKey(String key, String text) {
    if (key.isEmpty() || !key.matches("[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?")) {
      throw bad(text);
    }
  }

  private static String value(String v, String text) {
    String s = v.trim();
    if (!s.matches("([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)?")) {
      throw bad(text);
    }
    return s;
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException(
        "unable to parse requirement: label selector \""
            + text
            + "\"; expected a comma-separated list of key=value, key!=value, key in (a,b), key notin (a,b),"
            + " key or !key");
  }

  private static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  /**
   * Reads a {@code LabelSelector} object ({@code matchLabels}, {@code matchExpressions} with In, NotIn, Exists,
   * DoesNotExist). A null or missing selector matches everything.
   */
  public static LabelSelector fromObject(JsonNode sel) {
    if (sel == null || sel.isNull() || sel.isMissingNode()) {
      return EVERYTHING;
    }
    List<Requirement> out = new ArrayList<>();
    JsonNode ml = sel.get("matchLabels");
    if (ml != null && ml.isObject()) {
      ml.properties().forEach(e -> out.add(new Requirement(e.getKey(), Op.EQ, Set.of(e.getValue().asText()))));
    }
    JsonNode me = sel.get("matchExpressions");
    if (me != null && me.isArray()) {
      for (JsonNode e : me) {
        String key = Json.text(e, "key");
        String op = Json.text(e, "operator");
        Set<String> values = new LinkedHashSet<>();
        JsonNode vs = e.get("values");
        if (vs != null && vs.isArray()) {
          vs.forEach(v -> values.add(v.asText()));
        }
        Op o =
            switch (op == null ? "" : op) {
              case "In" -> Op.IN;
              case "NotIn" -> Op.NOTIN;
              case "Exists" -> Op.EXISTS;
              case "DoesNotExist" -> Op.NOT_EXISTS;
              default -> throw new IllegalArgumentException(
                  "unknown label selector operator \"" + op + "\"; expected In, NotIn, Exists or DoesNotExist");
            };
        out.add(new Requirement(key, o, values));
      }
    }
    return new LabelSelector(out);
  }

  @Override
  public String toString() {
    return requirements.toString();
  }
}
