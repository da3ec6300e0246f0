package io.meshupgrade.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.Objects;

/**
 * Reads the proxy image from the {@code values} JSON of an {@code istio-sidecar-injector-<rev>} ConfigMap:
 * {@code global.proxy.image} when it is a full reference (contains '/'), else
 * {@code global.hub + "/" + image + ":" + global.tag}. Pure; thread-safe.
 */
public final class InjectorValues {
  private InjectorValues() {}

  /**
   * The proxy image the injector writes into new pods.
   *
   * @throws IllegalArgumentException if the text is not JSON or lacks the fields, quoting what is missing
   */
  public static String proxyImage(String valuesJson) {
    Objects.requireNonNull(valuesJson, "valuesJson");
    JsonObject global;
    try {
      JsonElement root = JsonParser.parseString(valuesJson);
      global = object(object(root, "values"), "global");
    } catch (JsonParseException | IllegalStateException e) {
      throw new IllegalArgumentException("injector values are not a JSON object: expected"
          + " {\"global\":{\"proxy\":{\"image\":...}}} (" + e.getMessage() + ")", e);
    }
    String image = string(object(global, "global.proxy"), "image", "global.proxy.image");
    if (image.contains("/")) {
      return image;
    }
    String hub = string(global, "hub", "global.hub");
    String tag = string(global, "tag", "global.tag");
    return hub + "/" + image + ":" + tag;
  }

  private static JsonObject object(JsonElement parent, String what) {
    if (parent == null || !parent.isJsonObject()) {
      throw new IllegalArgumentException("injector values have no object " + what
          + ": expected {\"global\":{\"proxy\":{\"image\":...}}}");
    }
    return parent.getAsJsonObject();
  }

  private static JsonObject object(JsonObject parent, String path) {
    String key = path.substring(path.lastIndexOf('.') + 1);
    return object(parent.get(key), path);
  }

  private static String string(JsonObject parent, String key, String path) {
    JsonElement e = parent.get(key);
    if (e == null || !e.isJsonPrimitive() || e.getAsString().isEmpty()) {
      throw new IllegalArgumentException("injector values have no " + path
          + ": expected global.proxy.image (a full image, or a short name with global.hub and global.tag)");
    }
    return e.getAsString();
  }
}
