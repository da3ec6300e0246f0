package io.meshupgrade.testkit.k8s.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed field selector: {@code path=value}, {@code path==value}, {@code path!=value} joined by commas, over dotted
 * paths such as {@code metadata.name}, {@code metadata.namespace}, {@code spec.nodeName}, {@code status.phase}.
 * Immutable, thread-safe.
 */
public final class FieldSelector {
  record Term(String[] path, String value, boolean equal) {}

  public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private final List<Term> terms;

  private FieldSelector(List<Term> terms) {
    this.terms = List.copyOf(terms);
  }

  public static FieldSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    List<Term> terms = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      int idx;
      Term t;
      if ((idx = p.indexOf("!=")) > 0) {
        t = new Term(p.substring(0, idx).trim().split("\\."), p.substring(idx + 2).trim(), false);
      } else if ((idx = p.indexOf("==")) > 0) {
        t = new Term(p.substring(0, idx).trim().split("\\."), p.substring(idx + 2).trim(), true);
      } else if ((idx = p.indexOf('=')) > 0) {
        t = new Term(p.substring(0, idx).trim().split("\\."), p.substring(idx + 1).trim(), true);
      } else {
        throw new IllegalArgumentException(
            "invalid field selector \"" + text + "\"; expected field=value, field==value or field!=value");
      }
      terms.add(t);
    }
    return new FieldSelector(terms);
  }

  public boolean isEmpty() {
    return terms.isEmpty();
  }

  /** The value required for {@code metadata.name}, or null when the selector does not pin it. */
  public String requiredName() {
    for (Term t : terms) {
      if (t.equal && t.path.length == 2 && t.path[0].equals("metadata") && t.path[1].equals("name")) {
        return t.value;
      }
    }
    return null;
  }

  public boolean matches(JsonNode obj) {
    for (Term t : terms) {
      String v = Json.text(obj, t.path);
      boolean eq = t.value.equals(v == null ? "" : v);
      if (eq != t.equal) {
        return false;
      }
    }
    return true;
  }
}
