package io.meshupgrade.exception;


/**
 * An upgrade, complete or rollback was refused by a safety interlock (pods still on the old revision, a stale canary,
 * ...).
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class UpgradeRefusedException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message that says what to do next.
   *
   * @param message what went wrong and what to do next
   */
  public UpgradeRefusedException(String message) {
    super(message);
  }
}
