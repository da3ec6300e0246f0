package io.meshupgrade.testkit.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.testkit.k8s.internal.AddonObjects;
import io.meshupgrade.testkit.k8s.internal.InMemoryObjectStore;
import io.meshupgrade.testkit.k8s.internal.Json;
import io.meshupgrade.testkit.k8s.internal.SidecarInjector;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the AKS Istio add-on puts in the cluster, driven from Java (what ARM does when revisions change): per installed
 * revision the istiod Deployment and Service in {@code aks-istio-system}, the mesh ConfigMap {@code istio-<rev>}, the
 * injector ConfigMap {@code istio-sidecar-injector-<rev>} (its {@code values} carry the proxy image), the injector
 * MutatingWebhookConfiguration {@code istio-sidecar-injector-<rev>-aks-istio-system}, the validator, and, when
 * enabled, the ingress gateway Deployments {@code aks-istio-ingressgateway-{external,internal}-<rev>} in
 * {@code aks-istio-ingress}, and the egress gateways' Deployments {@code <name>-<rev>}. Pods of these Deployments become Ready through the simulator's workload controller.
 * Revisions are plain strings such as {@code asm-1-18}. Thread-safe (methods are synchronized).
 */
public final class MeshAddon {
  /** The default namespace of egress gateways. */
  public static final String EGRESS_NAMESPACE = AddonObjects.EGRESS_NAMESPACE;

  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Set<String> GATEWAY_TYPES = Set.of("external", "internal");

  private final InMemoryObjectStore store;
  private final Map<String, String> revisions = new LinkedHashMap<>();
  private final Set<String> gateways = new TreeSet<>();
  private int istiodReplicas = 2;
  private int gatewayReplicas = 2;
  private final Map<String, String> egressGateways = new TreeMap<>();
  private boolean fullImageReference = true;
  private boolean nativeSidecars;

  MeshAddon(InMemoryObjectStore store) {
    this.store = store;
  }

  /**
   * Replicas of istiod for revisions installed from now on (default 2, as AKS's HPA minimum).
   *
   * @param replicas the number of replicas
   * @return this mesh addon
   */
  public synchronized MeshAddon istiodReplicas(int replicas) {
    this.istiodReplicas = positive(replicas, "istiod replicas");
    return this;
  }

  /**
   * Replicas of each ingress gateway Deployment created from now on (default 2).
   *
   * @param replicas the number of replicas
   * @return this mesh addon
   */
  public synchronized MeshAddon gatewayReplicas(int replicas) {
    this.gatewayReplicas = positive(replicas, "gateway replicas");
    return this;
  }

  /**
   * Whether injector values written from now on carry {@code global.proxy.image} as a full reference (true) or as
   * {@code proxyv2} with {@code global.hub} and {@code global.tag} (false). AKS writes the full reference, so
   * true is the default.
   *
   * @param full whether full
   * @return this mesh addon
   */
  public synchronized MeshAddon fullImageReference(boolean full) {
    this.fullImageReference = full;
    return this;
  }

  /**
   * Whether revisions installed from now on inject istio-proxy as a native sidecar (init container).
   *
   * @param on whether on
   * @return this mesh addon
   */
  public synchronized MeshAddon nativeSidecars(boolean on) {
    this.nativeSidecars = on;
    return this;
  }

