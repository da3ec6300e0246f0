package io.meshupgrade;

/** The service rejected the request as invalid (HTTP 400), e.g. ARM's "Requested change in revisions is not allowed". */
public class RequestRejectedException extends RemoteCallException {
  private static final long serialVersionUID = 1L;

  public RequestRejectedException(int httpStatus, String code, String remoteMessage, String message, Throwable cause) {
    super(httpStatus, code, remoteMessage, message, cause);
  }
}
