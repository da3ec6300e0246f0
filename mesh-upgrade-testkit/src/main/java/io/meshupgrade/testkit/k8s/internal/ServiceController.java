package io.meshupgrade.testkit.k8s.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.testkit.k8s.ApiResource;
import io.meshupgrade.testkit.k8s.SimulatedApiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the API server, the endpoints controllers and the cloud provider do for Services: a ClusterIP (and node ports
 * for LoadBalancer Services) at creation; for LoadBalancer Services an ingress IP in {@code status.loadBalancer}
 * (a public one, or a private one with {@code service.beta.kubernetes.io/azure-load-balancer-internal: "true"}, as
 * Azure's cloud provider assigns); an {@code Endpoints} object and an {@code EndpointSlice} per selector Service with
 * the matching pods' IPs, Ready or not ({@code notReadyAddresses}, {@code conditions.ready}). Thread-safe: store
 * events are handled on one thread of its own.
 */
public final class ServiceController implements InMemoryObjectStore.Listener, InMemoryObjectStore.Admission,
    AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceController.class);
  private static final String INTERNAL_LB = "service.beta.kubernetes.io/azure-load-balancer-internal";
  private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private final InMemoryObjectStore store;
  private final ExecutorService executor;
  private final LinkedHashSet<InMemoryObjectStore.Key> queue = new LinkedHashSet<>();
  private final AtomicInteger clusterIps = new AtomicInteger(10);
  private final AtomicInteger nodePorts = new AtomicInteger(30000);
  private final AtomicInteger publicIps = new AtomicInteger(10);
  private final AtomicInteger privateIps = new AtomicInteger(10);
  private final AtomicInteger busy = new AtomicInteger();
  private boolean draining;

  public ServiceController(InMemoryObjectStore store) {
    this.store = store;
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "k8s-sim-endpoints");
      t.setDaemon(true);
      return t;
    });
  }

  /** Allocates the ClusterIP and node ports of a new Service (the API server's registry does that). */
  @Override
  public void admit(ApiResource resource, ObjectNode object) {
    if (!resource.equals(ApiResource.SERVICES)) {
      return;
    }
    ObjectNode spec = Json.with(object, "spec");
    String type = Objects.requireNonNullElse(Json.text(spec, "type"), "ClusterIP");
    spec.put("type", type);
    if (!type.equals("ExternalName") && !spec.has("clusterIP")) {
      int n = clusterIps.incrementAndGet();
      String ip = "10.0." + ((n >> 8) & 255) + "." + (n & 255);
      spec.put("clusterIP", ip);
      spec.set("clusterIPs", Json.arr().add(ip));
    }
    spec.putIfAbsent("sessionAffinity", Json.F.textNode("None"));
    spec.putIfAbsent("ipFamilies", Json.arr().add("IPv4"));
    spec.putIfAbsent("ipFamilyPolicy", Json.F.textNode("SingleStack"));
    spec.putIfAbsent("internalTrafficPolicy", Json.F.textNode("Cluster"));
    for (JsonNode p : spec.path("ports")) {
      if (p instanceof ObjectNode port) {
        port.putIfAbsent("protocol", Json.F.textNode("TCP"));
        port.putIfAbsent("targetPort", port.get("port"));
        if (type.equals("LoadBalancer") || type.equals("NodePort")) {
          port.putIfAbsent("nodePort", Json.F.numberNode(nodePorts.incrementAndGet()));
        }
      }
    }
  }

  @Override
  public void onEvent(InMemoryObjectStore.Event e) {
    ApiResource r = e.resource();
    ObjectNode o = e.object();
    String ns = Json.text(o, "metadata", "namespace");
    if (r.equals(ApiResource.SERVICES)) {
      enqueue(new InMemoryObjectStore.Key(r, ns, Json.text(o, "metadata", "name")));
    } else if (r.equals(ApiResource.PODS)) {
      JsonNode old = e.old();
      if (old != null && !e.type().equals("DELETED")
          && Objects.equals(old.at("/status/podIP"), o.at("/status/podIP"))
          && WorkloadController.isReady(old) == WorkloadController.isReady(o)
          && Objects.equals(old.at("/metadata/labels"), o.at("/metadata/labels"))) {
        return;
      }
      // the namespace's services decide whether this pod matters
      enqueue(new InMemoryObjectStore.Key(ApiResource.NAMESPACES, null, ns));
    }
  }

  private void enqueue(InMemoryObjectStore.Key k) {
    synchronized (queue) {
      queue.add(k);
      if (!draining) {
        draining = true;
        busy.incrementAndGet();
        executor.execute(this::drain);
      }
    }
  }

  /** Whether no work is queued or running. */
  public boolean isIdle() {
    synchronized (queue) {
      return queue.isEmpty() && busy.get() == 0;
    }
  }

  private void drain() {
    try {
      while (true) {
        InMemoryObjectStore.Key k;
        synchronized (queue) {
          if (queue.isEmpty()) {
            draining = false;
            return;
          }
          var it = queue.iterator();
          k = it.next();
          it.remove();
        }
        try {
          if (k.resource().equals(ApiResource.NAMESPACES)) {
            for (ObjectNode svc : store.listRaw(ApiResource.SERVICES, k.name(), LabelSelector.EVERYTHING)) {
              reconcile(k.name(), Json.text(svc, "metadata", "name"));
            }
          } else {
            reconcile(k.namespace(), k.name());
          }
        } catch (SimulatedApiException ex) {
          if (ex.code() == 409) {
            enqueue(k);
          } else {
            LOG.debug("endpoints of {} failed: {}", k, ex.getMessage());
          }
        } catch (RuntimeException ex) {
          LOG.warn("endpoints of {} failed", k, ex);
        }
      }
    } finally {
      busy.decrementAndGet();
    }
  }

  private void reconcile(String ns, String name) {
    ObjectNode svc = store.getRaw(ApiResource.SERVICES, ns, name);
    if (svc == null) {
      delete(ApiResource.ENDPOINTS, ns, name);
      delete(ApiResource.ENDPOINT_SLICES, ns, name);
      return;
    }
    if ("LoadBalancer".equals(Json.text(svc, "spec", "type")) && !svc.at("/status/loadBalancer/ingress").isArray()) {
      boolean internal = "true".equals(Json.text(svc, "metadata", "annotations", INTERNAL_LB));
      int n = internal ? privateIps.incrementAndGet() : publicIps.incrementAndGet();
      String ip = internal ? "10.224.1." + n : "20.61.132." + n;
      ObjectNode next = svc.deepCopy();
      ObjectNode ingress = Json.with(Json.with(next, "status"), "loadBalancer").putArray("ingress").addObject();
      ingress.put("ip", ip);
      ingress.put("ipMode", "VIP");
      svc = store.update(ApiResource.SERVICES, ns, name, next, InMemoryObjectStore.Mode.STATUS);
    }
    JsonNode selectorNode = svc.at("/spec/selector");
    if (!selectorNode.isObject() || selectorNode.isEmpty()) {
      return; // no selector: endpoints are the user's
    }
    Map<String, String> selector = Json.stringMap(selectorNode);
    List<ObjectNode> pods = new ArrayList<>();
    for (ObjectNode p : store.listRaw(ApiResource.PODS, ns, LabelSelector.EVERYTHING)) {
      Map<String, String> labels = Json.labels(p);
      if (selector.entrySet().stream().allMatch(en -> en.getValue().equals(labels.get(en.getKey())))
          && p.at("/status/podIP").isTextual()) {
        pods.add(p);
      }
    }
    pods.sort(Comparator.comparing(p -> Json.text(p, "metadata", "name")));
    put(ApiResource.ENDPOINTS, ns, name, endpoints(svc, pods));
    put(ApiResource.ENDPOINT_SLICES, ns, name, slice(svc, pods));
  }

  private static ObjectNode endpoints(ObjectNode svc, List<ObjectNode> pods) {
    ObjectNode ep = Json.obj();
    ep.put("apiVersion", "v1");
    ep.put("kind", "Endpoints");
    ObjectNode meta = ep.putObject("metadata");
    meta.put("name", Json.text(svc, "metadata", "name"));
    meta.put("namespace", Json.text(svc, "metadata", "namespace"));
    JsonNode labels = svc.at("/metadata/labels");
    if (labels.isObject()) {
      meta.set("labels", labels.deepCopy());
    }
    ArrayNode subsets = ep.putArray("subsets");
    if (!pods.isEmpty()) {
      ObjectNode subset = subsets.addObject();
      ArrayNode ready = Json.arr();
      ArrayNode notReady = Json.arr();
      for (ObjectNode p : pods) {
        ObjectNode a = address(p);
        (WorkloadController.isReady(p) ? ready : notReady).add(a);
      }
      if (!ready.isEmpty()) {
        subset.set("addresses", ready);
      }
      if (!notReady.isEmpty()) {
        subset.set("notReadyAddresses", notReady);
      }
      subset.set("ports", ports(svc, false));
    }
    return ep;
  }

  private static ObjectNode address(ObjectNode p) {
    ObjectNode a = Json.obj();
    a.put("ip", Json.text(p, "status", "podIP"));
    String node = Json.text(p, "spec", "nodeName");
    if (node != null) {
      a.put("nodeName", node);
    }
    ObjectNode ref = a.putObject("targetRef");
    ref.put("kind", "Pod");
    ref.put("namespace", Json.text(p, "metadata", "namespace"));
    ref.put("name", Json.text(p, "metadata", "name"));
    ref.put("uid", Json.text(p, "metadata", "uid"));
    return a;
  }

  private static ArrayNode ports(ObjectNode svc, boolean slice) {
    ArrayNode ports = Json.arr();
    for (JsonNode sp : svc.at("/spec/ports")) {
      ObjectNode port = ports.addObject();
      if (sp.has("name")) {
        port.put("name", sp.path("name").asText());
      }
      JsonNode target = sp.path("targetPort");
      port.put("port", target.isInt() ? target.asInt() : sp.path("port").asInt());
      port.put("protocol", sp.path("protocol").asText("TCP"));
    }
    return ports;
  }

  private static ObjectNode slice(ObjectNode svc, List<ObjectNode> pods) {
    String name = Json.text(svc, "metadata", "name");
    ObjectNode s = Json.obj();
    s.put("apiVersion", "discovery.k8s.io/v1");
    s.put("kind", "EndpointSlice");
    ObjectNode meta = s.putObject("metadata");
    meta.put("name", name);
    meta.put("namespace", Json.text(svc, "metadata", "namespace"));
    ObjectNode labels = meta.putObject("labels");
    labels.put(SERVICE_NAME_LABEL, name);
    labels.put("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
    ObjectNode ref = meta.putArray("ownerReferences").addObject();
    ref.put("apiVersion", "v1");
    ref.put("kind", "Service");
    ref.put("name", name);
    ref.put("uid", Json.text(svc, "metadata", "uid"));
    ref.put("controller", true);
    ref.put("blockOwnerDeletion", true);
    s.put("addressType", "IPv4");
    ArrayNode endpoints = s.putArray("endpoints");
    for (ObjectNode p : pods) {
      ObjectNode e = endpoints.addObject();
      e.set("addresses", Json.arr().add(Json.text(p, "status", "podIP")));
      boolean ready = WorkloadController.isReady(p);
      ObjectNode c = e.putObject("conditions");
      c.put("ready", ready);
      c.put("serving", ready);
      c.put("terminating", false);
      String node = Json.text(p, "spec", "nodeName");
      if (node != null) {
        e.put("nodeName", node);
      }
      ObjectNode target = e.putObject("targetRef");
      target.put("kind", "Pod");
      target.put("namespace", Json.text(p, "metadata", "namespace"));
      target.put("name", Json.text(p, "metadata", "name"));
      target.put("uid", Json.text(p, "metadata", "uid"));
    }
    s.set("ports", ports(svc, true));
    return s;
  }

  private void put(ApiResource r, String ns, String name, ObjectNode desired) {
    ObjectNode existing = store.getRaw(r, ns, name);
    if (existing == null) {
      store.create(r, ns, desired, false);
      return;
    }
    ObjectNode compareExisting = existing.deepCopy();
    ObjectNode merged = existing.deepCopy();
    for (String field : new String[] {"subsets", "endpoints", "ports", "addressType"}) {
      if (desired.has(field)) {
        merged.set(field, desired.get(field));
      } else {
        merged.remove(field);
      }
    }
    Json.metadata(merged).set("labels", desired.at("/metadata/labels").deepCopy());
    if (!merged.equals(compareExisting)) {
      store.update(r, ns, name, merged, InMemoryObjectStore.Mode.MAIN);
    }
  }

  private void delete(ApiResource r, String ns, String name) {
    if (store.getRaw(r, ns, name) != null) {
      try {
        store.delete(r, ns, name);
      } catch (SimulatedApiException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
