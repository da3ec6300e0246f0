package io.meshupgrade.k8s.internal;

import io.meshupgrade.model.Revision;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Validates the values this adapter writes into {@code istio.io/rev} labels and selectors: a revision
 * ({@value Revision#FORM}) or a revision tag name (a DNS-1123 label: lower-case letters, digits and '-', starting
 * and ending with a letter or digit, at most 63 characters). Anything else (spaces, commas, '=', '!', parentheses)
 * could change the meaning of a label selector and is refused.
 */
public final class LabelValues {
  /** The expected form of a tag name, quoted in errors. */
  public static final String TAG_FORM =
      "a tag name: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63"
          + " characters, e.g. prod-stable";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private LabelValues() {}

  /** Whether {@code value} is a revision name or a well-formed tag name. */
  public static boolean isRevisionOrTag(String value) {
    return value != null && (Revision.isRevision(value) || DNS_LABEL.matcher(value).matches());
  }

  /**
   * Checks an {@code istio.io/rev} label value.
   *
   * @return the value
   * @throws IllegalArgumentException quoting the value and the expected forms
   */
  public static String requireRevisionOrTag(String value) {
    Objects.requireNonNull(value, "value");
    if (!isRevisionOrTag(value)) {
      throw new IllegalArgumentException("'" + value + "' is not a valid istio.io/rev label value: expected a"
          + " revision (" + Revision.FORM + ") or " + TAG_FORM);
    }
    return value;
  }

  /**
   * Checks a tag name: a DNS-1123 label that is not itself a revision name (a tag named like a revision would
   * shadow it).
   *
   * @return the tag
   * @throws IllegalArgumentException quoting the tag and the expected form
   */
  public static String requireTag(String tag) {
    Objects.requireNonNull(tag, "tag");
    if (!DNS_LABEL.matcher(tag).matches()) {
      throw new IllegalArgumentException("'" + tag + "' is not a valid revision tag: expected " + TAG_FORM);
    }
    if (Revision.isRevision(tag) || tag.startsWith("asm-")) {
      throw new IllegalArgumentException("'" + tag + "' is not a valid revision tag: it looks like a revision"
          + " name; expected " + TAG_FORM + " that does not start with 'asm-'");
    }
    return tag;
  }
}
