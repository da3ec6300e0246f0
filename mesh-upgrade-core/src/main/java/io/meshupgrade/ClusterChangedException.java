package io.meshupgrade;

/** The cluster changed between read and write (HTTP 412 on If-Match, or a Kubernetes 409 conflict) and the change could not be re-applied safely. */
public class ClusterChangedException extends RemoteCallException {
  private static final long serialVersionUID = 1L;

  public ClusterChangedException(int httpStatus, String code, String remoteMessage, String message, Throwable cause) {
    super(httpStatus, code, remoteMessage, message, cause);
  }
}
