package io.meshupgrade;

/** The caller lacks a permission (HTTP 403); the message names the verb, resource and namespace to grant. */
public class MissingPermissionException extends RemoteCallException {
  private static final long serialVersionUID = 1L;

  public MissingPermissionException(int httpStatus, String code, String remoteMessage, String message, Throwable cause) {
    super(httpStatus, code, remoteMessage, message, cause);
  }
}
