package io.meshupgrade.testkit.k8s.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.testkit.k8s.ApiResource;
import io.meshupgrade.testkit.k8s.SimulatedApiException;
import java.util.Map;

/**
 * Istio's sidecar injection as the API server would run it at pod creation: the stored
 * MutatingWebhookConfigurations are evaluated (namespaceSelector against the namespace's labels, objectSelector
 * against the pod's), and the first matching injector webhook "calls" its service {@code istiod-<revision>}: when the
 * service and the revision's injector ConfigMap exist, the pod gets the revision's proxy; otherwise a webhook with
 * failurePolicy Fail refuses the pod, as the API server does when the webhook's service is gone. Thread-safe
 * (stateless apart from reading the store).
 */
public final class SidecarInjector implements InMemoryObjectStore.Admission {
  public static final String STATUS_ANNOTATION = "sidecar.istio.io/status";
  public static final String REV = "istio.io/rev";
  private static final String VOLUMES =
      "[\"workload-socket\",\"credential-socket\",\"workload-certs\",\"istio-envoy\",\"istio-data\","
          + "\"istio-podinfo\",\"istio-token\",\"istiod-ca-cert\"]";

  private final InMemoryObjectStore store;

  public SidecarInjector(InMemoryObjectStore store) {
    this.store = store;
  }

  @Override
  public void admit(ApiResource resource, ObjectNode pod) {
    if (!resource.equals(ApiResource.PODS)) {
      return;
    }
    String ns = Json.text(pod, "metadata", "namespace");
    ObjectNode namespace = store.getRaw(ApiResource.NAMESPACES, null, ns);
    Map<String, String> nsLabels = namespace == null ? Map.of() : Json.labels(namespace);
    Map<String, String> podLabels = Json.labels(pod);
    for (ObjectNode mwc :
        store.listRaw(ApiResource.MUTATING_WEBHOOK_CONFIGURATIONS, null, LabelSelector.EVERYTHING)) {
      JsonNode webhooks = mwc.get("webhooks");
      if (webhooks == null || !webhooks.isArray()) {
        continue;
      }
      for (JsonNode wh : webhooks) {
        String name = Json.text(wh, "name");
        if (name == null || !name.endsWith("sidecar-injector.istio.io")) {
          continue;
        }
        if (!LabelSelector.fromObject(wh.get("namespaceSelector")).matches(nsLabels)
            || !LabelSelector.fromObject(wh.get("objectSelector")).matches(podLabels)) {
          continue;
        }
        String svcName = Json.text(wh, "clientConfig", "service", "name");
        String svcNs = Json.text(wh, "clientConfig", "service", "namespace");
        if (svcName == null || svcNs == null) {
          continue;
        }
        ObjectNode service = store.getRaw(ApiResource.SERVICES, svcNs, svcName);
        String revision = service == null ? null : Json.text(service, "metadata", "labels", REV);
        if (revision == null && svcName.startsWith("istiod-")) {
          revision = svcName.substring("istiod-".length());
        }
        ObjectNode injector =
            revision == null
                ? null
                : store.getRaw(ApiResource.CONFIG_MAPS, svcNs, "istio-sidecar-injector-" + revision);
        if (service == null || injector == null) {
          if ("Ignore".equals(Json.text(wh, "failurePolicy"))) {
            continue;
          }
          throw new SimulatedApiException(
              500,
              "InternalError",
              "Internal error occurred: failed calling webhook \""
                  + name
                  + "\": failed to call webhook: Post \"https://"
                  + svcName
                  + "."
                  + svcNs
                  + ".svc:443/inject?timeout=10s\": service \""
                  + svcName
                  + "\" not found",
              null,
              null,
              null,
              0);
        }
        ObjectNode values = injectorValues(injector);
        inject(pod, revision, proxyImage(values), nativeSidecars(values));
        return;
      }
    }
  }

  /** The parsed {@code values} of an injector ConfigMap (empty object when absent or malformed). */
  public static ObjectNode injectorValues(ObjectNode configMap) {
    String text = Json.text(configMap, "data", "values");
    if (text == null) {
      return Json.obj();
    }
    try {
      return Json.parseObject(text);
    } catch (IllegalArgumentException e) {
      return Json.obj();
    }
  }

