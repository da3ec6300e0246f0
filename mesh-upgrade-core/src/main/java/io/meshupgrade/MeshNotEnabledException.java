package io.meshupgrade;


/** The cluster does not have the Istio-based service mesh add-on enabled. */
public class MeshNotEnabledException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  public MeshNotEnabledException(String cluster) {
    super("Istio has not been enabled for cluster " + cluster
        + ": enable the Azure Service Mesh add-on (az aks mesh enable) before upgrading it");
  }
}
