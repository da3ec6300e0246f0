package io.meshupgrade.model;

/**
 * The kinds of AKS-managed Istio ingress gateway; each has one Deployment per installed revision.
 *
 * <p>Immutable and thread-safe.
 */
public enum IngressGateway {
  EXTERNAL("aks-istio-ingressgateway-external"),
  INTERNAL("aks-istio-ingressgateway-internal");

  private final String prefix;

  IngressGateway(String prefix) {
    this.prefix = prefix;
  }

  /** The shared Service name of this gateway kind (one per kind, across revisions). */
  public String serviceName() {
    return prefix;
  }

  /** The Deployment name of this gateway for {@code revision}, in namespace aks-istio-ingress. */
  public String deploymentName(Revision revision) {
    return prefix + "-" + revision;
  }
}
