package io.meshupgrade.exception;


/**
 * The managed cluster does not exist (or the caller cannot see it).
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class ClusterNotFoundException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  /**
   * {@code cluster} was not found; {@code detail} (may be null or empty) is the service's explanation.
   *
   * @param cluster the cluster's full ARM resource id
   * @param detail the detail, in words
   */
  public ClusterNotFoundException(String cluster, String detail) {
    super("cluster " + cluster + " was not found: check the subscription, resource group and cluster name"
        + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
  }
}
