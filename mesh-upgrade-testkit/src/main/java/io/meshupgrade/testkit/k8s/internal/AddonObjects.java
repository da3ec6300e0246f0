package io.meshupgrade.testkit.k8s.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Shapes of the AKS Istio add-on's objects per revision (istiod, injector, webhooks, ingress gateways), after the
 * real objects in the shared reference fixtures. Stateless, thread-safe.
 */
public final class AddonObjects {
  public static final String SYSTEM_NAMESPACE = "aks-istio-system";
  public static final String INGRESS_NAMESPACE = "aks-istio-ingress";
  public static final String EGRESS_NAMESPACE = "aks-istio-egress";

  private AddonObjects() {}

  private static ObjectNode object(String apiVersion, String kind, String namespace, String name) {
    ObjectNode o = Json.obj();
    o.put("apiVersion", apiVersion);
    o.put("kind", kind);
    ObjectNode meta = o.putObject("metadata");
    meta.put("name", name);
    if (namespace != null) {
      meta.put("namespace", namespace);
    }
    return o;
  }

  public static ObjectNode namespace(String name) {
    ObjectNode ns = object("v1", "Namespace", null, name);
    Json.with(Json.metadata(ns), "labels").put("kubernetes.azure.com/managedby", "aks");
    return ns;
  }

  private static ObjectNode addonLabels(ObjectNode labels, String revision) {
    labels.put("app.kubernetes.io/managed-by", "Helm");
    labels.put("install.operator.istio.io/owning-resource", "unknown");
    labels.put("istio.io/rev", revision);
    labels.put("operator.istio.io/component", "Pilot");
    labels.put("release", "azure-service-mesh-istio-discovery");
    return labels;
  }

  /** The pilot image matching a proxy image (same registry and tag). */
  public static String pilotImage(String proxyImage) {
    int slash = proxyImage.lastIndexOf('/');
    int colon = proxyImage.lastIndexOf(':');
    String tag = colon > slash ? proxyImage.substring(colon) : "";
    String registry = slash >= 0 ? proxyImage.substring(0, slash + 1) : "";
    return registry + "pilot" + tag;
  }

  public static ObjectNode istiodService(String revision) {
    ObjectNode s = object("v1", "Service", SYSTEM_NAMESPACE, "istiod-" + revision);
    ObjectNode labels = addonLabels(Json.with(Json.metadata(s), "labels"), revision);
    labels.put("app", "istiod");
    labels.put("istio", "pilot");
    ObjectNode spec = s.putObject("spec");
    spec.put("type", "ClusterIP");
    ArrayNode ports = spec.putArray("ports");
    ports.addObject().put("name", "grpc-xds").put("port", 15010).put("protocol", "TCP");
    ports.addObject().put("name", "https-dns").put("port", 15012).put("protocol", "TCP");
    ports.addObject().put("name", "https-webhook").put("port", 443).put("protocol", "TCP").put("targetPort", 15017);
    ports.addObject().put("name", "http-monitoring").put("port", 15014).put("protocol", "TCP");
    ObjectNode selector = spec.putObject("selector");
    selector.put("app", "istiod");
    selector.put("istio.io/rev", revision);
    return s;
  }

  public static ObjectNode istiodDeployment(String revision, String pilotImage, int replicas) {
    ObjectNode d = object("apps/v1", "Deployment", SYSTEM_NAMESPACE, "istiod-" + revision);
    ObjectNode labels = addonLabels(Json.with(Json.metadata(d), "labels"), revision);
    labels.put("app", "istiod");
    labels.put("istio", "pilot");
    labels.put("kubernetes.azure.com/managedby", "aks");
    ObjectNode spec = d.putObject("spec");
    spec.put("replicas", replicas);
    ObjectNode matchLabels = spec.putObject("selector").putObject("matchLabels");
    matchLabels.put("app", "istiod");
    matchLabels.put("istio.io/rev", revision);
    ObjectNode template = spec.putObject("template");
    ObjectNode tl = template.putObject("metadata").putObject("labels");
    tl.put("app", "istiod");
    tl.put("install.operator.istio.io/owning-resource", "unknown");
    tl.put("istio.io/rev", revision);
    tl.put("istio", "istiod");
    tl.put("kubernetes.azure.com/managedby", "aks");
    tl.put("operator.istio.io/component", "Pilot");
    tl.put("sidecar.istio.io/inject", "false");
    ObjectNode c = template.putObject("spec").putArray("containers").addObject();
    c.put("name", "discovery");
    c.put("image", pilotImage);
    c.set("args", Json.arr().add("discovery").add("--monitoringAddr=:15014").add("--log_output_level=default:info"));
    return d;
  }

