package io.meshupgrade.k8s.internal;

import io.kubernetes.client.openapi.models.V1MutatingWebhookConfiguration;
import io.meshupgrade.model.ControlPlaneStatus;
import io.meshupgrade.exception.RemoteCallException;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.k8s.internal.KubeCalls.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revision tags the istioctl way: list the tag webhooks ({@code istio.io/tag} label) with the namespaces using them,
 * and point a tag at a revision by creating or rewriting its MutatingWebhookConfiguration from the revision's
 * injector webhook, only when that revision's control plane is ready. Thread-safe.
 */
public final class RevisionTags {
  private static final Logger LOG = LoggerFactory.getLogger(RevisionTags.class);

  private final Cluster cluster;
  private final ControlPlaneChecks controlPlane;

  public RevisionTags(Cluster cluster, ControlPlaneChecks controlPlane) {
    this.cluster = cluster;
    this.controlPlane = controlPlane;
  }

  /** See {@link io.meshupgrade.spi.MeshDataPlane#revisionTags}. */
  public List<RevisionTag> list() {
    Map<String, Revision> tags = new TreeMap<>();
    cluster.listWebhooks(Names.LABEL_TAG, w -> {
      String tag = w.getMetadata().getLabels().get(Names.LABEL_TAG);
      String rev = w.getMetadata().getLabels().get(Names.LABEL_REV);
      if (tag == null || rev == null || !Revision.isRevision(rev)) {
        LOG.warn("revision tag webhook {} points at '{}', which is not an AKS revision; skipped",
            w.getMetadata().getName(), rev);
        return;
      }
      tags.putIfAbsent(tag, Revision.parse(rev));
    });
    if (tags.isEmpty()) {
      return List.of();
    }
    Map<String, List<String>> namespacesByLabel = new HashMap<>();
    cluster.listNamespaces(Names.LABEL_REV, ns -> namespacesByLabel
        .computeIfAbsent(ns.revisionLabel(), k -> new ArrayList<>()).add(ns.name()));
    List<RevisionTag> result = new ArrayList<>();
    tags.forEach((tag, rev) -> result.add(new RevisionTag(tag, rev,
        namespacesByLabel.getOrDefault(tag, List.of()).stream().sorted().toList())));
    return List.copyOf(result);
  }

  /** See {@link io.meshupgrade.spi.MeshDataPlane#moveRevisionTag}. */
  public RevisionTag move(String tag, Revision revision) {
    LabelValues.requireTag(tag);
    ControlPlaneStatus status = controlPlane.status(revision, Set.of());
    if (!status.ready()) {
      throw new UpgradeRefusedException("refusing to point revision tag " + tag + " at " + revision
          + ": its control plane is not ready (" + status.describe() + "); new pods of the tag's"
          + " namespaces would fail to start. Install " + revision + " and wait for it (awaitControlPlane), then"
          + " move the tag");
    }
    V1MutatingWebhookConfiguration injector = injectorWebhook(revision).orElseThrow(() ->
        new UpgradeRefusedException("refusing to point revision tag " + tag + " at " + revision + ": it has no"
            + " injector webhook (" + Names.injectorWebhook(revision) + "); check that " + revision
            + " is installed"));
    cluster.calls().retryOnConflict(() -> {
      writeTag(tag, revision, injector);
      return null;
    });
    List<String> namespaces = new ArrayList<>();
    cluster.listNamespaces(Names.LABEL_REV + "=" + tag, ns -> namespaces.add(ns.name()));
    return new RevisionTag(tag, revision, namespaces.stream().sorted().toList());
  }

  private void writeTag(String tag, Revision revision, V1MutatingWebhookConfiguration injector) {
    List<V1MutatingWebhookConfiguration> existing = new ArrayList<>();
    cluster.listWebhooks(Names.LABEL_TAG + "=" + tag, existing::add);
    String name = existing.isEmpty() ? Names.tagWebhook(tag) : existing.get(0).getMetadata().getName();
    V1MutatingWebhookConfiguration desired;
    try {
      desired = RevisionTagWebhooks.build(name, tag, revision, injector);
    } catch (IllegalArgumentException e) {
      throw new UpgradeRefusedException("cannot point revision tag " + tag + " at " + revision + ": "
          + e.getMessage() + "; check the revision's installation");
    }
    if (existing.isEmpty()) {
      try {
        cluster.calls().execute(Op.of("create", "mutatingwebhookconfigurations", "", name),
            () -> cluster.admission().createMutatingWebhookConfiguration(desired).execute());
      } catch (RemoteCallException e) {
        throw Cluster.asConflict(e);
      }
      LOG.info("created revision tag {} -> {}", tag, revision);
      return;
    }
    V1MutatingWebhookConfiguration current = existing.get(0);
    if (RevisionTagWebhooks.sameTarget(current, desired)) {
      return;
    }
    Map<String, String> labels = new LinkedHashMap<>(current.getMetadata().getLabels());
    labels.putAll(desired.getMetadata().getLabels());
    current.getMetadata().setLabels(labels);
    current.setWebhooks(desired.getWebhooks());
    cluster.calls().execute(Op.of("update", "mutatingwebhookconfigurations", "", name),
        () -> cluster.admission().replaceMutatingWebhookConfiguration(name, current).execute());
    LOG.info("moved revision tag {} to {}", tag, revision);
  }

  private Optional<V1MutatingWebhookConfiguration> injectorWebhook(Revision revision) {
    String name = Names.injectorWebhook(revision);
    try {
      return Optional.of(cluster.calls().execute(Op.of("get", "mutatingwebhookconfigurations", "", name),
          () -> cluster.admission().readMutatingWebhookConfiguration(name).execute()));
    } catch (RemoteCallException e) {
      if (!KubeCalls.isNotFound(e)) {
        throw e;
      }
    }
    List<V1MutatingWebhookConfiguration> found = new ArrayList<>();
    cluster.listWebhooks(Names.LABEL_REV + "=" + revision + ",!" + Names.LABEL_TAG, found::add);
    return found.stream().findFirst();
  }
}
