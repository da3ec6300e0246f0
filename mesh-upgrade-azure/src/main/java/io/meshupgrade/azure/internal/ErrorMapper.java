package io.meshupgrade.azure.internal;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import io.meshupgrade.exception.ClusterChangedException;
import io.meshupgrade.exception.ClusterNotFoundException;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.exception.MissingPermissionException;
import io.meshupgrade.exception.OperationInProgressException;
import io.meshupgrade.exception.RemoteCallException;
import io.meshupgrade.exception.RequestRejectedException;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;

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
   * Maps a failure of a call on the cluster resource itself (read, write, operation polling): a 404 means the
   * cluster (or its resource group or subscription) does not exist.
   *
   * @param action what was being done, e.g. {@code "startCanary asm-1-19"}
   * @param e the SDK failure
   * @return the typed exception to throw
   */
  public MeshUpgradeException map(String action, RuntimeException e) {
    return map(action, e,
        (prefix, status, code, remote) -> new ClusterNotFoundException(cluster, code + ": " + remote));
  }

  /**
   * Maps a failure of listing the cluster's mesh upgrade profiles, called once the cluster is known to exist with
   * the mesh enabled: a 404 there is not a missing cluster.
   *
   * @param e the SDK failure
   * @return the typed exception to throw
   */
  public MeshUpgradeException mapUpgradeProfiles(RuntimeException e) {
    return map("getUpgrades", e, (prefix, status, code, remote) -> new RemoteCallException(status, code, remote,
        prefix + "ARM has no mesh upgrade profiles for the cluster although its mesh is enabled: the add-on may"
            + " still be installing; read the cluster's state (readMeshState) and call again.", e));
  }

  /**
   * Maps a failure of listing the mesh revision profiles of a location (a subscription-level call that does not
   * involve the cluster): a 404 means the location has none, never that the cluster is missing.
   *
   * @param location the location asked about, e.g. {@code westeurope}
   * @param e the SDK failure
   * @return the typed exception to throw
   */
  public MeshUpgradeException mapRevisionProfiles(String location, RuntimeException e) {
    return map("getRevisions in " + location, e, (prefix, status, code, remote) -> new RequestRejectedException(
        status, code, remote, prefix + "ARM has no mesh revision profiles for location '" + location
            + "': check the location (it should be the cluster's, as ARM reports it) and that the region offers"
            + " the Istio-based service mesh add-on.", e));
  }

  /** Builds the exception for a 404, which depends on the resource the call was about. */
  @FunctionalInterface
  private interface NotFound {
    MeshUpgradeException map(String prefix, int status, String code, String remote);
  }

  private MeshUpgradeException map(String action, RuntimeException e, NotFound notFound) {
    if (e instanceof MeshUpgradeException m) {
      return m;
    }
    if (!(e instanceof HttpResponseException h && h.getResponse() != null)) {
      return noAnswer(action, e);
    }
    int status = status(e);
    String code = code(e);
    String remote = remoteMessage(e);
    String prefix = action + " on cluster " + cluster + " failed: ARM answered " + status
        + (code.isEmpty() ? "" : " " + code) + ": " + remote + ". ";
    return switch (status) {
      case 400 -> new RequestRejectedException(status, code, remote, prefix
          + "Nothing was changed. Check the offered upgrades (getUpgrades) and the supported revisions"
          + " (getRevisions) before asking again.", e);
      case 401, 403 -> new MissingPermissionException(status, code, remote, prefix
          + "Grant the caller read and write on Microsoft.ContainerService/managedClusters for " + cluster
          + " (e.g. role 'Azure Kubernetes Service Contributor') and check the credential's tenant.", e);
      case 404 -> notFound.map(prefix, status, code, remote);
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

  /**
   * A failure without an HTTP answer: status 0 "unreachable" only when an I/O error or a timeout caused it;
   * anything else (e.g. an SDK IllegalStateException) says what happened instead of blaming the network.
   */
  private MeshUpgradeException noAnswer(String action, RuntimeException e) {
    String what = action + " on cluster " + cluster + " failed";
    Throwable io = ioCause(e);
    if (io != null) {
      return new RemoteCallException(0, "", describe(io), what + ": ARM could not be reached (" + describe(io)
          + "). Check the network path to the ARM endpoint and call again; retries within the configured bounds"
          + " were exhausted.", e);
    }
    return new MeshUpgradeException(what + " before ARM answered: the Azure SDK threw " + describe(e)
        + ". This is not a network error: check the adapter's configuration (credential, endpoint, proxy) and call"
        + " again; if it persists, report it with this exception's stack trace.", e);
  }

  /** The first I/O error or timeout in {@code e}'s cause chain (itself included), or null. */
  static Throwable ioCause(Throwable e) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof IOException || t instanceof TimeoutException) {
        return t;
      }
    }
    return null;
  }

  private static String describe(Throwable t) {
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
