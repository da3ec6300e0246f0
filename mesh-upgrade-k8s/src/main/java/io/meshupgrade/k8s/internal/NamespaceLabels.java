package io.meshupgrade.k8s.internal;

import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.util.PatchUtils;
import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.k8s.internal.KubeCalls.Op;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespaces' mesh labels: list them ({@code istio.io/rev} or {@code istio-injection}) and relabel with a JSON
 * merge patch, refusing values that name no installed revision or tag. Thread-safe.
 */
public final class NamespaceLabels {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceLabels.class);
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final Cluster cluster;

  public NamespaceLabels(Cluster cluster) {
    this.cluster = cluster;
  }

  /** See {@link io.meshupgrade.spi.MeshDataPlane#meshNamespaces}. */
  public List<MeshNamespace> meshNamespaces() {
    Map<String, MeshNamespace> byName = new TreeMap<>();
    for (String selector : List.of(Names.LABEL_REV, Names.LABEL_ISTIO_INJECTION)) {
      cluster.listNamespaces(selector, ns -> byName.put(ns.name(), ns));
    }
    return List.copyOf(byName.values());
  }

  /** See {@link io.meshupgrade.spi.MeshDataPlane#relabelNamespaces}. */
  public List<MeshNamespace> relabel(Collection<String> namespaces, String value) {
    Objects.requireNonNull(namespaces, "namespaces");
    LabelValues.requireRevisionOrTag(value);
    TreeSet<String> names = new TreeSet<>();
    for (String ns : namespaces) {
      Objects.requireNonNull(ns, "namespace");
      if (!DNS_LABEL.matcher(ns).matches()) {
        throw new IllegalArgumentException("'" + ns + "' is not a namespace name: expected a DNS-1123 label"
            + " (lower-case letters, digits and '-', at most 63 characters)");
      }
      names.add(ns);
    }
    if (names.isEmpty()) {
      return List.of();
    }
    requireInjectorFor(value);
    String patch = labelPatch(value);
    List<MeshNamespace> result = new ArrayList<>();
    for (String ns : names) {
      V1Namespace after = cluster.calls().retryOnConflict(() -> cluster.calls().execute(
          Op.of("patch", "namespaces", "", ns),
          () -> PatchUtils.patch(V1Namespace.class,
              () -> cluster.core().patchNamespace(ns, new V1Patch(patch)).buildCall(null),
              V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, cluster.client())));
      MeshNamespace m = Cluster.toMeshNamespace(after);
      if (m.hasIstioInjectionLabel()) {
        LOG.warn("namespace {} also carries istio-injection={}: AKS skips it, so no revision injects its pods;"
            + " remove that label", ns, m.istioInjectionLabel());
      }
      result.add(m);
    }
    LOG.info("labelled {} namespaces istio.io/rev={}", result.size(), value);
    return List.copyOf(result);
  }

  private static String labelPatch(String value) {
    JsonObject labels = new JsonObject();
    labels.addProperty(Names.LABEL_REV, value);
    JsonObject meta = new JsonObject();
    meta.add("labels", labels);
    JsonObject root = new JsonObject();
    root.add("metadata", meta);
    return root.toString();
  }

  /** Refuses a label value that names neither an installed revision's injector nor an existing tag. */
  private void requireInjectorFor(String value) {
    Set<String> revisions = new TreeSet<>();
    Set<String> tags = new TreeSet<>();
    cluster.listWebhooks(Names.LABEL_REV, w -> {
      Map<String, String> labels = w.getMetadata().getLabels();
      if (labels.containsKey(Names.LABEL_TAG)) {
        tags.add(labels.get(Names.LABEL_TAG));
      } else {
        revisions.add(labels.get(Names.LABEL_REV));
      }
    });
    if (!revisions.contains(value) && !tags.contains(value)) {
      throw new UpgradeRefusedException("refusing to label namespaces istio.io/rev=" + value + ": no installed"
          + " revision or revision tag of that name has an injector webhook (revisions: " + revisions + ", tags: "
          + tags + "), so their new pods would get no sidecar; use one of those, or install the revision or create"
          + " the tag first");
    }
  }
}
