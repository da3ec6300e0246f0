package io.meshupgrade.model;

import java.util.List;
import java.util.Objects;

/**
 * A revision tag (istioctl tag set): namespaces labelled {@code istio.io/rev=<tag>} are injected by the
 * revision the tag points at.
 *
 * <p>Immutable and thread-safe.
 *
 * @param tag the tag name, e.g. {@code prod-stable}
 * @param revision the revision it points at
 * @param namespaces the namespaces labelled with the tag, ascending
 */
public record RevisionTag(String tag, Revision revision, List<String> namespaces) {
  /**
   * Creates a {@code RevisionTag} from its components, checking them.
   *
   * @param tag the tag name, e.g. {@code prod-stable}
   * @param revision the revision it points at
   * @param namespaces the namespaces labelled with the tag, ascending
   */
  public RevisionTag {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(revision, "revision");
    namespaces = List.copyOf(namespaces);
  }
}
