package io.meshupgrade.exception;


/**
 * complete or rollback was asked while only one revision is installed, and it is not the one expected.
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class NoUpgradeInProgressException extends UpgradeRefusedException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message that says what to do next.
   *
   * @param message what went wrong and what to do next
   */
  public NoUpgradeInProgressException(String message) {
    super(message);
  }
}
