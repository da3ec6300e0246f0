package io.meshupgrade.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Objects;

/**
 * Reads the proxy image from the {@code values} JSON of an {@code istio-sidecar-injector-<rev>} ConfigMap:
 * {@code global.proxy.image} when it is a full reference (contains '/'), else
 * {@code global.hub + "/" + image + ":" + global.tag}, with {@code "-" + global.variant} appended to the tag when a
 * variant is set (upstream's imageURL: AKS runs {@code proxyv2:1.22.5-distroless}). Pure; thread-safe.
 */
public final class InjectorValues {
  private static final List<String> KNOWN_VARIANTS = List.of("distroless", "debug");
  private static final String DEFAULT_VARIANT = "default";

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
    JsonElement variant = global.get("variant");
    return hub + "/" + image + ":" + withVariant(tag,
        variant != null && variant.isJsonPrimitive() ? variant.getAsString() : "");
  }

  /**
   * The tag with the image variant appended, as upstream istio's {@code imageURL} does
   * ({@code pkg/kube/inject: updateImageTypeIfPresent}): no variant keeps the tag; otherwise a known variant suffix
   * ({@code -distroless}, {@code -debug}) is first removed from the tag, then {@code -<variant>} is appended unless the
   * variant is {@code default}. So tag 1.22.5 with variant distroless is 1.22.5-distroless (what AKS runs), and
   * 1.22.5-distroless stays as it is.
   */
  static String withVariant(String tag, String variant) {
    if (variant.isEmpty()) {
      return tag;
    }
    String base = tag;
    for (String known : KNOWN_VARIANTS) {
      if (base.endsWith("-" + known)) {
        base = base.substring(0, base.length() - known.length() - 1);
        break;
      }
    }
    return DEFAULT_VARIANT.equals(variant) ? base : base + "-" + variant;
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
