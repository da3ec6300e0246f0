package io.meshupgrade.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.exception.CheckpointException;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.UpgradeStage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes and reads the JSON checkpoint of an {@link UpgradePlan}. Not API.
 *
 * <p>Format {@value #FORMAT}, version {@value #VERSION}: the plan's identity, revisions, creation time and history,
 * the optional progress of the step in flight (written only when there is some, so that older checkpoints read
 * unchanged), plus a SHA-256 digest of the canonical text of everything else, so that hand-edited or truncated text is
 * refused rather than half-read. Thread-safe.
 */
final class CheckpointCodec {

  public static final String FORMAT = "mesh-upgrade/plan";
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private CheckpointCodec() {}

  /** The checkpoint text of {@code plan}. */
  public static String write(UpgradePlan plan) {
    ObjectNode body = body(plan);
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.setAll(body);
    root.put("stage", plan.stage().name());
    root.put("digest", digest(body));
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new MeshUpgradeException("could not write the checkpoint of " + plan, e);
    }
  }

  private static ObjectNode body(UpgradePlan plan) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("planId", plan.planId());
    body.put("cluster", plan.cluster());
    body.put("from", plan.from().toString());
    body.put("to", plan.to().toString());
    body.put("createdAt", plan.createdAt().toString());
    ArrayNode history = body.putArray("history");
    for (UpgradePlan.Transition t : plan.history()) {
      ObjectNode n = history.addObject();
      n.put("from", t.from().name());
      n.put("to", t.to().name());
      n.put("at", t.at().toString());
      ObjectNode details = n.putObject("details");
      t.details().forEach(details::put);
    }
    plan.adoption().ifPresent(a -> {
      // only on an adopted plan: checkpoints without it read and digest exactly as before
      ObjectNode adoption = body.putObject("adoptedFrom");
      adoption.put("cluster", a.legacyCluster());
      adoption.put("at", a.at().toString());
    });
    if (!plan.progress().isEmpty()) {
      // only while a step is in flight: checkpoints without it read and digest exactly as before
      ObjectNode progress = body.putObject("progress");
      plan.progress().forEach(progress::put);
    }
    return body;
  }

  private static String digest(ObjectNode body) {
    try {
      byte[] canonical = MAPPER.writeValueAsBytes(body);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot compute a checkpoint digest", e);
    }
  }

  /** Reads a checkpoint; any defect is a {@link CheckpointException}. */
  public static UpgradePlan read(String json) {
    if (json == null) {
      throw new NullPointerException("json");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new CheckpointException("the checkpoint is not valid JSON: " + e.getOriginalMessage()
          + "; delete it to start over, or restore it from a backup", e);
    }
    if (root == null || !root.isObject()) {
      throw new CheckpointException("the checkpoint is not a JSON object; delete it to start over");
    }
    if (!FORMAT.equals(text(root, "format"))) {
      throw new CheckpointException("the checkpoint is not a mesh-upgrade plan (format '" + text(root, "format")
          + "', expected '" + FORMAT + "')");
    }
    JsonNode version = required(root, "version");
    if (!version.isInt() || version.intValue() != VERSION) {
      throw new CheckpointException("checkpoint version " + version + " is not supported (this library reads version "
          + VERSION + "): use the mesh-upgrade release that wrote it");
    }
    try {
      String planId = text(root, "planId");
      String cluster = text(root, "cluster");
      Revision from = Revision.parse(text(root, "from"));
      Revision to = Revision.parse(text(root, "to"));
      Instant createdAt = Instant.parse(text(root, "createdAt"));
      JsonNode historyNode = required(root, "history");
      if (!historyNode.isArray()) {
        throw new CheckpointException("checkpoint field 'history' must be an array");
      }
      List<UpgradePlan.Transition> history = new ArrayList<>();
      for (JsonNode n : historyNode) {
        Map<String, String> details = textMap(required(n, "details"), "transition 'details'");
        history.add(new UpgradePlan.Transition(
            UpgradeStage.valueOf(text(n, "from")), UpgradeStage.valueOf(text(n, "to")),
            Instant.parse(text(n, "at")), details));
      }
      UpgradePlan plan = UpgradePlan.replay(planId, cluster, from, to, createdAt, history);
      JsonNode progressNode = root.get("progress");
      if (progressNode != null && !progressNode.isNull()) {
        plan = plan.withProgress(textMap(progressNode, "progress"));
      }
      JsonNode adoptedNode = root.get("adoptedFrom");
      if (adoptedNode != null && !adoptedNode.isNull()) {
        plan = plan.withAdoption(new UpgradePlan.Adoption(text(adoptedNode, "cluster"),
            Instant.parse(text(adoptedNode, "at"))));
      }
      if (!plan.stage().name().equals(text(root, "stage"))) {
        throw new CheckpointException("checkpoint stage " + text(root, "stage")
            + " does not match its history, which ends at " + plan.stage());
      }
      if (!digest(body(plan)).equals(text(root, "digest"))) {
        throw new CheckpointException("the checkpoint was modified after it was written (digest mismatch); "
            + "delete it to start over, or restore the original");
      }
      return plan;
    } catch (CheckpointException e) {
      throw e;
    } catch (IllegalArgumentException | DateTimeParseException | MeshUpgradeException e) {
      throw new CheckpointException("the checkpoint is damaged: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> textMap(JsonNode d, String what) {
    if (!d.isObject()) {
      throw new CheckpointException("checkpoint " + what + " must be an object");
    }
    Map<String, String> map = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = d.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new CheckpointException("checkpoint detail '" + e.getKey() + "' must be text");
      }
      map.put(e.getKey(), e.getValue().textValue());
    }
    return map;
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new CheckpointException("checkpoint field '" + field + "' is missing");
    }
    return v;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = required(node, field);
    if (!v.isTextual()) {
      throw new CheckpointException("checkpoint field '" + field + "' must be text, got " + v.getNodeType());
    }
    return v.textValue();
  }
}
