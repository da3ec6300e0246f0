package io.meshupgrade;


/** The managed cluster does not exist (or the caller cannot see it). */
public class ClusterNotFoundException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  public ClusterNotFoundException(String cluster, String detail) {
    super("cluster " + cluster + " was not found: check the subscription, resource group and cluster name"
        + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
  }
}
