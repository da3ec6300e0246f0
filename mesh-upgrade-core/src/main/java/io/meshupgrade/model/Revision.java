package io.meshupgrade.model;

import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A revision of the AKS Istio add-on, named {@code asm-<major>-<minor>} ({@code asm-1-19} is Istio 1.19).
 *
 * <p>Revisions order numerically ({@code asm-1-9 < asm-1-10}), never as strings. Parsing is strict: no
 * surrounding spaces, lower case only, no leading zeros, no patch part.
 *
 * <p>Immutable and thread-safe.
 */
public final class Revision implements Comparable<Revision> {

  /** The expected form, quoted in error messages. */
  public static final String FORM = "asm-<major>-<minor>, e.g. asm-1-19";

  private static final Pattern PATTERN = Pattern.compile("asm-(0|[1-9][0-9]*)-(0|[1-9][0-9]*)");

  /**
   * Orders revision names (e.g. sidecar revision labels) as revisions: the empty name ("no sidecar") first, then
   * names that parse as revisions, numerically ({@code asm-1-9} before {@code asm-1-10}), then any other names,
   * ascending as strings. Consistent with {@link String#equals}; throws {@link NullPointerException} for null names.
   */
  public static final Comparator<String> NAME_ORDER = Revision::compareNames;

  private final int major;
  private final int minor;

  private Revision(int major, int minor) {
    this.major = major;
    this.minor = minor;
  }

  /**
   * Parses a revision name.
   *
   * @param text the name, e.g. {@code asm-1-19}
   * @return the revision
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} is not of the form {@value #FORM}
   */
  public static Revision parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher m = PATTERN.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a mesh revision: expected " + FORM);
    }
    try {
      return new Revision(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a mesh revision: its numbers are too large; expected " + FORM, e);
    }
  }

  private static int compareNames(String a, String b) {
    Revision ra = parseOrNull(Objects.requireNonNull(a, "a"));
    Revision rb = parseOrNull(Objects.requireNonNull(b, "b"));
    int rankA = a.isEmpty() ? 0 : ra != null ? 1 : 2;
    int rankB = b.isEmpty() ? 0 : rb != null ? 1 : 2;
    if (rankA != rankB) {
      return Integer.compare(rankA, rankB);
    }
    return rankA == 1 ? ra.compareTo(rb) : a.compareTo(b);
  }

  private static Revision parseOrNull(String text) {
    return isRevision(text) ? parse(text) : null;
  }

  /**
   * {@return whether {@code text} parses as a revision}
   *
   * @param text the text to parse
   */
  public static boolean isRevision(String text) {
    if (text == null) {
      return false;
    }
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * {@return the revision for an Istio major and minor version}
   *
   * @param major the major version, e.g. 1
   * @param minor the minor version, e.g. 19
   * @throws IllegalArgumentException if either number is negative
   */
  public static Revision of(int major, int minor) {
    if (major < 0 || minor < 0) {
      throw new IllegalArgumentException(
          "revision numbers must not be negative: got " + major + "." + minor + "; expected " + FORM);
    }
    return new Revision(major, minor);
  }

  /** {@return the Istio major version} */
  public int major() {
    return major;
  }

  /** {@return the Istio minor version} */
  public int minor() {
    return minor;
  }

  /**
   * The next minor revision ({@code asm-1-19} gives {@code asm-1-20}).
   *
   * @return this revision
   */
  public Revision nextMinor() {
    if (minor == Integer.MAX_VALUE) {
      throw new IllegalStateException(this + " has no next minor revision");
    }
    return new Revision(major, minor + 1);
  }

  /** {@return the Istio version this revision runs, e.g. {@code "1.19"}} */
  public String istioVersion() {
    return major + "." + minor;
  }

  /**
   * {@return how many minors this revision is above {@code other} (negative when below; across majors: not comparable)}
   *
   * @param other the revision to compare with
   */
  public int minorsAbove(Revision other) {
    Objects.requireNonNull(other, "other");
    if (other.major != major) {
      throw new IllegalArgumentException(
          "cannot count minors between " + other + " and " + this + ": different majors");
    }
    return minor - other.minor;
  }

  /**
   * {@return whether this revision is numerically above {@code other}}
   *
   * @param other the revision to compare with
   */
  public boolean isAfter(Revision other) {
    return compareTo(other) > 0;
  }

  /**
   * {@return whether this revision is numerically below {@code other}}
   *
   * @param other the revision to compare with
   */
  public boolean isBefore(Revision other) {
    return compareTo(other) < 0;
  }

  @Override
  public int compareTo(Revision o) {
    int c = Integer.compare(major, o.major);
    return c != 0 ? c : Integer.compare(minor, o.minor);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Revision r && r.major == major && r.minor == minor;
  }

  @Override
  public int hashCode() {
    return 31 * major + minor;
  }

  /** The revision's name, e.g. {@code asm-1-19}; {@code parse(r.toString()).equals(r)}. */
  @Override
  public String toString() {
    return "asm-" + major + "-" + minor;
  }
}
