package io.meshupgrade.internal;

import io.meshupgrade.exception.ConcurrentUpgradeException;
import io.meshupgrade.spi.UpgradeLock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A held lock renewed in the background every third of its ttl while a call runs (one step, such as an ARM
 * operation, can outlast the ttl), remembering a lost lease: once lost, {@link #renew()} (called before every step)
 * throws even if a later renewal would succeed, so the run stops with its checkpoint intact. Other renewal failures
 * are left to the next beat. {@link #close()} stops the beat, then releases the lock. Not API. Thread-safe.
 */
final class Heartbeat implements UpgradeLock.Held {

  /** The prefix of the name of the daemon thread that renews the lock. */
  static final String THREAD_NAME = "mesh-upgrade-lock-heartbeat";

  private final UpgradeLock.Held held;
  private final ScheduledExecutorService executor;
  private final AtomicReference<ConcurrentUpgradeException> lost = new AtomicReference<>();

  private Heartbeat(UpgradeLock.Held held, Duration ttl) {
    this.held = held;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, THREAD_NAME + "-" + held.holder());
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(1, ttl.toNanos() / 3);
    executor.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.NANOSECONDS);
  }

  /** Starts renewing {@code held} every {@code ttl / 3}. */
  static Heartbeat start(UpgradeLock.Held held, Duration ttl) {
    return new Heartbeat(held, ttl);
  }

  private void beat() {
    if (lost.get() != null) {
      return;
    }
    try {
      held.renew();
    } catch (ConcurrentUpgradeException e) {
      lost.compareAndSet(null, e);
      executor.shutdown(); // nothing left to renew
    } catch (RuntimeException e) {
      // a transient failure: the next beat, or the renewal before the next step, tries again
    }
  }

  @Override
  public String holder() {
    return held.holder();
  }

  @Override
  public java.util.Optional<String> takenOverFrom() {
    return held.takenOverFrom();
  }

  /**
   * Renews now, first failing if the lease was lost meanwhile.
   *
   * @throws ConcurrentUpgradeException naming the run that took the lock over
   */
  @Override
  public void renew() {
    ConcurrentUpgradeException e = lost.get();
    if (e != null) {
      throw new ConcurrentUpgradeException(e.holder(), "this run lost the lock while a step ran and stopped before"
          + " its next step; the checkpoint is kept: call again once the other run is done");
    }
    try {
      held.renew();
    } catch (ConcurrentUpgradeException lostNow) {
      lost.compareAndSet(null, lostNow);
      throw lostNow;
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    held.close();
  }
}
