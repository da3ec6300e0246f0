package io.meshupgrade;

/** Another operation is running on the cluster (HTTP 409) and did not end before the deadline. */
public class OperationInProgressException extends RemoteCallException {
  private static final long serialVersionUID = 1L;

  public OperationInProgressException(int httpStatus, String code, String remoteMessage, String message, Throwable cause) {
    super(httpStatus, code, remoteMessage, message, cause);
  }
}
