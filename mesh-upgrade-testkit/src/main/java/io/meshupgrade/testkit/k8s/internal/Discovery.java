package io.meshupgrade.testkit.k8s.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.testkit.k8s.ApiResource;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API discovery documents ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/<group>/<version>}). */
final class Discovery {
  private static final String[] VERBS = {
    "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"
  };

  private Discovery() {}

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
