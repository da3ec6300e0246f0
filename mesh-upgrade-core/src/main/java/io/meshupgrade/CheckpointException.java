package io.meshupgrade;


/** A checkpoint could not be read (unknown version, missing field, tampered text) or written (compare-and-set lost). */
public class CheckpointException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
