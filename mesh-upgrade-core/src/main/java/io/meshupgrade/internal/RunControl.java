package io.meshupgrade.internal;

import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.plan.UpgradePlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The cancellation and deadline of one long call, and what it reached so far. The runner calls {@link #safePoint()}
 * between steps, between restart batches, between soak checks and between polls; a cancelled run, one past its
 * deadline, or one whose thread was interrupted stops there with {@link RunStopped}, its checkpoint kept. Not API.
 * Thread-safe.
 */
public final class RunControl {

  /** Thrown at a safe point of a run that must stop; the call turns it into an UpgradeCancelledException. */
  static final class RunStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean deadline;

    RunStopped(String message, boolean deadline, Throwable cause) {
      super(message, cause, false, false);
      this.deadline = deadline;
    }

    boolean deadline() {
      return deadline;
    }
  }

  private final Clock clock;
  private final Instant deadline;
  private final Duration timeout;
  private volatile boolean cancelled;
  private volatile boolean callerInterrupted;
  private volatile boolean expired;
  private Thread runner;
  private boolean interruptedRunner;
  private final AtomicReference<UpgradePlan> plan = new AtomicReference<>();
  private final AtomicReference<UpgradeStage> stage = new AtomicReference<>();

  private RunControl(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
    this.deadline = timeout == null ? null : clock.instant().plus(timeout);
  }

  /** The overall timeout the deadline was computed from, if any. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** A control for a call starting now, with an overall {@code deadline} from now if present. */
  public static RunControl start(Clock clock, Optional<Duration> deadline) {
    return new RunControl(clock, deadline.orElse(null));
  }

  /** A control that is never cancelled and has no deadline (short calls). */
  public static RunControl none(Clock clock) {
    return new RunControl(clock, null);
  }

  /** Asks the run to stop at its next safe point; interrupts its thread so that a wait in progress ends now. */
  public void cancel() {
    cancelled = true;
    interruptRunner();
  }

  /** {@link #cancel()} because the thread waiting for the run was interrupted. */
  public void cancelForInterrupt() {
    callerInterrupted = true;
    cancel();
  }

  /** The deadline passed by the wall clock: stops a run blocked in a long port call at once. */
  public void expire() {
    expired = true;
    interruptRunner();
  }

  private synchronized void interruptRunner() {
    if (runner != null) {
      interruptedRunner = true;
      runner.interrupt();
    }
  }

  /** Whether {@link #cancel()} was called (not because the waiting thread was interrupted). */
  public boolean isCancelled() {
    return cancelled && !callerInterrupted;
  }

  /** The deadline of the run, if it has one. */
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** Records the thread running the call (null when it ends), so that {@link #cancel()} can interrupt its waits. */
  synchronized void runOn(Thread thread) {
    if (thread == null && runner != null && interruptedRunner && runner == Thread.currentThread()) {
      Thread.interrupted(); // an interrupt this control sent after the run's last safe point: not the caller's
    }
    this.runner = thread;
  }

  /** The plan as last saved by the run, if any. */
  public Optional<UpgradePlan> plan() {
    return Optional.ofNullable(plan.get());
  }

  /** The stage the run is working toward now, if a step is in progress. */
  public Optional<UpgradeStage> working() {
    return Optional.ofNullable(stage.get());
  }

  void saved(UpgradePlan p) {
    plan.set(p);
  }

  void working(UpgradeStage next) {
    stage.set(next);
  }

  /** Whether the run must stop now: cancelled, past its deadline, or its thread interrupted (the flag is kept). */
  boolean mustStop() {
    return cancelled || expired || pastDeadline() || Thread.currentThread().isInterrupted();
  }

  private boolean pastDeadline() {
    return expired || deadline != null && !clock.instant().isBefore(deadline);
  }

  /**
   * Stops the run here if it must.
   *
   * @throws RunStopped when cancelled, past the deadline or interrupted
   */
  void safePoint() {
    if (mustStop()) {
      throw stopped(null);
    }
  }

  /** The signal to stop, saying why. */
  RunStopped stopped(Throwable cause) {
    Thread.interrupted(); // the interrupt has been seen: clear it so that releasing the lock is not disturbed
    if (cancelled && !callerInterrupted) {
      return new RunStopped("cancelled", false, cause);
    }
    if (!cancelled && pastDeadline()) {
      return new RunStopped("the deadline of " + timeout + " passed", true, cause);
    }
    return new RunStopped("the calling thread was interrupted", false, cause);
  }
}