  /**
   * Installs a revision (idempotent for the same image): creates its namespace, istiod, injector, webhooks, and the
   * enabled gateways. Pods become Ready after the workload start delay.
   *
   * @param revision e.g. {@code asm-1-18}
   * @param proxyImage e.g. {@code mcr.microsoft.com/oss/istio/proxyv2:1.18.2-distroless}
   * @return this mesh addon
   */
  public synchronized MeshAddon installRevision(String revision, String proxyImage) {
    checkName(revision, "revision");
    Objects.requireNonNull(proxyImage, "proxyImage");
    ensure(ApiResource.NAMESPACES, AddonObjects.namespace(AddonObjects.SYSTEM_NAMESPACE));
    put(ApiResource.SERVICES, AddonObjects.istiodService(revision));
    put(ApiResource.CONFIG_MAPS, AddonObjects.meshConfigMap(revision));
    put(
        ApiResource.CONFIG_MAPS,
        AddonObjects.injectorConfigMap(revision, proxyImage, fullImageReference, nativeSidecars));
    put(ApiResource.MUTATING_WEBHOOK_CONFIGURATIONS, AddonObjects.injectorWebhook(revision));
    put(ApiResource.VALIDATING_WEBHOOK_CONFIGURATIONS, AddonObjects.validatorWebhook(revision));
    put(
        ApiResource.DEPLOYMENTS,
        AddonObjects.istiodDeployment(revision, AddonObjects.pilotImage(proxyImage), istiodReplicas));
    revisions.put(revision, proxyImage);
    for (String type : gateways) {
      putGateway(type, revision);
    }
    egressGateways.forEach((name, ns) -> putEgress(name, ns, revision));
    return this;
  }

  /**
   * Removes a revision and everything it installed (pods included). Tags pointing at it are left dangling.
   *
   * @param revision the revision
   * @return this mesh addon
   */
  public synchronized MeshAddon removeRevision(String revision) {
    checkName(revision, "revision");
    String sys = AddonObjects.SYSTEM_NAMESPACE;
    store.delete(ApiResource.DEPLOYMENTS, sys, "istiod-" + revision);
    store.delete(ApiResource.SERVICES, sys, "istiod-" + revision);
    store.delete(ApiResource.CONFIG_MAPS, sys, "istio-" + revision);
    store.delete(ApiResource.CONFIG_MAPS, sys, "istio-sidecar-injector-" + revision);
    store.delete(ApiResource.MUTATING_WEBHOOK_CONFIGURATIONS, null, AddonObjects.injectorWebhookName(revision));
    store.delete(
        ApiResource.VALIDATING_WEBHOOK_CONFIGURATIONS, null, "istio-validator-" + revision + "-" + sys);
    for (String type : GATEWAY_TYPES) {
      store.delete(
          ApiResource.DEPLOYMENTS, AddonObjects.INGRESS_NAMESPACE, AddonObjects.gatewayName(type) + "-" + revision);
    }
    egressGateways.forEach((name, ns) -> store.delete(ApiResource.DEPLOYMENTS, ns, name + "-" + revision));
    revisions.remove(revision);
    return this;
  }

  /**
   * A patch release: the revision's injector values get the new proxy image, and istiod and the gateways roll (new
   * pods). Workload pods keep their old proxy until restarted.
   *
   * @param revision the revision
   * @param newProxyImage the new proxy image
   * @return this mesh addon
   */
  public synchronized MeshAddon patchRelease(String revision, String newProxyImage) {
    checkName(revision, "revision");
    Objects.requireNonNull(newProxyImage, "newProxyImage");
    if (!revisions.containsKey(revision)) {
      throw new IllegalStateException(
          "revision " + revision + " is not installed; installed: " + revisions.keySet() + "; install it first");
    }
    put(
        ApiResource.CONFIG_MAPS,
        AddonObjects.injectorConfigMap(revision, newProxyImage, fullImageReference, nativeSidecars));
    String sys = AddonObjects.SYSTEM_NAMESPACE;
    store
        .get(ApiResource.DEPLOYMENTS, sys, "istiod-" + revision)
        .ifPresent(
            d -> {
              ((ObjectNode) d.at("/spec/template/spec/containers/0"))
                  .put("image", AddonObjects.pilotImage(newProxyImage));
              Json.metadata(d).remove("resourceVersion");
              store.update(ApiResource.DEPLOYMENTS, d);
            });
    for (String type : GATEWAY_TYPES) {
      store
          .get(ApiResource.DEPLOYMENTS, AddonObjects.INGRESS_NAMESPACE, AddonObjects.gatewayName(type) + "-" + revision)
          .ifPresent(
              d -> {
                Json.with(Json.with((ObjectNode) d.at("/spec/template"), "metadata"), "annotations")
                    .put("checksum/proxy-image", Integer.toHexString(newProxyImage.hashCode()));
                Json.metadata(d).remove("resourceVersion");
                store.update(ApiResource.DEPLOYMENTS, d);
              });
    }
    egressGateways.forEach(
        (name, ns) ->
            store
                .get(ApiResource.DEPLOYMENTS, ns, name + "-" + revision)
                .ifPresent(
                    d -> {
                      Json.with(Json.with((ObjectNode) d.at("/spec/template"), "metadata"), "annotations")
                          .put("checksum/proxy-image", Integer.toHexString(newProxyImage.hashCode()));
                      Json.metadata(d).remove("resourceVersion");
                      store.update(ApiResource.DEPLOYMENTS, d);
                    }));
    revisions.put(revision, newProxyImage);
    return this;
  }

