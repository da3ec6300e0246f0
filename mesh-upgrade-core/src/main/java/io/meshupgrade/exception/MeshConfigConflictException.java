package io.meshupgrade.exception;


/**
 * The target revision already has a shared mesh ConfigMap whose data differs from the source.
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class MeshConfigConflictException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message that says what to do next.
   *
   * @param message what went wrong and what to do next
   */
  public MeshConfigConflictException(String message) {
    super(message);
  }
}
