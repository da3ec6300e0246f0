package io.meshupgrade.testkit.k8s.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.testkit.k8s.ApiResource;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Server-side printing: {@code meta.k8s.io/v1 Table} answers for clients that ask for
 * {@code application/json;as=Table;v=v1;g=meta.k8s.io} (kubectl get), with the columns of the API server's printers
 * (kubernetes pkg/printers/internalversion/printers.go) for the kinds the simulator serves, and Name/Age otherwise.
 * Stateless, thread-safe.
 */
final class Tables {
  private Tables() {}

  /** Whether the Accept header asks for a Table. */
  static boolean wantsTable(String accept) {
    return accept != null && accept.contains("as=Table") && accept.contains("g=meta.k8s.io");
  }

  /** A Table of these objects. */
  static ObjectNode table(ApiResource r, List<ObjectNode> items, String resourceVersion, String continueToken,
      String includeObject, Instant now) {
    ObjectNode t = Json.obj();
    t.put("kind", "Table");
    t.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode meta = t.putObject("metadata");
    if (resourceVersion != null) {
      meta.put("resourceVersion", resourceVersion);
    }
    if (continueToken != null) {
      meta.put("continue", continueToken);
    }
    ArrayNode defs = t.putArray("columnDefinitions");
    for (Column c : columns(r)) {
      ObjectNode d = defs.addObject();
      d.put("name", c.name);
      d.put("type", c.type);
      d.put("format", c.name.equals("Name") ? "name" : "");
      d.put("description", c.name);
      d.put("priority", c.priority);
    }
    ArrayNode rows = t.putArray("rows");
    for (ObjectNode o : items) {
      ObjectNode row = rows.addObject();
      row.set("cells", cells(r, o, now));
      if ("Object".equals(includeObject)) {
        row.set("object", o);
      } else if (!"None".equals(includeObject)) {
        ObjectNode partial = Json.obj();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", o.get("metadata"));
        row.set("object", partial);
      }
    }
    return t;
  }

  private record Column(String name, String type, int priority) {}

  private static Column col(String name) {
    return new Column(name, "string", 0);
  }

  private static Column wide(String name) {
    return new Column(name, "string", 1);
  }

  private static List<Column> columns(ApiResource r) {
    return switch (r.kind()) {
      case "Pod" -> List.of(col("Name"), col("Ready"), col("Status"), new Column("Restarts", "string", 0),
          col("Age"), wide("IP"), wide("Node"), wide("Nominated Node"), wide("Readiness Gates"));
      case "Deployment" -> List.of(col("Name"), col("Ready"), new Column("Up-to-date", "integer", 0),
          new Column("Available", "integer", 0), col("Age"), wide("Containers"), wide("Images"), wide("Selector"));
      case "ReplicaSet" -> List.of(col("Name"), new Column("Desired", "integer", 0),
          new Column("Current", "integer", 0), new Column("Ready", "integer", 0), col("Age"), wide("Containers"),
          wide("Images"), wide("Selector"));
      case "StatefulSet" -> List.of(col("Name"), col("Ready"), col("Age"), wide("Containers"), wide("Images"));
      case "DaemonSet" -> List.of(col("Name"), new Column("Desired", "integer", 0),
          new Column("Current", "integer", 0), new Column("Ready", "integer", 0),
          new Column("Up-to-date", "integer", 0), new Column("Available", "integer", 0), col("Node Selector"),
          col("Age"), wide("Containers"), wide("Images"), wide("Selector"));
      case "Namespace" -> List.of(col("Name"), col("Status"), col("Age"));
      case "ConfigMap" -> List.of(col("Name"), new Column("Data", "integer", 0), col("Age"));
      case "Secret" -> List.of(col("Name"), col("Type"), new Column("Data", "integer", 0), col("Age"));
      case "Service" -> List.of(col("Name"), col("Type"), col("Cluster-IP"), col("External-IP"), col("Port(s)"),
          col("Age"), wide("Selector"));
      case "Endpoints" -> List.of(col("Name"), col("Endpoints"), col("Age"));
      case "EndpointSlice" -> List.of(col("Name"), col("AddressType"), col("Ports"), col("Endpoints"), col("Age"));
      case "Node" -> List.of(col("Name"), col("Status"), col("Roles"), col("Age"), col("Version"));
      case "Job" -> List.of(col("Name"), col("Status"), col("Completions"), col("Duration"), col("Age"));
      case "Lease" -> List.of(col("Name"), col("Holder"), col("Age"));
      case "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration" ->
          List.of(col("Name"), new Column("Webhooks", "integer", 0), col("Age"));
      default -> List.of(col("Name"), col("Age"));
    };
  }