  /**
   * Enables an ingress gateway type ({@code external} or {@code internal}) for every installed revision.
   *
   * @param type the type
   * @return this mesh addon
   */
  public synchronized MeshAddon enableIngressGateway(String type) {
    checkGateway(type);
    gateways.add(type);
    ensure(ApiResource.NAMESPACES, AddonObjects.namespace(AddonObjects.INGRESS_NAMESPACE));
    put(ApiResource.SERVICES, AddonObjects.gatewayService(type));
    for (String revision : revisions.keySet()) {
      putGateway(type, revision);
    }
    return this;
  }

  /**
   * Disables an ingress gateway type: its Deployments of every revision and its Service go away.
   *
   * @param type the type
   * @return this mesh addon
   */
  public synchronized MeshAddon disableIngressGateway(String type) {
    checkGateway(type);
    gateways.remove(type);
    for (String revision : revisions.keySet()) {
      store.delete(
          ApiResource.DEPLOYMENTS, AddonObjects.INGRESS_NAMESPACE, AddonObjects.gatewayName(type) + "-" + revision);
    }
    store.delete(ApiResource.SERVICES, AddonObjects.INGRESS_NAMESPACE, AddonObjects.gatewayName(type));
    return this;
  }

  /**
   * Enables an egress gateway as the add-on does for {@code components.egressGateways[]}: one ClusterIP Service
   * {@code <name>} in the namespace, and a Deployment {@code <name>-<revision>} for every installed revision (a
   * second one appears when a canary revision is installed).
   *
   * @param name the gateway's name, e.g. {@code asm-egress-test}
   * @param namespace its namespace, e.g. {@link #EGRESS_NAMESPACE}
   * @return this mesh addon
   */
  public synchronized MeshAddon enableEgressGateway(String name, String namespace) {
    checkName(name, "egress gateway name");
    checkName(namespace, "egress gateway namespace");
    egressGateways.put(name, namespace);
    ensure(ApiResource.NAMESPACES, AddonObjects.namespace(namespace));
    put(ApiResource.SERVICES, AddonObjects.egressGatewayService(name, namespace));
    for (String revision : revisions.keySet()) {
      putEgress(name, namespace, revision);
    }
    return this;
  }

  /**
   * Disables an egress gateway: its Deployments of every revision and its Service go away.
   *
   * @param name the name
   * @return this mesh addon
   */
  public synchronized MeshAddon disableEgressGateway(String name) {
    checkName(name, "egress gateway name");
    String ns = egressGateways.remove(name);
    if (ns != null) {
      for (String revision : revisions.keySet()) {
        store.delete(ApiResource.DEPLOYMENTS, ns, name + "-" + revision);
      }
      store.delete(ApiResource.SERVICES, ns, name);
    }
    return this;
  }

  /**
   * Enabled egress gateways, name to namespace (unmodifiable).
   *
   * @return the map
   */
  public synchronized Map<String, String> egressGateways() {
    return Collections.unmodifiableMap(new TreeMap<>(egressGateways));
  }

