package io.meshupgrade.testkit.arm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.testkit.arm.RevisionChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fake answers, plus revision changes to announce before answering. Not API.
 *
 * @param status HTTP status
 * @param headers extra headers
 * @param body JSON body or null
 * @param events revision changes caused by the request
 */
record ArmResponse(int status, Map<String, String> headers, JsonNode body, List<RevisionChange> events) {

  static ArmResponse ok(JsonNode body) {
    return new ArmResponse(200, Map.of(), body, List.of());
  }

  static ArmResponse error(int status, String code, String message) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.putObject("error").put("code", code).put("message", message);
    return new ArmResponse(status, Map.of(), root, List.of());
  }

  ArmResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ArmResponse(status, h, body, events);
  }

  ArmResponse withEvents(List<RevisionChange> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<RevisionChange> all = new java.util.ArrayList<>(events);
    all.addAll(more);
    return new ArmResponse(status, headers, body, all);
  }
}
