package io.meshupgrade.internal;

import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.event.UpgradeListener;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers events to listeners one at a time, isolating listeners that throw. Not API. Thread-safe.
 */
public final class EventBus {

  private final List<UpgradeListener> listeners;
  private final AtomicInteger failures = new AtomicInteger();

  public EventBus(List<UpgradeListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** Delivers {@code event} to every listener; a listener that throws is counted and skipped. */
  public synchronized void emit(UpgradeEvent event) {
    for (UpgradeListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException | AssertionError e) {
        failures.incrementAndGet();
      }
    }
  }

  /** How many times a listener threw. */
  public int failures() {
    return failures.get();
  }
}
