package io.meshupgrade.model;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference of the Istio proxy, e.g. {@code mcr.microsoft.com/oss/istio/proxyv2:1.18.2-distroless},
 * split into its parts: {@code [registry[:port]/]repository[:tag][@algorithm:hex]}.
 *
 * <p>The first path component is the registry when it contains a {@code .} or a {@code :} (a port), or is
 * {@code localhost}; a {@code :} after the last {@code /} starts the tag, so a registry port is never mistaken for
 * one. Two images are the same only when their full references are equal (see {@link io.meshupgrade.plan.PatchRollover}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param reference the full reference, as parsed
 * @param registry the registry host (with its port), or "" when the reference names none
 * @param repository the repository path, e.g. {@code oss/istio/proxyv2}
 * @param tag the tag, or ""
 * @param digest the digest such as {@code sha256:0a1b...}, or ""
 */
public record ProxyImage(String reference, String registry, String repository, String tag, String digest) {

  /** The expected form, quoted in error messages. */
  public static final String FORM = "[registry[:port]/]repository[:tag][@sha256:<hex>], "
      + "e.g. mcr.microsoft.com/oss/istio/proxyv2:1.18.2-distroless";

  /** The suffix of distroless proxy images' tags. */
  public static final String DISTROLESS_SUFFIX = "-distroless";

  private static final Pattern PATTERN = Pattern.compile(
      "(?:(?<registry>localhost(?::[0-9]+)?|[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*(?::[0-9]+)|"
          + "[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)+)/)?"
          + "(?<repository>[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*)"
          + "(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
          + "(?:@(?<digest>[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}))?");

  /**
   * Checks for nulls.
   *
   * @param reference the full reference, as parsed
   * @param registry the registry host (with its port), or "" when the reference names none
   * @param repository the repository path, e.g. {@code oss/istio/proxyv2}
   * @param tag the tag, or ""
   * @param digest the digest such as {@code sha256:0a1b...}, or ""
   */
  public ProxyImage {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(digest, "digest");
  }

  /**
   * Parses an image reference.
   *
   * @param reference the full reference, as parsed
   * @return the proxy image
   * @throws NullPointerException if {@code reference} is null
   * @throws IllegalArgumentException if {@code reference} is not of the form {@value #FORM}
   */
  public static ProxyImage parse(String reference) {
    Objects.requireNonNull(reference, "reference");
    Matcher m = PATTERN.matcher(reference);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + reference + "' is not a container image reference: expected " + FORM);
    }
    return new ProxyImage(reference, orEmpty(m.group("registry")), m.group("repository"), orEmpty(m.group("tag")),
        orEmpty(m.group("digest")));
  }

  /** {@return whether the tag marks a distroless image} */
  public boolean isDistroless() {
    return tag.endsWith(DISTROLESS_SUFFIX);
  }

  /**
   * {@return the proxy version the tag names, without the {@value #DISTROLESS_SUFFIX} suffix ({@code 1.18.2-distroless}
   * gives {@code 1.18.2}); empty when the image has no tag}
   */
  public Optional<String> version() {
    if (tag.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(isDistroless() ? tag.substring(0, tag.length() - DISTROLESS_SUFFIX.length()) : tag);
  }

  /** The full reference. */
  @Override
  public String toString() {
    return reference;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
