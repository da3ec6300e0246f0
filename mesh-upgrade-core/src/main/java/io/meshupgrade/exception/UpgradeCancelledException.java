package io.meshupgrade.exception;

import io.meshupgrade.model.UpgradeStage;
import java.util.Optional;

/**
 * A long call stopped at a safe point because it was cancelled ({@code UpgradeRun.cancel()}), its overall deadline
 * ({@code UpgradeOptions.deadline()}) passed, or its thread was interrupted. Unlike a refusal, the call may have
 * changed the cluster before it stopped: the checkpoint says how far it got and the lock was released, so calling
 * again (on this or another upgrader) resumes from there like any other run.
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class UpgradeCancelledException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  /** Why the run stopped. */
  public enum Cause {
    /** {@code cancel()} was called. */
    CANCELLED,
    /** The overall deadline passed. */
    DEADLINE_EXCEEDED,
    /** The calling thread was interrupted. */
    INTERRUPTED
  }

  /** The stage of the saved plan when the run stopped; null when the run saved no plan. */
  private final UpgradeStage stageReached;
  /** Whether the checkpoint was kept. */
  private final boolean checkpointKept;
  /** Why the run stopped. */
  private final Cause cause;

  /**
   * An exception saying why the run stopped, the stage its saved plan reached (null when no plan was saved) and
   * whether the checkpoint was kept.
   *
   * @param message what happened and how to resume
   * @param cause why the run stopped (not null)
   * @param stageReached the stage of the saved plan when the run stopped; null when the run saved no plan
   * @param checkpointKept whether the checkpoint was kept, so that calling again resumes from {@code stageReached}
   * @param underlying the exception that stopped the run (e.g. an {@link InterruptedException}); null for none
   */
  public UpgradeCancelledException(String message, Cause cause, UpgradeStage stageReached, boolean checkpointKept,
      Throwable underlying) {
    super(message, underlying);
    this.cause = java.util.Objects.requireNonNull(cause, "cause");
    this.stageReached = stageReached;
    this.checkpointKept = checkpointKept;
  }

  /** {@return why the run stopped} */
  public Cause reason() {
    return cause;
  }

  /** {@return the stage of the saved plan when the run stopped (empty when the run saved no plan)} */
  public Optional<UpgradeStage> stageReached() {
    return Optional.ofNullable(stageReached);
  }

  /** {@return whether the checkpoint was kept, so that calling again resumes from {@link #stageReached()}} */
  public boolean checkpointKept() {
    return checkpointKept;
  }
}
