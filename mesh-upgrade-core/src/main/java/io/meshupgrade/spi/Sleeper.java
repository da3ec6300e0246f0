package io.meshupgrade.spi;

import java.time.Duration;

/**
 * How a {@link io.meshupgrade.MeshUpgrader} waits between polls and between restart batches. The default sleeps the calling
 * thread; tests pass one that advances a fake clock, so that no test ever really waits. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps the calling thread. */
  Sleeper THREAD_SLEEP = d -> Thread.sleep(d.toMillis());

  /**
   * Waits for {@code duration}.
   *
   * @param duration the duration
   * @throws InterruptedException when interrupted; the upgrader then stops and keeps its checkpoint
   */
  void sleep(Duration duration) throws InterruptedException;
}