  public static ObjectNode meshConfigMap(String revision) {
    ObjectNode cm = object("v1", "ConfigMap", SYSTEM_NAMESPACE, "istio-" + revision);
    ObjectNode labels = addonLabels(Json.with(Json.metadata(cm), "labels"), revision);
    labels.put("istio.io/configmap-type", "mesh");
    ObjectNode data = cm.putObject("data");
    data.put(
        "mesh",
        "defaultConfig:\n  discoveryAddress: istiod-"
            + revision
            + ".aks-istio-system.svc:15012\n  gatewayTopology:\n    numTrustedProxies: 1\n"
            + "  image:\n    imageType: distroless\n  tracing:\n    zipkin:\n"
            + "      address: zipkin.aks-istio-system:9411\ndefaultProviders:\n  metrics:\n  - prometheus\n"
            + "enablePrometheusMerge: true\nrootNamespace: aks-istio-system\ntrustDomain: cluster.local\n");
    data.put("meshNetworks", "networks: {}");
    return cm;
  }

  /**
   * The injector ConfigMap. With {@code fullImage} the values carry {@code global.proxy.image} as the full reference;
   * otherwise as a short name with {@code global.hub} and {@code global.tag} (when the image splits that way).
   */
  public static ObjectNode injectorConfigMap(
      String revision, String proxyImage, boolean fullImage, boolean nativeSidecars) {
    ObjectNode cm = object("v1", "ConfigMap", SYSTEM_NAMESPACE, "istio-sidecar-injector-" + revision);
    ObjectNode labels = addonLabels(Json.with(Json.metadata(cm), "labels"), revision);
    labels.put("app", "sidecar-injector");
    labels.put("istio.io/rev", revision);
    ObjectNode values = Json.obj();
    ObjectNode global = values.putObject("global");
    int slash = proxyImage.lastIndexOf('/');
    int colon = proxyImage.lastIndexOf(':');
    if (!fullImage && slash > 0 && colon > slash) {
      global.put("hub", proxyImage.substring(0, slash));
      global.put("tag", proxyImage.substring(colon + 1));
      global.putObject("proxy").put("image", proxyImage.substring(slash + 1, colon));
    } else {
      global.put("hub", slash > 0 ? proxyImage.substring(0, slash) : "mcr.microsoft.com/oss/istio");
      global.put("tag", colon > slash ? proxyImage.substring(colon + 1) : "latest");
      global.putObject("proxy").put("image", proxyImage);
    }
    global.putObject("proxy_init").put("image", "proxyv2");
    global.put("istioNamespace", SYSTEM_NAMESPACE);
    global.put("imagePullPolicy", "IfNotPresent");
    values.put("revision", revision);
    ObjectNode pilotEnv = values.putObject("pilot").putObject("env");
    pilotEnv.put("ENABLE_NATIVE_SIDECARS", nativeSidecars ? "true" : "false");
    values.putObject("sidecarInjectorWebhook").put("rewriteAppHTTPProbe", true);
    ObjectNode data = cm.putObject("data");
    data.put(
        "config",
        "policy: enabled\nalwaysInjectSelector:\n  []\nneverInjectSelector:\n  []\ninjectedAnnotations:\n"
            + "template: \"{{ Template_Version_And_Istio_Version_Mismatched_Check_Installation }}\"\n"
            + "defaultTemplates: [sidecar]\n");
    data.put("values", Json.write(values));
    return cm;
  }

  /** A fake base64 PEM CA bundle, distinct per revision. */
  public static String caBundle(String revision) {
    String pem =
        "-----BEGIN CERTIFICATE-----\nMIIC/TCCAeWgAwIBAgIRAPjvrWyHYpUDpD2lEt9JA/AwDQYJKoZIhvcNAQELBQAw"
            + Base64.getEncoder().encodeToString(("istiod-" + revision).getBytes(StandardCharsets.UTF_8))
            + "\n-----END CERTIFICATE-----\n";
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }

  public static String injectorWebhookName(String revision) {
    return "istio-sidecar-injector-" + revision + "-" + SYSTEM_NAMESPACE;
  }

  public static String tagWebhookName(String tag) {
    return "istio-revision-tag-" + tag + "-" + SYSTEM_NAMESPACE;
  }

  /** The revision's injector webhook configuration, with the rev.namespace and rev.object webhooks. */
  public static ObjectNode injectorWebhook(String revision) {
    ObjectNode m =
        object("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", null, injectorWebhookName(revision));
    ObjectNode labels = addonLabels(Json.with(Json.metadata(m), "labels"), revision);
    labels.put("app", "sidecar-injector");
    labels.put("admissions.enforcer/disabled", "true");
    ArrayNode webhooks = m.putArray("webhooks");
    webhooks.add(webhook("rev.namespace.sidecar-injector.istio.io", revision, revision, true));
    webhooks.add(webhook("rev.object.sidecar-injector.istio.io", revision, revision, false));
    return m;
  }

