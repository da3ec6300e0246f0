package io.meshupgrade.exception;

/**
 * A call to ARM or to the Kubernetes API failed. Carries the HTTP status and the service's own error code and
 * message, so callers can act on them without parsing text.
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class RemoteCallException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  /** Serialized: the value of {@link #httpStatus()}. */
  private final int httpStatus;
  /** Serialized: the value of {@link #code()}. */
  private final String code;
  /** Serialized: the value of {@link #remoteMessage()}. */
  private final String remoteMessage;

  /**
   * A failed remote call.
   *
   * @param httpStatus the HTTP status, or 0 when no response was received
   * @param code the service's error code, or null
   * @param remoteMessage the service's own message, or null
   * @param message what failed and what to do next
   * @param cause the underlying exception, or null
   */
  public RemoteCallException(int httpStatus, String code, String remoteMessage, String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.code = code == null ? "" : code;
    this.remoteMessage = remoteMessage == null ? "" : remoteMessage;
  }

  /** {@return the HTTP status, or 0 when no response was received} */
  public int httpStatus() {
    return httpStatus;
  }

  /** {@return the service's error code (ARM's {@code error.code}, the Kubernetes Status reason), or ""} */
  public String code() {
    return code;
  }

  /** {@return the service's own error message, or ""} */
  public String remoteMessage() {
    return remoteMessage;
  }
}
