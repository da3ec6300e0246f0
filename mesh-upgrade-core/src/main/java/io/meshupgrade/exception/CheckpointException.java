package io.meshupgrade.exception;


/**
 * A checkpoint could not be read (unknown version, missing field, tampered text) or written (compare-and-set lost).
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class CheckpointException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message that says what to do next.
   *
   * @param message what went wrong and what to do next
   */
  public CheckpointException(String message) {
    super(message);
  }

  /**
   * An exception with a message that says what to do next, and its cause.
   *
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
