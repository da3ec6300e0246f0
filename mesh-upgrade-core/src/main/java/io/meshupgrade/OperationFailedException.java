package io.meshupgrade;

/** A long-running operation ended Failed or Canceled. */
public class OperationFailedException extends RemoteCallException {
  private static final long serialVersionUID = 1L;

  public OperationFailedException(int httpStatus, String code, String remoteMessage, String message, Throwable cause) {
    super(httpStatus, code, remoteMessage, message, cause);
  }
}