  private static ArrayNode cells(ApiResource r, ObjectNode o, Instant now) {
    ArrayNode c = Json.arr();
    c.add(Json.text(o, "metadata", "name"));
    String age = age(Json.text(o, "metadata", "creationTimestamp"), now);
    switch (r.kind()) {
      case "Pod" -> {
        int total = o.at("/spec/containers").size();
        int ready = 0;
        long restarts = 0;
        for (JsonNode cs : o.at("/status/containerStatuses")) {
          if (cs.path("ready").asBoolean(false)) {
            ready++;
          }
          restarts += cs.path("restartCount").asLong(0);
        }
        c.add(ready + "/" + total);
        c.add(podStatus(o));
        c.add(restarts);
        c.add(age);
        c.add(orNone(Json.text(o, "status", "podIP")));
        c.add(orNone(Json.text(o, "spec", "nodeName")));
        c.add("<none>");
        c.add("<none>");
      }
      case "Deployment" -> {
        c.add(o.at("/status/readyReplicas").asInt(0) + "/" + o.at("/spec/replicas").asInt(1));
        c.add(o.at("/status/updatedReplicas").asInt(0));
        c.add(o.at("/status/availableReplicas").asInt(0));
        c.add(age);
        addContainers(c, o);
        c.add(selector(o));
      }
      case "ReplicaSet" -> {
        c.add(o.at("/spec/replicas").asInt(1));
        c.add(o.at("/status/replicas").asInt(0));
        c.add(o.at("/status/readyReplicas").asInt(0));
        c.add(age);
        addContainers(c, o);
        c.add(selector(o));
      }
      case "StatefulSet" -> {
        c.add(o.at("/status/readyReplicas").asInt(0) + "/" + o.at("/spec/replicas").asInt(1));
        c.add(age);
        addContainers(c, o);
      }
      case "DaemonSet" -> {
        c.add(o.at("/status/desiredNumberScheduled").asInt(0));
        c.add(o.at("/status/currentNumberScheduled").asInt(0));
        c.add(o.at("/status/numberReady").asInt(0));
        c.add(o.at("/status/updatedNumberScheduled").asInt(0));
        c.add(o.at("/status/numberAvailable").asInt(0));
        c.add(labelsText(o.at("/spec/template/spec/nodeSelector")));
        c.add(age);
        addContainers(c, o);
        c.add(selector(o));
      }
      case "Namespace" -> {
        c.add(o.at("/metadata/deletionTimestamp").isTextual() ? "Terminating" : "Active");
        c.add(age);
      }
      case "ConfigMap" -> {
        c.add(o.path("data").size() + o.path("binaryData").size());
        c.add(age);
      }
      case "Secret" -> {
        c.add(orDefault(Json.text(o, "type"), "Opaque"));
        c.add(o.path("data").size());
        c.add(age);
      }
      case "Service" -> {
        c.add(orDefault(Json.text(o, "spec", "type"), "ClusterIP"));
        c.add(orNone(Json.text(o, "spec", "clusterIP")));
        List<String> ips = new ArrayList<>();
        for (JsonNode in : o.at("/status/loadBalancer/ingress")) {
          ips.add(in.path("ip").asText(in.path("hostname").asText("")));
        }
        String type = orDefault(Json.text(o, "spec", "type"), "ClusterIP");
        c.add(!ips.isEmpty() ? String.join(",", ips) : type.equals("LoadBalancer") ? "<pending>" : "<none>");
        List<String> ports = new ArrayList<>();
        for (JsonNode p : o.at("/spec/ports")) {
          String proto = p.path("protocol").asText("TCP");
          ports.add(p.path("port").asInt() + (p.has("nodePort") ? ":" + p.path("nodePort").asInt() : "") + "/"
              + proto);
        }
        c.add(ports.isEmpty() ? "<none>" : String.join(",", ports));
        c.add(age);
        c.add(labelsText(o.at("/spec/selector")));
      }
      case "Endpoints" -> {
        List<String> eps = new ArrayList<>();
        for (JsonNode s : o.path("subsets")) {
          for (JsonNode a : s.path("addresses")) {
            for (JsonNode p : s.path("ports")) {
              eps.add(a.path("ip").asText() + ":" + p.path("port").asInt());
            }
          }
        }
        c.add(eps.isEmpty() ? "<none>" : abbreviate(eps));
        c.add(age);
      }
      case "EndpointSlice" -> {
        c.add(orDefault(Json.text(o, "addressType"), "IPv4"));
        List<String> ports = new ArrayList<>();
        for (JsonNode p : o.path("ports")) {
          ports.add(Integer.toString(p.path("port").asInt()));
        }
        c.add(ports.isEmpty() ? "<unset>" : String.join(",", ports));
        List<String> addrs = new ArrayList<>();
        for (JsonNode e : o.path("endpoints")) {
          for (JsonNode a : e.path("addresses")) {
            addrs.add(a.asText());
          }
        }
        c.add(addrs.isEmpty() ? "<unset>" : abbreviate(addrs));
        c.add(age);
      }
      case "Node" -> {
        c.add("Ready");
        c.add("<none>");
        c.add(age);
        c.add(orDefault(Json.text(o, "status", "nodeInfo", "kubeletVersion"), ""));
      }
      case "Job" -> {
        boolean done = o.at("/status/succeeded").asInt(0) > 0;
        c.add(done ? "Complete" : "Running");
        c.add(o.at("/status/succeeded").asInt(0) + "/" + o.at("/spec/completions").asInt(1));
        c.add(age(Json.text(o, "status", "startTime"), now));
        c.add(age);
      }
      case "Lease" -> {
        c.add(orDefault(Json.text(o, "spec", "holderIdentity"), "<none>"));
        c.add(age);
      }
      case "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration" -> {
        c.add(o.path("webhooks").size());
        c.add(age);
      }
      default -> c.add(age);
    }
    return c;
  }

