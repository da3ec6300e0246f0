package io.meshupgrade.internal;

import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.event.UpgradeListener;
import java.util.List;
import java.util.Optional;

/**
 * Delivers events to listeners one at a time, isolating listeners that throw a {@link RuntimeException}; an
 * {@link Error} (including a test's {@link AssertionError}) propagates to the caller. Not API. Thread-safe.
 */
public final class EventBus {

  private final List<UpgradeListener> listeners;
  private int failures;
  private String firstFailure;

  public EventBus(List<UpgradeListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Delivers {@code event} to every listener; a listener that throws a {@link RuntimeException} is counted and
   * skipped, an {@link Error} propagates (the listeners after it do not see the event).
   */
  public synchronized void emit(UpgradeEvent event) {
    for (UpgradeListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        failures++;
        if (firstFailure == null) {
          firstFailure = describe(l, event, e);
        }
      }
    }
  }

  /** How many times a listener threw. */
  public synchronized int failures() {
    return failures;
  }

  /**
   * The first listener failure, e.g. {@code "listener com.acme.Dashboard threw IllegalStateException on
   * StageStarted: dashboard down"}, if any listener threw.
   */
  public synchronized Optional<String> firstFailure() {
    return Optional.ofNullable(firstFailure);
  }

  private static String describe(UpgradeListener listener, UpgradeEvent event, RuntimeException e) {
    return "listener " + listener.getClass().getName() + " threw " + e.getClass().getSimpleName() + " on "
        + event.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
