package io.meshupgrade.exception;

import io.meshupgrade.model.Revision;
import java.util.List;
import java.util.Objects;

/**
 * A saved plan had started its canary, but the canary revision is no longer installed: it was removed outside this
 * library (for example by {@code az aks mesh upgrade rollback}). Going on would restart workloads into namespaces
 * injected by a revision without a webhook (their pods would come back without sidecars), so the upgrade refuses;
 * {@link io.meshupgrade.MeshUpgrader#rollback()} moves injection and workloads back to the old revision and closes the plan.
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class CanaryRemovedException extends UpgradeRefusedException {
  private static final long serialVersionUID = 1L;

  /** Serialized: the value of {@link #canary()}. */
  private final Revision canary;
  /** Serialized: the value of {@link #pointingNamespaces()}. */
  private final List<String> pointingNamespaces;

  /**
   * An exception with its context and a message that says what to do next.
   *
   * @param canary the removed revision
   * @param pointingNamespaces the namespaces still labelled for it (directly or through a tag)
   * @param message what happened and what to do next
   */
  public CanaryRemovedException(Revision canary, List<String> pointingNamespaces, String message) {
    super(message);
    this.canary = Objects.requireNonNull(canary, "canary");
    this.pointingNamespaces = List.copyOf(pointingNamespaces);
  }

  /** {@return the canary revision that was removed} */
  public Revision canary() {
    return canary;
  }

  /** {@return the namespaces still labelled for the removed revision (directly or through a tag), ascending} */
  public List<String> pointingNamespaces() {
    return pointingNamespaces;
  }
}
