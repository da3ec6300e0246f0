package io.meshupgrade.exception;

import io.meshupgrade.model.UpgradeStage;


/**
 * An upgrade plan was asked to move between two stages that the transition table does not connect.
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class IllegalTransitionException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  /** Serialized: the value of {@link #from()}. */
  private final UpgradeStage from;
  /** Serialized: the value of {@link #to()}. */
  private final UpgradeStage to;

  /**
   * A refused transition from {@code from} to {@code to}; {@code detail} (may be null) says why.
   *
   * @param from the stage the plan is in
   * @param to the stage it was asked to move to
   * @param detail the detail, in words
   */
  public IllegalTransitionException(UpgradeStage from, UpgradeStage to, String detail) {
    super("illegal transition from " + from + " to " + to + (detail == null ? "" : ": " + detail));
    this.from = from;
    this.to = to;
  }

  /** {@return the stage the plan was in} */
  public UpgradeStage from() {
    return from;
  }

  /** {@return the stage it was asked to move to} */
  public UpgradeStage to() {
    return to;
  }
}
