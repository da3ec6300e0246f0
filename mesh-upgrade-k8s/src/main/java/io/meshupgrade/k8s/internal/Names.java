package io.meshupgrade.k8s.internal;

import io.meshupgrade.model.Revision;

/** Object names, labels and annotations of the AKS Istio add-on and of kubectl. */
public final class Names {
  public static final String SYSTEM_NAMESPACE = "aks-istio-system";
  public static final String INGRESS_NAMESPACE = "aks-istio-ingress";
  public static final String EGRESS_NAMESPACE = "aks-istio-egress";
  /** AKS labels the pods it manages (istiod, gateways) with this label set to {@code aks}. */
  public static final String LABEL_MANAGED_BY_AKS = "kubernetes.azure.com/managedby";

  public static final String LABEL_REV = "istio.io/rev";
  public static final String LABEL_TAG = "istio.io/tag";
  public static final String LABEL_ISTIO_INJECTION = "istio-injection";
  public static final String LABEL_SIDECAR_INJECT = "sidecar.istio.io/inject";
  public static final String ANNOTATION_SIDECAR_STATUS = "sidecar.istio.io/status";
  public static final String ANNOTATION_REV = "istio.io/rev";
  public static final String ANNOTATION_RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
  public static final String PROXY_CONTAINER = "istio-proxy";

  public static final String WEBHOOK_REV_NAMESPACE = "rev.namespace.sidecar-injector.istio.io";
  public static final String WEBHOOK_REV_OBJECT = "rev.object.sidecar-injector.istio.io";

  private Names() {}

  public static String istiodDeployment(Revision revision) {
    return "istiod-" + revision;
  }

  public static String sharedMeshConfigMap(Revision revision) {
    return "istio-shared-configmap-" + revision;
  }

  public static String injectorConfigMap(Revision revision) {
    return "istio-sidecar-injector-" + revision;
  }

  public static String injectorWebhook(Revision revision) {
    return "istio-sidecar-injector-" + revision + "-" + SYSTEM_NAMESPACE;
  }

  public static String tagWebhook(String tag) {
    return "istio-revision-tag-" + tag + "-" + SYSTEM_NAMESPACE;
  }
}
