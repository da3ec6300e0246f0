package io.meshupgrade.testkit.arm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** JSON helpers shared by the fake ARM server. Thread-safe. Not API. */
public final class Json {

  /** The one mapper (thread-safe once configured). */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String FIXTURES = "/io/meshupgrade/testkit/arm/fixtures/";

  private Json() {}

  /**
   * Parses a JSON object.
   *
   * @param text JSON text
   * @param what what the text is, for the error message
   * @return the object
   * @throws IllegalArgumentException when the text is not a JSON object
   */
  public static ObjectNode parseObject(String text, String what) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(what + " must be a JSON object, got: " + abbreviate(text));
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          what + " is not valid JSON (" + e.getOriginalMessage() + "): " + abbreviate(text), e);
    }
  }

  /**
   * Reads a fixture copied from the Azure REST API specification.
   *
   * @param name file name, e.g. {@code ManagedClustersList_MeshRevisionProfiles.json}
   * @return the parsed fixture
   */
  public static ObjectNode fixture(String name) {
    try (InputStream in = Json.class.getResourceAsStream(FIXTURES + name)) {
      if (in == null) {
        throw new IllegalStateException("fixture " + FIXTURES + name + " is missing from the testkit jar");
      }
      return parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Serializes a node.
   *
   * @param node the node
   * @return compact JSON text
   */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Text values of an array, or an empty list when the node is missing or not an array.
   *
   * @param node an array node or null
   * @return the texts
   */
  public static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    }
    return List.copyOf(out);
  }

  /**
   * An array node holding these strings.
   *
   * @param values the strings
   * @return a new array node
   */
  public static ArrayNode array(List<String> values) {
    ArrayNode a = MAPPER.createArrayNode();
    values.forEach(a::add);
    return a;
  }

  private static String abbreviate(String text) {
    return text == null ? "null" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
