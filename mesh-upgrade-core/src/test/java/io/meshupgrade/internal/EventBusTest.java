package io.meshupgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.event.UpgradeListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBusTest {

  private static final UpgradeEvent REFUSED = new UpgradeEvent.Refused(Instant.EPOCH, "no");

  private static final class Dashboard implements UpgradeListener {
    @Override
    public void onEvent(UpgradeEvent event) {
      throw new IllegalStateException("dashboard down");
    }
  }

  @Test
  void aListenerThatThrowsARuntimeExceptionIsCountedAndTheNextListenersStillSeeTheEvent() {
    List<UpgradeEvent> seen = new ArrayList<>();
    EventBus bus = new EventBus(List.of(new Dashboard(), seen::add));

    bus.emit(REFUSED);
    bus.emit(REFUSED);

    assertThat(seen).containsExactly(REFUSED, REFUSED);
    assertThat(bus.failures()).isEqualTo(2);
  }

  @Test
  void keepsTheFirstFailureWithTheListenerClassTheEventTypeAndTheMessage() {
    List<UpgradeListener> listeners = List.of(new Dashboard(), e -> {
      throw new IllegalArgumentException();
    });
    EventBus bus = new EventBus(listeners);

    bus.emit(REFUSED);
    bus.emit(new UpgradeEvent.Refused(Instant.EPOCH, "again"));

    assertThat(bus.firstFailure()).hasValue(
        "listener " + Dashboard.class.getName() + " threw IllegalStateException on Refused: dashboard down");
    assertThat(bus.failures()).isEqualTo(4);
  }

  @Test
  void aFailureWithoutAMessageIsDescribedByItsTypeAlone() {
    EventBus bus = new EventBus(List.of(e -> {
      throw new UnsupportedOperationException();
    }));

    bus.emit(REFUSED);

    assertThat(bus.firstFailure()).get().asString().endsWith("threw UnsupportedOperationException on Refused");
  }

  @Test
  void hasNoFailureWhenNoListenerThrows() {
    EventBus bus = new EventBus(List.of(e -> { }));

    bus.emit(REFUSED);

    assertThat(bus.failures()).isZero();
    assertThat(bus.firstFailure()).isEmpty();
  }

  @Test
  void anAssertionErrorInAListenerPropagatesSoATestAssertingInsideAListenerCanFail() {
    EventBus bus = new EventBus(List.of(e -> assertThat(e).isInstanceOf(UpgradeEvent.Completed.class)));

    assertThatThrownBy(() -> bus.emit(REFUSED)).isInstanceOf(AssertionError.class);
    assertThat(bus.failures()).isZero();
  }
}
