package io.meshupgrade.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.meshupgrade.model.SidecarState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a pod says about its Istio sidecar: whether it has one, which revision injected it and which proxy image it
 * runs. Pure functions; thread-safe.
 */
public final class SidecarInspection {

  /**
   * The findings for one pod.
   *
   * @param state injected, opted out or not injected
   * @param revision the injecting revision, or "" when unknown (legacy status without "revision")
   * @param proxyImage the istio-proxy image, or ""
   */
  public record Sidecar(SidecarState state, String revision, String proxyImage) {}

  private SidecarInspection() {}

  /** Inspects a pod. */
  public static Sidecar inspect(V1Pod pod) {
    Map<String, String> annotations = pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
    Map<String, String> labels = pod.getMetadata() == null ? null : pod.getMetadata().getLabels();
    String status = annotations == null ? null : annotations.get(Names.ANNOTATION_SIDECAR_STATUS);
    String image = proxyImage(pod.getSpec()).orElse("");
    boolean injected = !image.isEmpty() || status != null;
    if (injected) {
      String revision = statusRevision(status).orElse(null);
      if (revision == null && annotations != null) {
        revision = annotations.get(Names.ANNOTATION_REV);
      }
      return new Sidecar(SidecarState.INJECTED, revision == null ? "" : revision, image);
    }
    boolean optedOut = "false".equals(labels == null ? null : labels.get(Names.LABEL_SIDECAR_INJECT))
        || "false".equals(annotations == null ? null : annotations.get(Names.LABEL_SIDECAR_INJECT));
    return new Sidecar(optedOut ? SidecarState.OPTED_OUT : SidecarState.NOT_INJECTED, "", "");
  }

  /**
   * The {@code revision} field of a {@code sidecar.istio.io/status} annotation; empty when the annotation is
   * absent, malformed or has no (or an empty) revision (the legacy format before revisions).
   */
  public static Optional<String> statusRevision(String statusJson) {
    if (statusJson == null || statusJson.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonElement root = JsonParser.parseString(statusJson);
      if (!root.isJsonObject()) {
        return Optional.empty();
      }
      JsonElement rev = ((JsonObject) root).get("revision");
      if (rev == null || !rev.isJsonPrimitive() || rev.getAsString().isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(rev.getAsString());
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /**
   * The image of the container named istio-proxy, or of the init container of that name running as a native
   * sidecar (restartPolicy Always).
   */
  public static Optional<String> proxyImage(V1PodSpec spec) {
    if (spec == null) {
      return Optional.empty();
    }
    Optional<String> regular = find(spec.getContainers(), false);
    return regular.isPresent() ? regular : find(spec.getInitContainers(), true);
  }

  private static Optional<String> find(List<V1Container> containers, boolean nativeSidecar) {
    if (containers == null) {
      return Optional.empty();
    }
    for (V1Container c : containers) {
      if (Names.PROXY_CONTAINER.equals(c.getName()) && c.getImage() != null
          && (!nativeSidecar || "Always".equals(c.getRestartPolicy()))) {
        return Optional.of(c.getImage());
      }
    }
    return Optional.empty();
  }
}
