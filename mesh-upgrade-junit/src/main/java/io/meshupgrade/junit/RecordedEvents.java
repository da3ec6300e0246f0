package io.meshupgrade.junit;

import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.event.UpgradeListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A listener that keeps every {@link UpgradeEvent} it is told, in order. The {@link io.meshupgrade.MeshUpgrader}
 * that {@link SimulatedAksExtension} hands to a test reports to the {@code RecordedEvents} of the same test.
 *
 * <p>Thread-safe.
 */
public final class RecordedEvents implements UpgradeListener {
  private final List<UpgradeEvent> events = new ArrayList<>();

  /** An empty recorder; register it as a listener of a {@link io.meshupgrade.MeshUpgrader} of your own. */
  public RecordedEvents() {}

  @Override
  public void onEvent(UpgradeEvent event) {
    Objects.requireNonNull(event, "event");
    synchronized (events) {
      events.add(event);
    }
  }

  /** {@return every event so far, oldest first (unmodifiable snapshot)} */
  public List<UpgradeEvent> all() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /**
   * {@return the events of one type, oldest first (unmodifiable snapshot)}
   *
   * @param <T> the event type
   * @param type the event type, e.g. {@code UpgradeEvent.Completed.class}
   */
  public <T extends UpgradeEvent> List<T> ofType(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return all().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /**
   * The kinds of the events so far, oldest first (unmodifiable snapshot), e.g. to assert the order of a run:
   * {@code assertThat(events.kinds()).startsWith(PLAN_STARTED).endsWith(COMPLETED)}.
   *
   * @return the kind of every event recorded so far, oldest first
   */
  public List<UpgradeEvent.Kind> kinds() {
    return all().stream().map(UpgradeEvent::kind).toList();
  }

  /** Forgets the events so far. */
  public void clear() {
    synchronized (events) {
      events.clear();
    }
  }

  @Override
  public String toString() {
    return "RecordedEvents" + all();
  }
}
