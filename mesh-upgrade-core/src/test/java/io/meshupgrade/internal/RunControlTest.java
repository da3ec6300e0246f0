package io.meshupgrade.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshupgrade.tck.fakes.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 9 item 3: the safe-point rules of one run (cancel, deadline by the clock or by wall time, interrupt). */
class RunControlTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T08:00:00Z"));

  @Test
  void issue9_aRunWithoutReasonToStopPassesItsSafePoints() {
    RunControl c = RunControl.start(clock, Optional.of(Duration.ofMinutes(30)));
    clock.advance(Duration.ofMinutes(29));

    assertThatCode(c::safePoint).doesNotThrowAnyException();
    assertThat(c.deadline()).contains(Instant.parse("2026-11-26T08:30:00Z"));
    assertThat(c.timeout()).contains(Duration.ofMinutes(30));
    assertThat(RunControl.none(clock).deadline()).isEmpty();
  }

  @Test
  void issue9_theDeadlineByTheClockStopsTheRunAtItsNextSafePoint() {
    RunControl c = RunControl.start(clock, Optional.of(Duration.ofMinutes(30)));
    clock.advance(Duration.ofMinutes(30));

    RunControl.RunStopped stop = catchThrowableOfType(RunControl.RunStopped.class, c::safePoint);

    assertThat(stop.deadline()).isTrue();
    assertThat(stop.getMessage()).isEqualTo("the deadline of PT30M passed");
    assertThat(c.isCancelled()).isFalse();
  }

  @Test
  void issue9_theWallClockTimerExpiresARunBlockedInAWaitAndItsInterruptDoesNotLeak() {
    RunControl c = RunControl.start(clock, Optional.of(Duration.ofHours(2)));
    c.runOn(Thread.currentThread());

    c.expire();

    assertThat(Thread.currentThread().isInterrupted()).as("the blocked wait is interrupted").isTrue();
    RunControl.RunStopped stop = catchThrowableOfType(RunControl.RunStopped.class, c::safePoint);
    assertThat(stop.deadline()).isTrue();
    c.expire(); // the timer fires again after the last safe point
    c.runOn(null);
    assertThat(Thread.interrupted()).as("an interrupt the control sent is not left to the caller").isFalse();
  }

  @Test
  void issue9_cancelAndAnInterruptedWaiterAreTold() {
    RunControl cancelled = RunControl.none(clock);
    cancelled.cancel();
    assertThat(cancelled.isCancelled()).isTrue();
    assertThat(catchThrowableOfType(RunControl.RunStopped.class, cancelled::safePoint).getMessage())
        .isEqualTo("cancelled");

    RunControl waiter = RunControl.none(clock);
    waiter.cancelForInterrupt();
    assertThat(waiter.isCancelled()).as("not a cancel by the user").isFalse();
    RunControl.RunStopped stop = catchThrowableOfType(RunControl.RunStopped.class, waiter::safePoint);
    assertThat(stop.getMessage()).isEqualTo("the calling thread was interrupted");
    assertThat(stop.deadline()).isFalse();
  }
}
