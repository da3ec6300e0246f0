package io.meshupgrade;


/** An upgrade, complete or rollback was refused by a safety interlock (pods still on the old revision, a stale canary, ...). */
public class UpgradeRefusedException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  public UpgradeRefusedException(String message) {
    super(message);
  }
}
