package io.meshupgrade;


/** complete or rollback was asked while only one revision is installed, and it is not the one expected. */
public class NoUpgradeInProgressException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  public NoUpgradeInProgressException(String message) {
    super(message);
  }
}