  /**
   * The proxy image from injector values: {@code global.proxy.image}, or hub/image:tag when it has no slash, with
   * {@code -<global.variant>} appended to the tag as upstream's imageURL does.
   */
  public static String proxyImage(JsonNode values) {
    String image = Json.text(values, "global", "proxy", "image");
    if (image == null) {
      image = "proxyv2";
    }
    if (image.contains("/")) {
      return image;
    }
    String tag = Json.text(values, "global", "tag");
    String variant = Json.text(values, "global", "variant");
    if (tag != null && variant != null && !variant.isEmpty()) {
      // upstream's imageURL: a known variant suffix of the tag is replaced; "default" adds none
      for (String known : new String[] {"distroless", "debug"}) {
        if (tag.endsWith("-" + known)) {
          tag = tag.substring(0, tag.length() - known.length() - 1);
          break;
        }
      }
      tag = "default".equals(variant) ? tag : tag + "-" + variant;
    }
    return Json.text(values, "global", "hub") + "/" + image + ":" + tag;
  }

  private static boolean nativeSidecars(JsonNode values) {
    JsonNode v = Json.at(values, "pilot", "env", "ENABLE_NATIVE_SIDECARS");
    return v != null && (v.asBoolean(false) || "true".equalsIgnoreCase(v.asText()));
  }

  private static void inject(ObjectNode pod, String revision, String image, boolean nativeSidecar) {
    ObjectNode meta = Json.with(pod, "metadata");
    ObjectNode spec = Json.with(pod, "spec");
    ArrayNode containers = Json.withArray(spec, "containers");
    ObjectNode existing = null;
    for (JsonNode c : containers) {
      if ("istio-proxy".equals(Json.text(c, "name"))) {
        existing = (ObjectNode) c;
      }
    }
    String appContainer = containers.isEmpty() ? null : Json.text(containers.get(0), "name");
    boolean gateway = existing != null;
    if (gateway) {
      existing.put("image", image);
    } else {
      ArrayNode inits = Json.withArray(spec, "initContainers");
      ObjectNode init = Json.obj();
      init.put("name", "istio-init");
      init.put("image", image);
      init.set(
          "args",
          Json.arr().add("istio-iptables").add("-p").add("15001").add("-z").add("15006").add("-u").add("1337"));
      inits.insert(0, init);
      ObjectNode proxy = Json.obj();
      proxy.put("name", "istio-proxy");
      proxy.put("image", image);
      proxy.set(
          "args",
          Json.arr().add("proxy").add("sidecar").add("--domain").add("$(POD_NAMESPACE).svc.cluster.local"));
      proxy.set(
          "ports",
          Json.arr()
              .add(Json.obj().put("containerPort", 15090).put("name", "http-envoy-prom").put("protocol", "TCP")));
      if (nativeSidecar) {
        proxy.put("restartPolicy", "Always");
        inits.add(proxy);
      } else {
        containers.add(proxy);
      }
    }
    ObjectNode annotations = Json.with(meta, "annotations");
    String status;
    if (gateway) {
      status =
          "{\"initContainers\":null,\"containers\":[\"istio-proxy\"],\"volumes\":"
              + VOLUMES
              + ",\"imagePullSecrets\":null,\"revision\":\""
              + revision
              + "\"}";
    } else if (nativeSidecar) {
      status =
          "{\"initContainers\":[\"istio-init\",\"istio-proxy\"],\"containers\":null,\"volumes\":"
              + VOLUMES
              + ",\"imagePullSecrets\":null,\"revision\":\""
              + revision
              + "\"}";
    } else {
      status =
          "{\"initContainers\":[\"istio-init\"],\"containers\":[\"istio-proxy\"],\"volumes\":"
              + VOLUMES
              + ",\"imagePullSecrets\":null,\"revision\":\""
              + revision
              + "\"}";
    }
    annotations.put(STATUS_ANNOTATION, status);
    annotations.put(REV, revision);
    if (appContainer != null && !gateway) {
      annotations.put("kubectl.kubernetes.io/default-container", appContainer);
    }
    ObjectNode labels = Json.with(meta, "labels");
    labels.put("security.istio.io/tlsMode", "istio");
    String canonical = Json.text(labels, "app");
    if (canonical == null) {
      canonical = Json.text(labels, "app.kubernetes.io/name");
    }
    if (canonical == null) {
      String n = Json.text(meta, "generateName");
      canonical = n == null ? Json.text(meta, "name") : n.replaceAll("-+$", "");
    }
    if (canonical != null && !labels.has("service.istio.io/canonical-name")) {
      labels.put("service.istio.io/canonical-name", canonical);
    }
    if (!labels.has("service.istio.io/canonical-revision")) {
      String version = Json.text(labels, "version");
      labels.put("service.istio.io/canonical-revision", version == null ? "latest" : version);
    }
  }
}