  /** A revision tag's webhook configuration as {@code istioctl tag set} writes it. */
  public static ObjectNode tagWebhook(String tag, String revision, String caBundle) {
    ObjectNode m = object("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", null, tagWebhookName(tag));
    ObjectNode labels = Json.with(Json.metadata(m), "labels");
    labels.put("app", "sidecar-injector");
    labels.put("install.operator.istio.io/owning-resource", "unknown");
    labels.put("istio.io/rev", revision);
    labels.put("istio.io/tag", tag);
    labels.put("operator.istio.io/component", "Pilot");
    labels.put("release", "istio");
    ArrayNode webhooks = m.putArray("webhooks");
    ObjectNode a = webhook("rev.namespace.sidecar-injector.istio.io", revision, tag, true);
    ObjectNode b = webhook("rev.object.sidecar-injector.istio.io", revision, tag, false);
    if (caBundle != null) {
      Json.with(a, "clientConfig").put("caBundle", caBundle);
      Json.with(b, "clientConfig").put("caBundle", caBundle);
    }
    webhooks.add(a);
    webhooks.add(b);
    return m;
  }

  private static ObjectNode webhook(String name, String revision, String selectorValue, boolean byNamespace) {
    ObjectNode w = Json.obj();
    w.set("admissionReviewVersions", Json.arr().add("v1beta1").add("v1"));
    ObjectNode cc = w.putObject("clientConfig");
    cc.put("caBundle", caBundle(revision));
    ObjectNode svc = cc.putObject("service");
    svc.put("name", "istiod-" + revision);
    svc.put("namespace", SYSTEM_NAMESPACE);
    svc.put("path", "/inject");
    svc.put("port", 443);
    w.put("failurePolicy", "Fail");
    w.put("matchPolicy", "Equivalent");
    w.put("name", name);
    ArrayNode nsExpr = w.putObject("namespaceSelector").putArray("matchExpressions");
    ArrayNode objExpr = w.putObject("objectSelector").putArray("matchExpressions");
    if (byNamespace) {
      nsExpr.add(expr("istio.io/rev", "In", selectorValue));
      nsExpr.add(expr("istio-injection", "DoesNotExist", null));
      objExpr.add(expr("sidecar.istio.io/inject", "NotIn", "false"));
    } else {
      nsExpr.add(expr("istio.io/rev", "DoesNotExist", null));
      nsExpr.add(expr("istio-injection", "DoesNotExist", null));
      objExpr.add(expr("sidecar.istio.io/inject", "NotIn", "false"));
      objExpr.add(expr("istio.io/rev", "In", selectorValue));
    }
    w.put("reinvocationPolicy", "Never");
    ObjectNode rule = w.putArray("rules").addObject();
    rule.set("apiGroups", Json.arr().add(""));
    rule.set("apiVersions", Json.arr().add("v1"));
    rule.set("operations", Json.arr().add("CREATE"));
    rule.set("resources", Json.arr().add("pods"));
    rule.put("scope", "*");
    w.put("sideEffects", "None");
    w.put("timeoutSeconds", 10);
    return w;
  }

  private static ObjectNode expr(String key, String op, String value) {
    ObjectNode e = Json.obj();
    e.put("key", key);
    e.put("operator", op);
    if (value != null) {
      e.set("values", Json.arr().add(value));
    }
    return e;
  }

  public static ObjectNode validatorWebhook(String revision) {
    ObjectNode v =
        object(
            "admissionregistration.k8s.io/v1",
            "ValidatingWebhookConfiguration",
            null,
            "istio-validator-" + revision + "-" + SYSTEM_NAMESPACE);
    ObjectNode labels = addonLabels(Json.with(Json.metadata(v), "labels"), revision);
    labels.put("app", "istiod");
    labels.put("istio", "istiod");
    ObjectNode w = v.putArray("webhooks").addObject();
    w.set("admissionReviewVersions", Json.arr().add("v1beta1").add("v1"));
    ObjectNode cc = w.putObject("clientConfig");
    cc.put("caBundle", caBundle(revision));
    ObjectNode svc = cc.putObject("service");
    svc.put("name", "istiod-" + revision);
    svc.put("namespace", SYSTEM_NAMESPACE);
    svc.put("path", "/validate");
    svc.put("port", 443);
    w.put("failurePolicy", "Fail");
    w.put("name", "rev.validation.istio.io");
    ObjectNode rule = w.putArray("rules").addObject();
    rule.set("apiGroups", Json.arr().add("security.istio.io").add("networking.istio.io").add("telemetry.istio.io"));
    rule.set("apiVersions", Json.arr().add("*"));
    rule.set("operations", Json.arr().add("CREATE").add("UPDATE"));
    rule.set("resources", Json.arr().add("*"));
    rule.put("scope", "*");
    w.put("sideEffects", "None");
    w.put("timeoutSeconds", 10);
    return v;
  }

