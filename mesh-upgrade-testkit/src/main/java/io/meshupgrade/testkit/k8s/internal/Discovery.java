package io.meshupgrade.testkit.k8s.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.testkit.k8s.ApiResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API discovery documents ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/<group>/<version>}), in the
 * legacy form and, when the client asks for {@code application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList}
 * (kubectl 1.26+), as aggregated discovery. Resources carry the API server's short names and categories, so
 * {@code kubectl get po,deploy,sts,ds,rs,ns,cm} and {@code kubectl get all} resolve.
 */
final class Discovery {
  private static final String[] VERBS = {
    "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"
  };
  /** The Content-Type of an aggregated discovery answer. */
  static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
  private static final Map<String, List<String>> SHORT_NAMES = Map.ofEntries(
      Map.entry("namespaces", List.of("ns")),
      Map.entry("nodes", List.of("no")),
      Map.entry("pods", List.of("po")),
      Map.entry("configmaps", List.of("cm")),
      Map.entry("services", List.of("svc")),
      Map.entry("endpoints", List.of("ep")),
      Map.entry("serviceaccounts", List.of("sa")),
      Map.entry("deployments", List.of("deploy")),
      Map.entry("replicasets", List.of("rs")),
      Map.entry("statefulsets", List.of("sts")),
      Map.entry("daemonsets", List.of("ds")));
  /** The resources in category {@code all}, as the API server lists them. */
  private static final Set<String> ALL_CATEGORY =
      Set.of("pods", "services", "deployments", "replicasets", "statefulsets", "daemonsets", "jobs");

  private Discovery() {}

  /** Whether an Accept header asks for aggregated discovery v2. */
  static boolean wantsAggregated(String accept) {
    return accept != null && accept.contains("g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
  }

  /** The aggregated discovery document of {@code /api} (core) or {@code /apis} (groups), or null. */
  static ObjectNode aggregated(String path) {
    boolean core;
    if (path.equals("/api")) {
      core = true;
    } else if (path.equals("/apis")) {
      core = false;
    } else {
      return null;
    }
    ObjectNode o = Json.obj();
    o.put("kind", "APIGroupDiscoveryList");
    o.put("apiVersion", "apidiscovery.k8s.io/v2");
    o.putObject("metadata");
    ArrayNode items = o.putArray("items");
    Map<String, ObjectNode> versions = new LinkedHashMap<>();
    for (ApiResource r : ApiResource.ALL) {
      if (r.group().isEmpty() != core) {
        continue;
      }
      ObjectNode version = versions.computeIfAbsent(r.group(), g -> {
        ObjectNode item = items.addObject();
        ObjectNode meta = item.putObject("metadata");
        if (!g.isEmpty()) {
          meta.put("name", g);
        }
        ObjectNode v = item.putArray("versions").addObject();
        v.put("version", r.version());
        v.putArray("resources");
        v.put("freshness", "Current");
        return v;
      });
      ObjectNode res = ((ArrayNode) version.get("resources")).addObject();
      res.put("resource", r.plural());
      ObjectNode kind = res.putObject("responseKind");
      kind.put("group", r.group());
      kind.put("version", r.version());
      kind.put("kind", r.kind());
      res.put("scope", r.namespaced() ? "Namespaced" : "Cluster");
      res.put("singularResource", r.kind().toLowerCase(java.util.Locale.ROOT));
      ArrayNode verbs = res.putArray("verbs");
      for (String v : VERBS) {
        verbs.add(v);
      }
      List<String> shortNames = SHORT_NAMES.get(r.plural());
      if (shortNames != null) {
        ArrayNode sn = res.putArray("shortNames");
        shortNames.forEach(sn::add);
      }
      if (ALL_CATEGORY.contains(r.plural())) {
        res.putArray("categories").add("all");
      }
      if (r.statusSubresource()) {
        ObjectNode sub = res.putArray("subresources").addObject();
        sub.put("subresource", "status");
        sub.set("responseKind", kind.deepCopy());
        sub.set("verbs", Json.arr().add("get").add("patch").add("update"));
      }
    }
    return o;
  }

  /** The discovery document for a path, or null when the path is not a discovery path. */
  static ObjectNode answer(String path, int port) {
    if (path.equals("/api")) {
      ObjectNode o = Json.obj();
      o.put("kind", "APIVersions");
      o.set("versions", Json.arr().add("v1"));
      ObjectNode cidr = o.putArray("serverAddressByClientCIDRs").addObject();
      cidr.put("clientCIDR", "0.0.0.0/0");
      cidr.put("serverAddress", "127.0.0.1:" + port);
      return o;
    }
    if (path.equals("/apis")) {
      Map<String, String> groups = new LinkedHashMap<>();
      for (ApiResource r : ApiResource.ALL) {
        if (!r.group().isEmpty()) {
          groups.putIfAbsent(r.group(), r.version());
        }
      }
      ObjectNode o = Json.obj();
      o.put("kind", "APIGroupList");
      o.put("apiVersion", "v1");
      ArrayNode list = o.putArray("groups");
      groups.forEach(
          (group, version) -> {
            ObjectNode g = list.addObject();
            g.put("name", group);
            ObjectNode v = Json.obj().put("groupVersion", group + "/" + version).put("version", version);
            g.putArray("versions").add(v);
            g.set("preferredVersion", v.deepCopy());
          });
      return o;
    }
    String group;
    String version;
    String[] parts = path.split("/");
    if (parts.length == 3 && parts[1].equals("api")) {
      group = "";
      version = parts[2];
    } else if (parts.length == 4 && parts[1].equals("apis")) {
      group = parts[2];
      version = parts[3];
    } else {
      return null;
    }
    ObjectNode o = Json.obj();
    o.put("kind", "APIResourceList");
    o.put("apiVersion", "v1");
    o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = o.putArray("resources");
    boolean any = false;
    for (ApiResource r : ApiResource.ALL) {
      if (r.group().equals(group) && r.version().equals(version)) {
        any = true;
        ObjectNode res = resources.addObject();
        res.put("name", r.plural());
        res.put("singularName", r.kind().toLowerCase(java.util.Locale.ROOT));
        res.put("namespaced", r.namespaced());
        res.put("kind", r.kind());
        ArrayNode verbs = res.putArray("verbs");
        for (String v : VERBS) {
          verbs.add(v);
        }
        List<String> shortNames = SHORT_NAMES.get(r.plural());
        if (shortNames != null) {
          ArrayNode sn = res.putArray("shortNames");
          shortNames.forEach(sn::add);
        }
        if (ALL_CATEGORY.contains(r.plural())) {
          res.putArray("categories").add("all");
        }
        if (r.statusSubresource()) {
          ObjectNode status = resources.addObject();
          status.put("name", r.plural() + "/status");
          status.put("singularName", "");
          status.put("namespaced", r.namespaced());
          status.put("kind", r.kind());
          status.set("verbs", Json.arr().add("get").add("patch").add("update"));
        }
      }
    }
    return any ? o : null;
  }
}
