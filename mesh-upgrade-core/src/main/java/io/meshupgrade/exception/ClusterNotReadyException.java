package io.meshupgrade.exception;


/**
 * The cluster is not in a state that allows a mesh change (provisioningState is not Succeeded).
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class ClusterNotReadyException extends UpgradeRefusedException {
  private static final long serialVersionUID = 1L;

  /** Serialized: the value of {@link #provisioningState()}. */
  private final String provisioningState;

  /**
   * {@code cluster} is in {@code provisioningState}, not Succeeded.
   *
   * @param cluster the cluster's full ARM resource id
   * @param provisioningState the provisioning state
   */
  public ClusterNotReadyException(String cluster, String provisioningState) {
    super("cluster " + cluster + " is " + provisioningState + ", not Succeeded: "
        + ("Failed".equalsIgnoreCase(provisioningState)
            ? "its last operation failed; repair it (MeshUpgrader.repair, CLI 'repair', which re-applies the cluster"
                + " unchanged as AKS recovers a failed cluster), then try again"
            : "wait for its current operation to finish (or fix the failed one) and try again"));
    this.provisioningState = provisioningState;
  }

  /** {@return the cluster's provisioningState when the change was refused} */
  public String provisioningState() {
    return provisioningState;
  }
}