  public static String gatewayName(String type) {
    return "aks-istio-ingressgateway-" + type;
  }

  /** The shared gateway Service of a type (external, internal); one for all revisions. */
  public static ObjectNode gatewayService(String type) {
    String app = gatewayName(type);
    ObjectNode s = object("v1", "Service", INGRESS_NAMESPACE, app);
    ObjectNode labels = Json.with(Json.metadata(s), "labels");
    labels.put("app", app);
    labels.put("app.kubernetes.io/name", app);
    labels.put("istio", app);
    labels.put("kubernetes.azure.com/managedby", "aks");
    if (type.equals("internal")) {
      Json.with(Json.metadata(s), "annotations").put("service.beta.kubernetes.io/azure-load-balancer-internal", "true");
    }
    ObjectNode spec = s.putObject("spec");
    spec.put("type", "LoadBalancer");
    spec.put("externalTrafficPolicy", "Cluster");
    ArrayNode ports = spec.putArray("ports");
    ports.addObject().put("name", "status-port").put("port", 15021).put("protocol", "TCP");
    ports.addObject().put("name", "http2").put("port", 80).put("protocol", "TCP");
    ports.addObject().put("name", "https").put("port", 443).put("protocol", "TCP");
    ObjectNode selector = spec.putObject("selector");
    selector.put("app", app);
    selector.put("istio", app);
    return s;
  }

  /** A gateway Deployment: Deployment labels without istio.io/rev; pod labels with it (injected by rev.object). */
  public static ObjectNode gatewayDeployment(String type, String revision, int replicas) {
    return gatewayDeployment(gatewayName(type), INGRESS_NAMESPACE, revision, replicas);
  }

  /** The ClusterIP Service of an egress gateway, shared by the gateway's Deployments of every revision. */
  public static ObjectNode egressGatewayService(String name, String namespace) {
    ObjectNode s = object("v1", "Service", namespace, name);
    ObjectNode labels = Json.with(Json.metadata(s), "labels");
    labels.put("app", name);
    labels.put("app.kubernetes.io/name", name);
    labels.put("istio", name);
    labels.put("kubernetes.azure.com/managedby", "aks");
    ObjectNode spec = s.putObject("spec");
    spec.put("type", "ClusterIP");
    ArrayNode ports = spec.putArray("ports");
    ports.addObject().put("name", "http2").put("port", 80).put("protocol", "TCP").put("targetPort", 8080);
    ports.addObject().put("name", "https").put("port", 443).put("protocol", "TCP").put("targetPort", 8443);
    ObjectNode selector = spec.putObject("selector");
    selector.put("app", name);
    selector.put("istio", name);
    return s;
  }

  /** An egress gateway's Deployment of a revision, {@code <name>-<revision>}; pods labelled with the revision. */
  public static ObjectNode egressGatewayDeployment(String name, String namespace, String revision, int replicas) {
    return gatewayDeployment(name, namespace, revision, replicas);
  }

  /** A gateway Deployment named {@code <app>-<revision>} (ingress or egress). */
  static ObjectNode gatewayDeployment(String app, String namespace, String revision, int replicas) {
    ObjectNode d = object("apps/v1", "Deployment", namespace, app + "-" + revision);
    ObjectNode labels = Json.with(Json.metadata(d), "labels");
    labels.put("app", app);
    labels.put("app.kubernetes.io/managed-by", "Helm");
    labels.put("app.kubernetes.io/name", app);
    labels.put("istio", app);
    labels.put("kubernetes.azure.com/managedby", "aks");
    ObjectNode spec = d.putObject("spec");
    spec.put("replicas", replicas);
    ObjectNode matchLabels = spec.putObject("selector").putObject("matchLabels");
    matchLabels.put("app", app);
    matchLabels.put("istio", app);
    matchLabels.put("istio.io/rev", revision);
    ObjectNode template = spec.putObject("template");
    ObjectNode tmeta = template.putObject("metadata");
    ObjectNode tl = tmeta.putObject("labels");
    tl.put("app", app);
    tl.put("istio", app);
    tl.put("istio.io/rev", revision);
    tl.put("kubernetes.azure.com/managedby", "aks");
    tl.put("service.istio.io/canonical-name", app);
    tl.put("service.istio.io/canonical-revision", "latest");
    tl.put("sidecar.istio.io/inject", "true");
    tmeta.putObject("annotations").put("inject.istio.io/templates", "gateway");
    ObjectNode c = template.putObject("spec").putArray("containers").addObject();
    c.put("name", "istio-proxy");
    c.put("image", "auto");
    return d;
  }
}
