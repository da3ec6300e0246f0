package io.meshupgrade.exception;

import io.meshupgrade.model.UpgradeStage;


/**
 * An upgrade plan was asked to move between two stages that the transition table does not connect.
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class IllegalTransitionException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  private final UpgradeStage from;
  private final UpgradeStage to;

  /** A refused transition from {@code from} to {@code to}; {@code detail} (may be null) says why. */
  public IllegalTransitionException(UpgradeStage from, UpgradeStage to, String detail) {
    super("illegal transition from " + from + " to " + to + (detail == null ? "" : ": " + detail));
    this.from = from;
    this.to = to;
  }

  /** The stage the plan was in. */
  public UpgradeStage from() {
    return from;
  }

  /** The stage it was asked to move to. */
  public UpgradeStage to() {
    return to;
  }
}
