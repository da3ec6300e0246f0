package io.meshupgrade.exception;


/**
 * The cluster does not have the Istio-based service mesh add-on enabled.
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class MeshNotEnabledException extends UpgradeRefusedException {
  private static final long serialVersionUID = 1L;

  /**
   * {@code cluster} does not have the add-on enabled.
   *
   * @param cluster the cluster's full ARM resource id
   */
  public MeshNotEnabledException(String cluster) {
    super("Istio has not been enabled for cluster " + cluster
        + ": enable the Azure Service Mesh add-on (az aks mesh enable) before upgrading it");
  }
}
