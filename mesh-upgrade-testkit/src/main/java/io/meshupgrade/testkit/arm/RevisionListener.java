package io.meshupgrade.testkit.arm;

/**
 * Told when the fake cluster's installed mesh revisions change: when an operation that changed them succeeds, or
 * when a test changes them out of band. Called synchronously on the thread that completed the change: a server
 * thread, before the fake answers the request that completed it (so a caller that sees the operation succeed
 * also sees the listener's effects, e.g. a Kubernetes simulator bringing up istiod of the new revision), or the
 * test's thread for out-of-band changes. An exception thrown by a listener is logged and ignored. Must be
 * thread-safe.
 */
@FunctionalInterface
public interface RevisionListener {

  /**
   * The installed revisions changed.
   *
   * @param change before and after
   */
  void revisionsChanged(RevisionChange change);
}
