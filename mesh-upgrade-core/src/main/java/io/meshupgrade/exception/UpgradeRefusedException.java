package io.meshupgrade.exception;


/**
 * A call was refused before it changed anything: a safety interlock (pods still on the old revision, a stale canary,
 * a tag that would dangle, a canary removed outside this library), a rule ({@link UpgradeNotAllowedException}), the
 * cluster's state ({@link ClusterNotReadyException}, {@link MeshNotEnabledException}), nothing in progress
 * ({@link NoUpgradeInProgressException}) or a saved plan of another cluster ({@link ForeignPlanException}). Every
 * call of {@code MeshUpgrader} reports a refusal this one way: thrown, never returned (see the package
 * documentation). Safe to retry once the cause is fixed: the message says how.
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

  /**
   * An exception with a message that says what to do next, and its cause.
   *
   * @param message what went wrong and what to do next
   * @param cause the failure that led to the refusal; null when unknown
   */
  public UpgradeRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
