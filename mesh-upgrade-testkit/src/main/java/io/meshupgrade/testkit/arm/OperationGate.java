package io.meshupgrade.testkit.arm;

/**
 * Holds a long-running operation of the fake ARM server in progress until released.
 *
 * <p>Thread-safe.
 */
public interface OperationGate {

  /** Lets the operation finish: it ends on its next status poll or cluster read. Idempotent. */
  void release();

  /**
   * Whether {@link #release()} was called.
   *
   * @return true once released
   */
  boolean isReleased();
}