  /** The STATUS column of a pod as kubectl's printer derives it. */
  static String podStatus(JsonNode pod) {
    if (pod.at("/metadata/deletionTimestamp").isTextual()) {
      return "Terminating";
    }
    String reason = orDefault(Json.text(pod, "status", "reason"), orDefault(Json.text(pod, "status", "phase"),
        "Pending"));
    for (JsonNode cs : pod.at("/status/containerStatuses")) {
      String waiting = Json.text(cs, "state", "waiting", "reason");
      if (waiting != null && !waiting.isEmpty()) {
        reason = waiting;
      }
    }
    return reason;
  }

  private static void addContainers(ArrayNode c, ObjectNode o) {
    List<String> names = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (JsonNode ct : o.at("/spec/template/spec/containers")) {
      names.add(ct.path("name").asText());
      images.add(ct.path("image").asText());
    }
    c.add(String.join(",", names));
    c.add(String.join(",", images));
  }

  private static String selector(ObjectNode o) {
    JsonNode ml = o.at("/spec/selector/matchLabels");
    return ml.isObject() ? labelsText(ml) : "<none>";
  }

  private static String labelsText(JsonNode m) {
    if (!m.isObject() || m.isEmpty()) {
      return "<none>";
    }
    Map<String, String> sorted = new TreeMap<>(Json.stringMap(m));
    List<String> parts = new ArrayList<>();
    sorted.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(",", parts);
  }

  private static String abbreviate(List<String> items) {
    if (items.size() <= 3) {
      return String.join(",", items);
    }
    return String.join(",", items.subList(0, 3)) + " + " + (items.size() - 3) + " more...";
  }

  private static String orNone(String s) {
    return s == null || s.isEmpty() ? "<none>" : s;
  }

  private static String orDefault(String s, String dflt) {
    return s == null || s.isEmpty() ? dflt : s;
  }

  /** The API server's age text (apimachinery duration.HumanDuration), "<unknown>" without a timestamp. */
  static String age(String timestamp, Instant now) {
    if (timestamp == null) {
      return "<unknown>";
    }
    Instant t;
    try {
      t = Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
    return humanDuration(Duration.between(t, now));
  }

  static String humanDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? (hours / 24) + "d" : (hours / 24) + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return (hours / 24) + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = (hours / 24) % 365;
      return dy == 0 ? (hours / 24 / 365) + "y" : (hours / 24 / 365) + "y" + dy + "d";
    }
    return (hours / 24 / 365) + "y";
  }
}
