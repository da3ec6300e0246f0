package io.meshupgrade.model;

/**
 * The kinds of AKS-managed Istio ingress gateway; each has one Deployment per installed revision.
 *
 * <p>Immutable and thread-safe.
 */
public enum IngressGateway {
  /** The external (public) ingress gateway, {@code aks-istio-ingressgateway-external-<revision>}. */
  EXTERNAL("aks-istio-ingressgateway-external"),
  /** The internal ingress gateway, {@code aks-istio-ingressgateway-internal-<revision>}. */
  INTERNAL("aks-istio-ingressgateway-internal");

  private final String prefix;

  IngressGateway(String prefix) {
    this.prefix = prefix;
  }

  /** {@return the shared Service name of this gateway kind (one per kind, across revisions)} */
  public String serviceName() {
    return prefix;
  }

  /**
   * {@return the Deployment name of this gateway for {@code revision}, in namespace aks-istio-ingress}
   *
   * @param revision the revision, e.g. {@code asm-1-19}
   */
  public String deploymentName(Revision revision) {
    return prefix + "-" + revision;
  }
}
