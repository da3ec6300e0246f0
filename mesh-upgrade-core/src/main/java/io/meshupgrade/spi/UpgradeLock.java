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
   * @throws io.meshupgrade.ConcurrentUpgradeException naming the holder, when another run holds it
   */
  Held acquire(String holder, Duration ttl);

  /** A held lock; close releases it. */
  interface Held extends AutoCloseable {
    /** Who holds it. */
    String holder();

    /**
     * Extends the lock by its ttl.
     *
     * @throws io.meshupgrade.ConcurrentUpgradeException if another run took it over meanwhile
     */
    void renew();

    /** Releases the lock (only if still held by this holder). */
    @Override
    void close();
  }
}
