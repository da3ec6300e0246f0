package io.meshupgrade.exception;


/**
 * Another upgrade run holds the cluster's upgrade lock.
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class ConcurrentUpgradeException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  /** Serialized: the value of {@link #holder()}. */
  private final String holder;

  /**
   * {@code holder} holds the lock; {@code detail} (may be null) says more.
   *
   * @param holder the lock holder's name
   * @param detail the detail, in words
   */
  public ConcurrentUpgradeException(String holder, String detail) {
    super("another mesh upgrade run (" + holder + ") is in progress on this cluster"
        + (detail == null ? "" : " (" + detail + ")")
        + ": wait for it to finish, or take the lock over once it has expired");
    this.holder = holder;
  }

  /** {@return the identity of the run that holds the lock} */
  public String holder() {
    return holder;
  }
}
