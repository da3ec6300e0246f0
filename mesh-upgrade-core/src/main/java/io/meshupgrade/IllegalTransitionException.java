package io.meshupgrade;


/** An upgrade plan was asked to move between two stages that the transition table does not connect. */
public class IllegalTransitionException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  private final UpgradeStage from;
  private final UpgradeStage to;

  public IllegalTransitionException(UpgradeStage from, UpgradeStage to, String detail) {
    super("illegal transition from " + from + " to " + to + (detail == null ? "" : ": " + detail));
    this.from = from;
    this.to = to;
  }

  public UpgradeStage from() {
    return from;
  }

  public UpgradeStage to() {
    return to;
  }
}
