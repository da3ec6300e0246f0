package io.meshupgrade;


/** The target revision already has a shared mesh ConfigMap whose data differs from the source. */
public class MeshConfigConflictException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  public MeshConfigConflictException(String message) {
    super(message);
  }
}
