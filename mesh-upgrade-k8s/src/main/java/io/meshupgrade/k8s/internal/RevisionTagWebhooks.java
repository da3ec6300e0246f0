package io.meshupgrade.k8s.internal;

import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.kubernetes.client.openapi.models.V1MutatingWebhook;
import io.kubernetes.client.openapi.models.V1MutatingWebhookConfiguration;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meshupgrade.model.Revision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a revision tag's MutatingWebhookConfiguration the way {@code istioctl tag set} does: labels
 * {@code istio.io/tag=<tag>} and {@code istio.io/rev=<revision>}, and the revision injector's two webhooks
 * ({@code rev.namespace...} and {@code rev.object...}) copied with their clientConfig (service {@code istiod-<rev>},
 * caBundle) and with the {@code istio.io/rev In [<revision>]} selectors rewritten to {@code In [<tag>]}. Pure;
 * thread-safe.
 */
public final class RevisionTagWebhooks {
  private RevisionTagWebhooks() {}

  /**
   * The tag's webhook configuration.
   *
   * @param name the object's name (the existing one when rewriting)
   * @param injector the revision's injector webhook configuration
   * @throws IllegalArgumentException if the injector lacks both revision webhooks
   */
  public static V1MutatingWebhookConfiguration build(String name, String tag, Revision revision,
      V1MutatingWebhookConfiguration injector) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(injector, "injector");
    List<V1MutatingWebhook> webhooks = new ArrayList<>();
    for (V1MutatingWebhook w : injector.getWebhooks() == null ? List.<V1MutatingWebhook>of() : injector.getWebhooks()) {
      if (Names.WEBHOOK_REV_NAMESPACE.equals(w.getName()) || Names.WEBHOOK_REV_OBJECT.equals(w.getName())) {
        V1MutatingWebhook copy = JSON.deserialize(JSON.serialize(w), V1MutatingWebhook.class);
        retarget(copy.getNamespaceSelector(), revision.toString(), tag);
        retarget(copy.getObjectSelector(), revision.toString(), tag);
        webhooks.add(copy);
      }
    }
    if (webhooks.isEmpty()) {
      throw new IllegalArgumentException("the injector webhook configuration "
          + (injector.getMetadata() == null ? "?" : injector.getMetadata().getName()) + " has neither "
          + Names.WEBHOOK_REV_NAMESPACE + " nor " + Names.WEBHOOK_REV_OBJECT);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app", "sidecar-injector");
    labels.put(Names.LABEL_TAG, tag);
    labels.put(Names.LABEL_REV, revision.toString());
    return new V1MutatingWebhookConfiguration()
        .apiVersion("admissionregistration.k8s.io/v1")
        .kind("MutatingWebhookConfiguration")
        .metadata(new V1ObjectMeta().name(name).labels(labels))
        .webhooks(webhooks);
  }

  /** The revision a tag webhook points at (its {@code istio.io/rev} label), when it carries one. */
  public static Optional<String> pointsAt(V1MutatingWebhookConfiguration tagWebhook) {
    Map<String, String> labels = tagWebhook.getMetadata() == null ? null : tagWebhook.getMetadata().getLabels();
    return Optional.ofNullable(labels == null ? null : labels.get(Names.LABEL_REV));
  }

  /** Whether {@code existing} already is {@code desired} (same revision label and same webhooks). */
  public static boolean sameTarget(V1MutatingWebhookConfiguration existing, V1MutatingWebhookConfiguration desired) {
    return pointsAt(existing).equals(pointsAt(desired))
        && Objects.equals(existing.getWebhooks(), desired.getWebhooks());
  }

  private static void retarget(V1LabelSelector selector, String revision, String tag) {
    if (selector == null) {
      return;
    }
    if (selector.getMatchLabels() != null && selector.getMatchLabels().containsKey(Names.LABEL_REV)) {
      selector.getMatchLabels().put(Names.LABEL_REV, tag);
    }
    if (selector.getMatchExpressions() != null) {
      for (V1LabelSelectorRequirement r : selector.getMatchExpressions()) {
        if (Names.LABEL_REV.equals(r.getKey()) && "In".equals(r.getOperator())) {
          r.setValues(new ArrayList<>(List.of(tag)));
        }
      }
    }
  }
}
