package io.meshupgrade;

import io.meshupgrade.exception.UpgradeCancelledException;
import io.meshupgrade.internal.RunControl;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A long call running in the background, as returned by {@link MeshUpgrader#beginUpgrade} and the other
 * {@code begin*} methods (the Azure SDK's poller pattern): poll it with {@link #status()}, wait for its result with
 * {@link #await()} or {@link #await(Duration)}, stop it with {@link #cancel()}. A cancelled run, or one past its
 * {@link io.meshupgrade.options.UpgradeOptions#deadline() deadline}, stops at its next safe point (between steps,
 * restart batches, soak checks and polls, or at once while it waits), keeps its checkpoint, releases the lock and
 * ends with an {@link UpgradeCancelledException}; any later call resumes it like any other run.
 *
 * <p>The call runs on its own non-daemon thread (the JVM does not exit in the middle of a step). With a deadline, a
 * daemon timer also stops a run blocked in one long port call when the deadline passes by wall time.
 *
 * <p>Thread-safe: any thread may poll, wait or cancel.
 *
 * @param <T> the call's result ({@link io.meshupgrade.report.UpgradeReport} or
 *     {@link io.meshupgrade.report.RollOverReport})
 */
public final class UpgradeRun<T> {

  private final RunControl control;
  private final CompletableFuture<T> result = new CompletableFuture<>();

  private UpgradeRun(RunControl control) {
    this.control = control;
  }

  /** Starts {@code body} on a new thread named {@code thread}; the deadline also interrupts waits by wall time. */
  static <T> UpgradeRun<T> start(String thread, RunControl control, Function<RunControl, T> body) {
    UpgradeRun<T> run = new UpgradeRun<>(control);
    Thread t = new Thread(() -> run.complete(body), thread);
    t.start();
    return run;
  }

  /** Runs {@code body} on the calling thread (the blocking methods) and returns its result or throws. */
  static <T> T runHere(RunControl control, Function<RunControl, T> body) {
    return withDeadlineTimer(control, body);
  }

  private void complete(Function<RunControl, T> body) {
    try {
      result.complete(withDeadlineTimer(control, body));
    } catch (RuntimeException | Error e) {
      result.completeExceptionally(e);
    }
  }

  /**
   * Runs {@code body}; with a deadline, a daemon timer also expires the run by wall time, so that a run blocked in
   * one long port call (an ARM operation, a rollout) stops when the deadline passes, not only at its next safe point.
   */
  private static <T> T withDeadlineTimer(RunControl control, Function<RunControl, T> body) {
    if (control.timeout().isEmpty()) {
      return body.apply(control);
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mesh-upgrade-deadline");
      t.setDaemon(true);
      return t;
    });
    try {
      timer.schedule(control::expire, control.timeout().get().toNanos(), TimeUnit.NANOSECONDS);
      return body.apply(control);
    } finally {
      timer.shutdownNow();
    }
  }

  /** {@return the call's state, the plan as it last saved it and the stage it works toward now} */
  public RunStatus status() {
    RunStatus.State state = RunStatus.State.RUNNING;
    if (result.isDone()) {
      state = RunStatus.State.SUCCEEDED;
      if (result.isCompletedExceptionally()) {
        state = result.handle((r, e) -> e instanceof UpgradeCancelledException).join()
            ? RunStatus.State.CANCELLED : RunStatus.State.FAILED;
      }
    }
    return new RunStatus(state, control.plan().orElse(null), control.working().orElse(null),
        control.deadline().orElse(null));
  }

  /**
   * Asks the call to stop at its next safe point; returns at once (use {@link #await()} to wait for it to stop).
   *
   * @return whether the call was still running; false (and nothing happens) once it has ended
   */
  public boolean cancel() {
    if (result.isDone()) {
      return false;
    }
    control.cancel();
    return true;
  }

  /**
   * Waits for the call to end and returns its result.
   *
   * @return the call's result, once it ended normally
   * @throws io.meshupgrade.exception.MeshUpgradeException what the call threw: a refusal, a failure, or an
   *     {@link UpgradeCancelledException} when it was cancelled or passed its deadline
   * @throws UpgradeCancelledException when the waiting thread is interrupted: the call is cancelled, waited for, and
   *     its cancellation thrown (the interrupt flag is set again)
   */
  public T await() {
    try {
      return result.get();
    } catch (InterruptedException e) {
      return stopForInterrupt();
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  /**
   * Waits at most {@code timeout} for the call to end. A call still running is not cancelled.
   *
   * @param timeout how long to wait at most; zero or negative does not wait (not null)
   * @return the result, or empty when the call still runs after {@code timeout}
   * @throws io.meshupgrade.exception.MeshUpgradeException what the call threw, as {@link #await()}
   */
  public Optional<T> await(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    try {
      return Optional.of(result.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      return Optional.of(stopForInterrupt());
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  private T stopForInterrupt() {
    control.cancelForInterrupt();
    try {
      return result.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw unwrap(e);
    } finally {
      Thread.currentThread().interrupt();
    }
  }

  private static RuntimeException unwrap(Exception e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new IllegalStateException(cause);
  }

  @Override
  public String toString() {
    return "UpgradeRun[" + status() + "]";
  }
}
