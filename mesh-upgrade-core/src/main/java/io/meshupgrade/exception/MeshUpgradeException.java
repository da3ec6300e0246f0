package io.meshupgrade.exception;

/**
 * The root of every exception this library throws on purpose. Each subtype carries the context of the failure,
 * and every message says what to do next.
 *
 * <p>Unchecked. Every subtype's context is immutable and safe to read from any thread.
 */
public class MeshUpgradeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message that says what to do next.
   *
   * @param message what went wrong and what to do next
   */
  public MeshUpgradeException(String message) {
    super(message);
  }

  /**
   * An exception with a message that says what to do next, and its cause.
   *
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public MeshUpgradeException(String message, Throwable cause) {
    super(message, cause);
  }
}
