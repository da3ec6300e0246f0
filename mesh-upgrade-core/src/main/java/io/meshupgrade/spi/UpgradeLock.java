package io.meshupgrade.spi;

import java.time.Duration;

/**
 * One upgrade per cluster at a time (a Kubernetes Lease in aks-istio-system, for example). Implementations must be
 * thread-safe.
 */
public interface UpgradeLock {

  /**
   * Takes the lock for {@code holder} for {@code ttl}; an expired lock held by another run is taken over.
   *
   * @param holder the lock holder's name
   * @param ttl how long the lease lasts unless renewed
   * @return the held
   * @throws io.meshupgrade.exception.ConcurrentUpgradeException naming the holder, when another run holds it
   */
  Held acquire(String holder, Duration ttl);

  /**
   * Takes the lock for {@code holder} from {@code replaced}, a run the caller knows is gone (crashed, killed), without
   * waiting for its lease to expire. Only the named holder is replaced: a lock held by anyone else (not expired) is
   * refused, naming both; a free or expired lock is simply acquired. The write must be a compare-and-set against the
   * state read, so that of two runs taking over the same lock only one wins.
   *
   * @param holder the lock holder's name
   * @param replaced the replaced
   * @param ttl how long the lease lasts unless renewed
   * @return the held
   * @throws io.meshupgrade.exception.ConcurrentUpgradeException naming the actual holder, when someone other than
   *     {@code replaced} holds it
   * @throws UnsupportedOperationException if this lock cannot be taken over (the default)
   */
  default Held takeOver(String holder, String replaced, Duration ttl) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be taken over: wait for the lease"
        + " of " + replaced + " to expire");
  }

  /** A held lock; close releases it. */
  interface Held extends AutoCloseable {
    /** {@return who holds it} */
    String holder();

    /** {@return the holder this run took the lock over from (see {@link UpgradeLock#takeOver}), if it did} */
    default java.util.Optional<String> takenOverFrom() {
      return java.util.Optional.empty();
    }

    /**
     * Extends the lock by its ttl.
     *
     * @throws io.meshupgrade.exception.ConcurrentUpgradeException if another run took it over meanwhile
     */
    void renew();

    /** Releases the lock (only if still held by this holder). */
    @Override
    void close();
  }
}
