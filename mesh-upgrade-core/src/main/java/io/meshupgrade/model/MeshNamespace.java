package io.meshupgrade.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A namespace that takes part in the mesh: it carries {@code istio.io/rev} and/or {@code istio-injection}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the namespace
 * @param revisionLabel the value of {@code istio.io/rev} (a revision or a tag name), or "" when absent
 * @param istioInjectionLabel the value of {@code istio-injection}, or "" when absent; when present AKS skips the
 *     namespace entirely, which callers must report
 */
public record MeshNamespace(String name, String revisionLabel, String istioInjectionLabel) {
  /**
   * Creates a {@code MeshNamespace} from its components, checking them.
   *
   * @param name the namespace
   * @param revisionLabel the value of {@code istio.io/rev} (a revision or a tag name), or "" when absent
   * @param istioInjectionLabel the value of {@code istio-injection}, or "" when absent; when present AKS skips the
   *     namespace entirely, which callers must report
   */
  public MeshNamespace {
    Objects.requireNonNull(name, "name");
    revisionLabel = revisionLabel == null ? "" : revisionLabel;
    istioInjectionLabel = istioInjectionLabel == null ? "" : istioInjectionLabel;
  }

  /** {@return whether the namespace carries {@code istio-injection} (and so is not injected by any AKS revision)} */
  public boolean hasIstioInjectionLabel() {
    return !istioInjectionLabel.isEmpty();
  }

  /** {@return the revision the label names, when it names a revision rather than a tag} */
  public Optional<Revision> labelledRevision() {
    return Revision.isRevision(revisionLabel) ? Optional.of(Revision.parse(revisionLabel)) : Optional.empty();
  }
}