  /**
   * Points a revision tag at a revision as {@code istioctl tag set} does: the MutatingWebhookConfiguration
   * {@code istio-revision-tag-<tag>-aks-istio-system} labelled {@code istio.io/tag} and {@code istio.io/rev}, with the
   * revision's webhooks selecting {@code istio.io/rev=<tag>}. The revision need not be installed (a dangling tag
   * blocks pod creation in its namespaces).
   *
   * @param tag the revision tag, e.g. {@code prod-stable}
   * @param revision the revision
   * @return this mesh addon
   */
  public synchronized MeshAddon setTag(String tag, String revision) {
    checkName(tag, "tag");
    checkName(revision, "revision");
    put(
        ApiResource.MUTATING_WEBHOOK_CONFIGURATIONS,
        AddonObjects.tagWebhook(tag, revision, AddonObjects.caBundle(revision)));
    return this;
  }

  /**
   * Removes a revision tag's webhook configuration.
   *
   * @param tag the revision tag, e.g. {@code prod-stable}
   * @return this mesh addon
   */
  public synchronized MeshAddon removeTag(String tag) {
    checkName(tag, "tag");
    store.delete(ApiResource.MUTATING_WEBHOOK_CONFIGURATIONS, null, AddonObjects.tagWebhookName(tag));
    return this;
  }

  /**
   * Installed revisions, in installation order (unmodifiable).
   *
   * @return the strings
   */
  public synchronized Set<String> revisions() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(revisions.keySet()));
  }

  /**
   * Enabled ingress gateway types (unmodifiable).
   *
   * @return the strings
   */
  public synchronized Set<String> ingressGateways() {
    return Collections.unmodifiableSet(new TreeSet<>(gateways));
  }

  /**
   * {@return the current proxy image of a revision, as read back from its injector ConfigMap}
   *
   * @param revision the revision
   */
  public Optional<String> proxyImage(String revision) {
    checkName(revision, "revision");
    return store
        .get(ApiResource.CONFIG_MAPS, AddonObjects.SYSTEM_NAMESPACE, "istio-sidecar-injector-" + revision)
        .map(cm -> SidecarInjector.proxyImage(SidecarInjector.injectorValues(cm)));
  }

  private void putGateway(String type, String revision) {
    put(ApiResource.DEPLOYMENTS, AddonObjects.gatewayDeployment(type, revision, gatewayReplicas));
  }

  private void putEgress(String name, String namespace, String revision) {
    put(ApiResource.DEPLOYMENTS, AddonObjects.egressGatewayDeployment(name, namespace, revision, gatewayReplicas));
  }

  private void ensure(ApiResource r, ObjectNode o) {
    if (store.getRaw(r, null, Json.text(o, "metadata", "name")) == null) {
      try {
        store.create(r, o);
      } catch (SimulatedApiException e) {
        if (e.code() != 409) {
          throw e;
        }
      }
    }
  }

  /** Creates or replaces (keeping the existing status). */
  private void put(ApiResource r, ObjectNode o) {
    String ns = Json.text(o, "metadata", "namespace");
    String name = Json.text(o, "metadata", "name");
    ObjectNode existing = store.getRaw(r, ns, name);
    if (existing == null) {
      store.create(r, o);
    } else {
      ObjectNode next = o.deepCopy();
      if (existing.has("status")) {
        next.set("status", existing.get("status"));
      }
      store.update(r, next);
    }
  }

  private static int positive(int n, String what) {
    if (n <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + n);
    }
    return n;
  }

  private static void checkName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (!NAME.matcher(name).matches() || name.length() > 63) {
      throw new IllegalArgumentException(
          "invalid " + what + " \"" + name + "\"; expected a DNS label such as asm-1-18");
    }
  }

  private static void checkGateway(String type) {
    Objects.requireNonNull(type, "type");
    if (!GATEWAY_TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "unknown ingress gateway type \"" + type + "\"; expected external or internal");
    }
  }
}
