package io.meshupgrade.model;

import java.util.Objects;

/**
 * How one workload's restart ended.
 *
 * <p>Immutable and thread-safe.
 *
 * @param workload the workload
 * @param outcome the outcome
 * @param detail why, for anything but {@link Outcome#SUCCEEDED} (e.g. "ProgressDeadlineExceeded: ...")
 */
public record RolloutResult(WorkloadRef workload, Outcome outcome, String detail) {
  /** The outcomes of a rollout restart. */
  public enum Outcome {
    /** Restarted and rolled out: every pod is new and available. */
    SUCCEEDED,
    /** The rollout failed (e.g. ProgressDeadlineExceeded). */
    FAILED,
    /** The Deployment is paused; it cannot be restarted until it is resumed. */
    PAUSED,
    /** The workload no longer exists. */
    NOT_FOUND,
    /** The rollout was still running when the deadline passed. */
    TIMED_OUT,
    /** The kind cannot be restarted (Job, bare pod). */
    NOT_RESTARTABLE
  }

  /**
   * Creates a {@code RolloutResult} from its components, checking them.
   *
   * @param workload the workload
   * @param outcome the outcome
   * @param detail the detail
   */
  public RolloutResult {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? "" : detail;
  }

  /** {@return whether the rollout finished successfully} */
  public boolean succeeded() {
    return outcome == Outcome.SUCCEEDED;
  }
}
