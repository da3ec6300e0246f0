package io.meshupgrade.exception;

/**
 * A long-running operation ended Failed or Canceled.
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class OperationFailedException extends RemoteCallException {
  private static final long serialVersionUID = 1L;

  /**
   * A failed remote call.
   *
   * @param httpStatus the HTTP status, or 0 when no response was received
   * @param code the service's error code, or null
   * @param remoteMessage the service's own message, or null
   * @param message what failed and what to do next
   * @param cause the underlying exception, or null
   */
  public OperationFailedException(int httpStatus, String code, String remoteMessage, String message, Throwable cause) {
    super(httpStatus, code, remoteMessage, message, cause);
  }
}
