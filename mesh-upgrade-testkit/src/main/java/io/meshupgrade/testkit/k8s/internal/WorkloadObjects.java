package io.meshupgrade.testkit.k8s.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Shapes of ordinary workloads for seeding. Stateless, thread-safe. */
public final class WorkloadObjects {
  public static final String APP_IMAGE = "mcr.microsoft.com/azuredocs/aks-helloworld:v1";

  private WorkloadObjects() {}

  public static ObjectNode namespace(String name, Map<String, String> labels) {
    ObjectNode ns = Json.obj();
    ns.put("apiVersion", "v1");
    ns.put("kind", "Namespace");
    ObjectNode meta = ns.putObject("metadata");
    meta.put("name", name);
    ObjectNode l = meta.putObject("labels");
    labels.forEach(l::put);
    return ns;
  }

  private static ObjectNode workload(
      String apiVersion, String kind, String namespace, String name, Map<String, String> podLabels) {
    ObjectNode o = Json.obj();
    o.put("apiVersion", apiVersion);
    o.put("kind", kind);
    ObjectNode meta = o.putObject("metadata");
    meta.put("name", name);
    meta.put("namespace", namespace);
    meta.putObject("labels").put("app", name);
    ObjectNode spec = o.putObject("spec");
    spec.putObject("selector").putObject("matchLabels").put("app", name);
    spec.set("template", podTemplate(name, podLabels));
    return o;
  }

  public static ObjectNode podTemplate(String app, Map<String, String> extraLabels) {
    ObjectNode t = Json.obj();
    ObjectNode labels = t.putObject("metadata").putObject("labels");
    labels.put("app", app);
    labels.put("version", "v1");
    extraLabels.forEach(labels::put);
    ObjectNode c = t.putObject("spec").putArray("containers").addObject();
    c.put("name", "app");
    c.put("image", APP_IMAGE);
    c.putArray("ports").addObject().put("containerPort", 8080).put("protocol", "TCP");
    return t;
  }

  public static ObjectNode deployment(String namespace, String name, int replicas, Map<String, String> podLabels) {
    ObjectNode d = workload("apps/v1", "Deployment", namespace, name, podLabels);
    ObjectNode spec = (ObjectNode) d.get("spec");
    spec.put("replicas", replicas);
    spec.put("progressDeadlineSeconds", 600);
    spec.put("revisionHistoryLimit", 10);
    ObjectNode strategy = spec.putObject("strategy");
    strategy.put("type", "RollingUpdate");
    strategy.putObject("rollingUpdate").put("maxSurge", "25%").put("maxUnavailable", "25%");
    return d;
  }

  public static ObjectNode statefulSet(String namespace, String name, int replicas) {
    ObjectNode s = workload("apps/v1", "StatefulSet", namespace, name, Map.of());
    ObjectNode spec = (ObjectNode) s.get("spec");
    spec.put("replicas", replicas);
    spec.put("serviceName", name);
    spec.put("podManagementPolicy", "OrderedReady");
    ObjectNode strategy = spec.putObject("updateStrategy");
    strategy.put("type", "RollingUpdate");
    strategy.putObject("rollingUpdate").put("partition", 0);
    return s;
  }

  public static ObjectNode daemonSet(String namespace, String name) {
    ObjectNode d = workload("apps/v1", "DaemonSet", namespace, name, Map.of());
    ObjectNode strategy = ((ObjectNode) d.get("spec")).putObject("updateStrategy");
    strategy.put("type", "RollingUpdate");
    strategy.putObject("rollingUpdate").put("maxUnavailable", 1).put("maxSurge", 0);
    return d;
  }

  public static ObjectNode job(String namespace, String name) {
    ObjectNode j = Json.obj();
    j.put("apiVersion", "batch/v1");
    j.put("kind", "Job");
    ObjectNode meta = j.putObject("metadata");
    meta.put("name", name);
    meta.put("namespace", namespace);
    ObjectNode spec = j.putObject("spec");
    spec.put("backoffLimit", 6);
    ObjectNode template = podTemplate(name, Map.of());
    ((ObjectNode) template.get("spec")).put("restartPolicy", "Never");
    spec.set("template", template);
    return j;
  }

  public static ObjectNode pod(String namespace, String name, Map<String, String> labels) {
    ObjectNode p = Json.obj();
    p.put("apiVersion", "v1");
    p.put("kind", "Pod");
    ObjectNode meta = p.putObject("metadata");
    meta.put("name", name);
    meta.put("namespace", namespace);
    ObjectNode l = meta.putObject("labels");
    l.put("app", name);
    labels.forEach(l::put);
    ObjectNode c = p.putObject("spec").putArray("containers").addObject();
    c.put("name", "app");
    c.put("image", APP_IMAGE);
    return p;
  }

  public static ObjectNode node(String name) {
    ObjectNode n = Json.obj();
    n.put("apiVersion", "v1");
    n.put("kind", "Node");
    ObjectNode meta = n.putObject("metadata");
    meta.put("name", name);
    ObjectNode labels = meta.putObject("labels");
    labels.put("kubernetes.io/hostname", name);
    labels.put("kubernetes.io/os", "linux");
    labels.put("agentpool", "nodepool1");
    ObjectNode status = n.putObject("status");
    ObjectNode c = status.putArray("conditions").addObject();
    c.put("type", "Ready");
    c.put("status", "True");
    c.put("reason", "KubeletReady");
    c.put("message", "kubelet is posting ready status");
    status.putObject("nodeInfo").put("kubeletVersion", "v1.30.0").put("containerRuntimeVersion", "containerd://1.7");
    return n;
  }
}
