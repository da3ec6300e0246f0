package io.meshupgrade;

import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.plan.UpgradePlan;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a long call in progress ({@link UpgradeRun#status()}): whether it still runs, the plan as it last
 * saved it, the stage it works toward, and its deadline. Immutable and thread-safe.
 */
public final class RunStatus {

  /** Where the call stands. */
  public enum State {
    /** Still running (or not yet started). */
    RUNNING,
    /** Ended with a result (whatever its outcome). */
    SUCCEEDED,
    /** Ended with an exception other than a cancellation (a refusal, a port failure, ...). */
    FAILED,
    /** Stopped at a safe point: cancelled, past its deadline or interrupted; the checkpoint is kept. */
    CANCELLED
  }

  private final State state;
  private final UpgradePlan plan;
  private final UpgradeStage working;
  private final Instant deadline;

  RunStatus(State state, UpgradePlan plan, UpgradeStage working, Instant deadline) {
    this.state = Objects.requireNonNull(state, "state");
    this.plan = plan;
    this.working = working;
    this.deadline = deadline;
  }

  /** {@return where the call stands} */
  public State state() {
    return state;
  }

  /** {@return whether the call has ended, one way or another} */
  public boolean isDone() {
    return state != State.RUNNING;
  }

  /** {@return the plan as this call last saved (or resumed) it; empty before it got that far} */
  public Optional<UpgradePlan> plan() {
    return Optional.ofNullable(plan);
  }

  /** {@return the stage of {@link #plan()}, if any} */
  public Optional<UpgradeStage> stage() {
    return plan().map(UpgradePlan::stage);
  }

  /** {@return the stage the call works toward right now (a step in progress), if any} */
  public Optional<UpgradeStage> working() {
    return Optional.ofNullable(working);
  }

  /** {@return when the call's deadline passes, if it has one} */
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RunStatus r && r.state == state && Objects.equals(r.plan, plan) && r.working == working
        && Objects.equals(r.deadline, deadline);
  }

  @Override
  public int hashCode() {
    return Objects.hash(state, plan, working, deadline);
  }

  @Override
  public String toString() {
    return "RunStatus[" + state + stage().map(s -> " at " + s).orElse("")
        + working().map(s -> " working toward " + s).orElse("") + "]";
  }
}
