package io.meshupgrade.model;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes version such as {@code 1.28}, {@code 1.28.5} or {@code v1.28.5}.
 *
 * <p>Mesh compatibility is decided at the minor level, so {@link #compareTo} and {@link #sameMinor} ignore the
 * patch; {@link #equals} does not. Immutable and thread-safe.
 */
public final class KubernetesVersion implements Comparable<KubernetesVersion> {

  /** The expected form, quoted in error messages. */
  public static final String FORM = "<major>.<minor>[.<patch>], optionally prefixed by v, e.g. 1.28 or v1.28.5";

  private static final Pattern PATTERN =
      Pattern.compile("v?(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(?:\\.(0|[1-9][0-9]*))?");

  private final int major;
  private final int minor;
  private final int patch; // -1 when absent

  private KubernetesVersion(int major, int minor, int patch) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
  }

  /**
   * Parses a version.
   *
   * @param text the text to parse
   * @return the kubernetes version
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} is not of the form {@value #FORM}
   */
  public static KubernetesVersion parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher m = PATTERN.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a Kubernetes version: expected " + FORM);
    }
    try {
      return new KubernetesVersion(
          Integer.parseInt(m.group(1)),
          Integer.parseInt(m.group(2)),
          m.group(3) == null ? -1 : Integer.parseInt(m.group(3)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a Kubernetes version: its numbers are too large; expected " + FORM, e);
    }
  }

  /**
   * {@return a minor version such as 1.28}
   *
   * @param major the major version, e.g. 1
   * @param minor the minor version, e.g. 30
   */
  public static KubernetesVersion of(int major, int minor) {
    if (major < 0 || minor < 0) {
      throw new IllegalArgumentException("version numbers must not be negative: " + major + "." + minor);
    }
    return new KubernetesVersion(major, minor, -1);
  }

  /** {@return the major version} */
  public int major() {
    return major;
  }

  /** {@return the minor version} */
  public int minor() {
    return minor;
  }

  /** {@return the patch number, when the version has one} */
  public OptionalInt patch() {
    return patch < 0 ? OptionalInt.empty() : OptionalInt.of(patch);
  }

  /**
   * This version without its patch (1.28.5 gives 1.28).
   *
   * @return this kubernetes version
   */
  public KubernetesVersion toMinor() {
    return patch < 0 ? this : new KubernetesVersion(major, minor, -1);
  }

  /**
   * {@return whether both versions have the same major and minor}
   *
   * @param other the version to compare with
   */
  public boolean sameMinor(KubernetesVersion other) {
    return other.major == major && other.minor == minor;
  }

  /** Compares major and minor only. */
  @Override
  public int compareTo(KubernetesVersion o) {
    int c = Integer.compare(major, o.major);
    return c != 0 ? c : Integer.compare(minor, o.minor);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KubernetesVersion v && v.major == major && v.minor == minor && v.patch == patch;
  }

  @Override
  public int hashCode() {
    return (31 * major + minor) * 31 + patch;
  }

  /** {@code 1.28} or {@code 1.28.5} (never with the {@code v}). */
  @Override
  public String toString() {
    return patch < 0 ? major + "." + minor : major + "." + minor + "." + patch;
  }
}
