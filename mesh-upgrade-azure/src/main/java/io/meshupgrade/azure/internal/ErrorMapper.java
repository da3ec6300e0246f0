package io.meshupgrade.azure.internal;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import io.meshupgrade.ClusterChangedException;
import io.meshupgrade.ClusterNotFoundException;
import io.meshupgrade.MeshUpgradeException;
import io.meshupgrade.MissingPermissionException;
import io.meshupgrade.OperationInProgressException;
import io.meshupgrade.RemoteCallException;
import io.meshupgrade.RequestRejectedException;

/**
 * Maps SDK failures onto the core's typed exceptions, keeping ARM's code and message and saying what to do next.
 * Thread-safe. Not API.
 */
public final class ErrorMapper {

  private final String cluster;

  /**
   * @param cluster the cluster's display name, e.g. {@code rg1/cluster1}
   */
  public ErrorMapper(String cluster) {
    this.cluster = cluster;
  }

  /**
   * @param e an SDK failure
   * @return its HTTP status, or 0 when there was no answer
   */
  public static int status(RuntimeException e) {
    if (e instanceof HttpResponseException h && h.getResponse() != null) {
      return h.getResponse().getStatusCode();
    }
    return 0;
  }

  /**
   * @param e an SDK failure
   * @return ARM's error code, or ""
   */
  public static String code(RuntimeException e) {
    ManagementError v = e instanceof ManagementException m ? m.getValue() : null;
    return v == null || v.getCode() == null ? "" : v.getCode();
  }

  /** ARM's error message, or the exception's message. */
  static String remoteMessage(RuntimeException e) {
    ManagementError v = e instanceof ManagementException m ? m.getValue() : null;
    if (v != null && v.getMessage() != null) {
      return v.getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * Maps a failure of one call.
   *
   * @param action what was being done, e.g. {@code "startCanary asm-1-19"}
   * @param e the SDK failure
   * @return the typed exception to throw
   */
  public MeshUpgradeException map(String action, RuntimeException e) {
    if (e instanceof MeshUpgradeException m) {
      return m;
    }
    int status = status(e);
    String code = code(e);
    String remote = remoteMessage(e);
    String prefix = action + " on cluster " + cluster + " failed: ARM answered " + status
        + (code.isEmpty() ? "" : " " + code) + ": " + remote + ". ";
    return switch (status) {
      case 0 -> new RemoteCallException(0, "", remote, action + " on cluster " + cluster
          + " failed: ARM could not be reached (" + remote + "). Check the network path to the ARM endpoint"
          + " and call again; retries within the configured bounds were exhausted.", e);
      case 400 -> new RequestRejectedException(status, code, remote, prefix
          + "Nothing was changed. Check the offered upgrades (getUpgrades) and the supported revisions"
          + " (getRevisions) before asking again.", e);
      case 401, 403 -> new MissingPermissionException(status, code, remote, prefix
          + "Grant the caller read and write on Microsoft.ContainerService/managedClusters for " + cluster
          + " (e.g. role 'Azure Kubernetes Service Contributor') and check the credential's tenant.", e);
      case 404 -> new ClusterNotFoundException(cluster, code + ": " + remote);
      case 409 -> new OperationInProgressException(status, code, remote, prefix
          + "Another operation is running on the cluster: wait for it to finish and call again.", e);
      case 412 -> new ClusterChangedException(status, code, remote, prefix
          + "The cluster changed since it was read: re-read its state and decide again.", e);
      case 429 -> new RemoteCallException(status, code, remote, prefix
          + "ARM kept throttling after the configured retries: wait a few minutes and call again.", e);
      default -> new RemoteCallException(status, code, remote, prefix
          + (status >= 500 ? "ARM failed after the configured retries: call again later; the call re-reads"
              + " the cluster and resumes." : "Check the request and call again."), e);
    };
  }
}
