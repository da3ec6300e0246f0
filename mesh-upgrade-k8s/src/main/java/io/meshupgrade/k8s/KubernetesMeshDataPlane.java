package io.meshupgrade.k8s;

import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AdmissionregistrationV1Api;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1MutatingWebhookConfiguration;
import io.kubernetes.client.openapi.models.V1MutatingWebhookConfigurationList;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NamespaceList;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1ReplicaSetList;
import io.kubernetes.client.util.PatchUtils;
import io.meshupgrade.ClusterChangedException;
import io.meshupgrade.ControlPlaneStatus;
import io.meshupgrade.IngressGateway;
import io.meshupgrade.MeshConfigConflictException;
import io.meshupgrade.MeshConfigCopy;
import io.meshupgrade.MeshNamespace;
import io.meshupgrade.MeshUpgradeException;
import io.meshupgrade.MissingPermissionException;
import io.meshupgrade.PodInventory;
import io.meshupgrade.PodRecord;
import io.meshupgrade.RemoteCallException;
import io.meshupgrade.RestartOptions;
import io.meshupgrade.RestartReport;
import io.meshupgrade.Revision;
import io.meshupgrade.RevisionTag;
import io.meshupgrade.SidecarState;
import io.meshupgrade.UpgradeRefusedException;
import io.meshupgrade.WorkloadRef;
import io.meshupgrade.k8s.internal.InjectorValues;
import io.meshupgrade.k8s.internal.KubeCalls;
import io.meshupgrade.k8s.internal.KubeCalls.Op;
import io.meshupgrade.k8s.internal.LabelValues;
import io.meshupgrade.k8s.internal.Names;
import io.meshupgrade.k8s.internal.OwnerResolver;
import io.meshupgrade.k8s.internal.Pages;
import io.meshupgrade.k8s.internal.RevisionTagWebhooks;
import io.meshupgrade.k8s.internal.SidecarInspection;
import io.meshupgrade.k8s.internal.WorkloadRestarts;
import io.meshupgrade.spi.MeshDataPlane;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MeshDataPlane} over the official Kubernetes Java client: what kubectl and istioctl do inside an AKS cluster
 * during a mesh upgrade (control-plane readiness, shared mesh config, namespace labels, revision tags, pod inventory,
 * rollout restarts, proxy image of a revision).
 *
 * <p>Build one with {@link #builder()}: from the default kubeconfig or in-cluster config, or from a given
 * {@link ApiClient}. The identity needs the permissions of {@code mesh-upgrade-k8s/rbac/clusterrole.yaml}.
 *
 * <p>Failures are {@link MeshUpgradeException}s: {@link MissingPermissionException} ("missing permission: verb
 * resource in namespace") for 403, {@link ClusterChangedException} for a 409 that survived re-reading,
 * {@link RemoteCallException} with the HTTP status otherwise; 429 and 5xx are retried with backoff first.
 *
 * <p>Thread-safe: it keeps no mutable state between calls.
 */
public final class KubernetesMeshDataPlane implements MeshDataPlane {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesMeshDataPlane.class);
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final ApiClient client;
  private final CoreV1Api core;
  private final AppsV1Api apps;
  private final AdmissionregistrationV1Api admission;
  private final KubeCalls calls;
  private final Clock clock;
  private final Duration pollInterval;
  private final int pageSize;
  private final String systemNamespace;
  private final String ingressNamespace;
  private final WorkloadRestarts restarts;

  private KubernetesMeshDataPlane(Builder b, ApiClient client) {
    this.client = client;
    this.core = new CoreV1Api(client);
    this.apps = new AppsV1Api(client);
    this.admission = new AdmissionregistrationV1Api(client);
    this.calls = new KubeCalls(b.maxRetries, b.initialBackoff, b.maxBackoff);
    this.clock = b.clock;
    this.pollInterval = b.pollInterval;
    this.pageSize = b.pageSize;
    this.systemNamespace = b.systemNamespace;
    this.ingressNamespace = b.ingressNamespace;
    this.restarts = new WorkloadRestarts(client, calls, clock, pollInterval, pageSize);
  }

  /** A builder with the defaults: default kubeconfig / in-cluster config, poll every 2 s, 5 retries. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------------------------------------- control plane

  @Override
  public ControlPlaneStatus awaitControlPlane(Revision revision, Set<IngressGateway> gateways, Duration timeout) {
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(gateways, "gateways");
    Objects.requireNonNull(timeout, "timeout");
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      ControlPlaneStatus status = controlPlaneStatus(revision, gateways);
      Instant now = clock.instant();
      if (status.ready() || !now.isBefore(deadline)) {
        if (!status.ready()) {
          LOG.warn("control plane of {} not ready after {}: {}", revision, timeout, status.notReady());
        }
        return status;
      }
      Duration left = Duration.between(now, deadline);
      sleep(left.compareTo(pollInterval) < 0 ? left : pollInterval);
    }
  }

  private ControlPlaneStatus controlPlaneStatus(Revision revision, Set<IngressGateway> gateways) {
    List<ControlPlaneStatus.Component> components = new ArrayList<>();
    components.add(deploymentReadiness(systemNamespace, Names.istiodDeployment(revision)));
    for (IngressGateway g : new TreeSet<>(gateways)) {
      components.add(deploymentReadiness(ingressNamespace, g.deploymentName(revision)));
    }
    return new ControlPlaneStatus(revision, components);
  }

  private ControlPlaneStatus.Component deploymentReadiness(String ns, String name) {
    V1Deployment d;
    try {
      d = calls.execute(Op.of("get", "deployments", ns, name), () -> apps.readNamespacedDeployment(name, ns).execute());
    } catch (MissingPermissionException e) {
      throw e;
    } catch (RemoteCallException e) {
      String reason = KubeCalls.isNotFound(e) ? "Deployment not found: the revision is not installed (or was removed)"
          : "cannot read it: " + e.getMessage();
      return new ControlPlaneStatus.Component("Deployment", ns, name, false, reason);
    }
    int desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    int available = d.getStatus() == null || d.getStatus().getAvailableReplicas() == null
        ? 0 : d.getStatus().getAvailableReplicas();
    if (desired < 1) {
      return new ControlPlaneStatus.Component("Deployment", ns, name, false, "scaled to 0 replicas");
    }
    if (available < desired) {
      return new ControlPlaneStatus.Component("Deployment", ns, name, false,
          available + "/" + desired + " replicas available");
    }
    Map<String, String> match = d.getSpec().getSelector() == null ? null : d.getSpec().getSelector().getMatchLabels();
    if (match == null || match.isEmpty()) {
      return new ControlPlaneStatus.Component("Deployment", ns, name, true, "");
    }
    String selector = match.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
    int[] ready = {0};
    Pages.<V1PodList, V1Pod>forEach(calls, Op.of("list", "pods", ns, ""),
        c -> core.listNamespacedPod(ns).labelSelector(selector).limit(pageSize)._continue(c).execute(),
        V1PodList::getItems, V1PodList::getMetadata, p -> {
          if (isReady(p)) {
            ready[0]++;
          }
        });
    if (ready[0] < desired) {
      return new ControlPlaneStatus.Component("Deployment", ns, name, false,
          ready[0] + "/" + desired + " pods Ready");
    }
    return new ControlPlaneStatus.Component("Deployment", ns, name, true, "");
  }

  private static boolean isReady(V1Pod p) {
    if (p.getMetadata() != null && p.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    if (p.getStatus() == null || p.getStatus().getConditions() == null) {
      return false;
    }
    for (V1PodCondition c : p.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------- mesh config

  @Override
  public MeshConfigCopy copySharedMeshConfig(Revision from, Revision to, boolean overwrite) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.equals(to)) {
      throw new IllegalArgumentException("cannot copy the shared mesh config of " + from + " onto itself:"
          + " expected two different revisions");
    }
    String source = Names.sharedMeshConfigMap(from);
    String target = Names.sharedMeshConfigMap(to);
    Optional<V1ConfigMap> src = readConfigMap(source);
    if (src.isEmpty()) {
      LOG.info("no {} in {}: nothing to copy", source, systemNamespace);
      return MeshConfigCopy.NO_SOURCE;
    }
    return calls.retryOnConflict(() -> {
      Optional<V1ConfigMap> existing = readConfigMap(target);
      if (existing.isEmpty()) {
        V1ConfigMap copy = new V1ConfigMap().apiVersion("v1").kind("ConfigMap")
            .metadata(new V1ObjectMeta().name(target).namespace(systemNamespace)
                .annotations(Map.of("meshupgrade.io/copied-from", source)))
            .data(src.get().getData()).binaryData(src.get().getBinaryData());
        try {
          calls.execute(Op.of("create", "configmaps", systemNamespace, target),
              () -> core.createNamespacedConfigMap(systemNamespace, copy).execute());
        } catch (RemoteCallException e) {
          throw asConflict(e);
        }
        LOG.info("copied {} to {}", source, target);
        return MeshConfigCopy.COPIED;
      }
      V1ConfigMap current = existing.get();
      if (sameData(current, src.get())) {
        return MeshConfigCopy.ALREADY_PRESENT;
      }
      if (!overwrite) {
        throw new MeshConfigConflictException("ConfigMap " + systemNamespace + "/" + target + " already exists with"
            + " data that differs from " + source + ": compare them, then delete " + target
            + " or ask for overwrite to replace it with the copy");
      }
      current.setData(src.get().getData());
      current.setBinaryData(src.get().getBinaryData());
      calls.execute(Op.of("update", "configmaps", systemNamespace, target),
          () -> core.replaceNamespacedConfigMap(target, systemNamespace, current).execute());
      LOG.info("overwrote {} with the data of {}", target, source);
      return MeshConfigCopy.OVERWRITTEN;
    });
  }

  private static boolean sameData(V1ConfigMap a, V1ConfigMap b) {
    return Objects.equals(emptyIfNull(a.getData()), emptyIfNull(b.getData()))
        && Objects.equals(emptyIfNull(a.getBinaryData()), emptyIfNull(b.getBinaryData()));
  }

  private static <V> Map<String, V> emptyIfNull(Map<String, V> m) {
    return m == null ? Map.of() : m;
  }

  @Override
  public boolean deleteSharedMeshConfig(Revision revision) {
    Objects.requireNonNull(revision, "revision");
    String name = Names.sharedMeshConfigMap(revision);
    try {
      calls.execute(Op.of("delete", "configmaps", systemNamespace, name),
          () -> core.deleteNamespacedConfigMap(name, systemNamespace).execute());
      LOG.info("deleted {}/{}", systemNamespace, name);
      return true;
    } catch (RemoteCallException e) {
      if (KubeCalls.isNotFound(e)) {
        return false;
      }
      throw e;
    }
  }

  private Optional<V1ConfigMap> readConfigMap(String name) {
    try {
      return Optional.of(calls.execute(Op.of("get", "configmaps", systemNamespace, name),
          () -> core.readNamespacedConfigMap(name, systemNamespace).execute()));
    } catch (RemoteCallException e) {
      if (KubeCalls.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------------------------------------- namespaces

  @Override
  public List<MeshNamespace> meshNamespaces() {
    Map<String, MeshNamespace> byName = new TreeMap<>();
    for (String selector : List.of(Names.LABEL_REV, Names.LABEL_ISTIO_INJECTION)) {
      listNamespaces(selector, ns -> byName.put(ns.name(), ns));
    }
    return List.copyOf(byName.values());
  }

  private void listNamespaces(String selector, java.util.function.Consumer<MeshNamespace> consumer) {
    Pages.<V1NamespaceList, V1Namespace>forEach(calls, Op.of("list", "namespaces", "", ""),
        c -> core.listNamespace().labelSelector(selector).limit(pageSize)._continue(c).execute(),
        V1NamespaceList::getItems, V1NamespaceList::getMetadata, n -> consumer.accept(toMeshNamespace(n)));
  }

  private static MeshNamespace toMeshNamespace(V1Namespace n) {
    Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
    return new MeshNamespace(n.getMetadata().getName(), labels.get(Names.LABEL_REV),
        labels.get(Names.LABEL_ISTIO_INJECTION));
  }

  @Override
  public List<MeshNamespace> relabelNamespaces(Collection<String> namespaces, String value) {
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
      V1Namespace after = calls.retryOnConflict(() -> calls.execute(Op.of("patch", "namespaces", "", ns),
          () -> PatchUtils.patch(V1Namespace.class, () -> core.patchNamespace(ns, new V1Patch(patch)).buildCall(null),
              V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client)));
      MeshNamespace m = toMeshNamespace(after);
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
    listWebhooks(Names.LABEL_REV, w -> {
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

  private void listWebhooks(String selector, java.util.function.Consumer<V1MutatingWebhookConfiguration> consumer) {
    Pages.<V1MutatingWebhookConfigurationList, V1MutatingWebhookConfiguration>forEach(calls,
        Op.of("list", "mutatingwebhookconfigurations", "", ""),
        c -> admission.listMutatingWebhookConfiguration().labelSelector(selector).limit(pageSize)._continue(c)
            .execute(),
        V1MutatingWebhookConfigurationList::getItems, V1MutatingWebhookConfigurationList::getMetadata,
        w -> {
          if (w.getMetadata() != null && w.getMetadata().getLabels() != null) {
            consumer.accept(w);
          }
        });
  }

  // ---------------------------------------------------------------------------------------------- tags

  @Override
  public List<RevisionTag> revisionTags() {
    Map<String, Revision> tags = new TreeMap<>();
    listWebhooks(Names.LABEL_TAG, w -> {
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
    listNamespaces(Names.LABEL_REV, ns -> namespacesByLabel
        .computeIfAbsent(ns.revisionLabel(), k -> new ArrayList<>()).add(ns.name()));
    List<RevisionTag> result = new ArrayList<>();
    tags.forEach((tag, rev) -> result.add(new RevisionTag(tag, rev,
        namespacesByLabel.getOrDefault(tag, List.of()).stream().sorted().toList())));
    return List.copyOf(result);
  }

  @Override
  public RevisionTag moveRevisionTag(String tag, Revision revision) {
    LabelValues.requireTag(tag);
    Objects.requireNonNull(revision, "revision");
    ControlPlaneStatus status = controlPlaneStatus(revision, Set.of());
    if (!status.ready()) {
      throw new UpgradeRefusedException("refusing to point revision tag " + tag + " at " + revision
          + ": its control plane is not ready (" + describe(status) + "); new pods of the tag's namespaces would"
          + " fail to start. Install " + revision + " and wait for it (awaitControlPlane), then move the tag");
    }
    V1MutatingWebhookConfiguration injector = injectorWebhook(revision).orElseThrow(() ->
        new UpgradeRefusedException("refusing to point revision tag " + tag + " at " + revision + ": it has no"
            + " injector webhook (" + Names.injectorWebhook(revision) + "); check that " + revision
            + " is installed"));
    calls.retryOnConflict(() -> {
      List<V1MutatingWebhookConfiguration> existing = new ArrayList<>();
      listWebhooks(Names.LABEL_TAG + "=" + tag, existing::add);
      if (existing.isEmpty()) {
        V1MutatingWebhookConfiguration desired;
        try {
          desired = RevisionTagWebhooks.build(Names.tagWebhook(tag), tag, revision, injector);
        } catch (IllegalArgumentException e) {
          throw new UpgradeRefusedException("cannot point revision tag " + tag + " at " + revision + ": "
              + e.getMessage() + "; check the revision's installation");
        }
        try {
          calls.execute(Op.of("create", "mutatingwebhookconfigurations", "", desired.getMetadata().getName()),
              () -> admission.createMutatingWebhookConfiguration(desired).execute());
        } catch (RemoteCallException e) {
          throw asConflict(e);
        }
        LOG.info("created revision tag {} -> {}", tag, revision);
        return null;
      }
      V1MutatingWebhookConfiguration current = existing.get(0);
      V1MutatingWebhookConfiguration desired =
          RevisionTagWebhooks.build(current.getMetadata().getName(), tag, revision, injector);
      if (RevisionTagWebhooks.sameTarget(current, desired)) {
        return null;
      }
      Map<String, String> labels = new LinkedHashMap<>(current.getMetadata().getLabels());
      labels.putAll(desired.getMetadata().getLabels());
      current.getMetadata().setLabels(labels);
      current.setWebhooks(desired.getWebhooks());
      String name = current.getMetadata().getName();
      calls.execute(Op.of("update", "mutatingwebhookconfigurations", "", name),
          () -> admission.replaceMutatingWebhookConfiguration(name, current).execute());
      LOG.info("moved revision tag {} to {}", tag, revision);
      return null;
    });
    List<String> namespaces = new ArrayList<>();
    listNamespaces(Names.LABEL_REV + "=" + tag, ns -> namespaces.add(ns.name()));
    return new RevisionTag(tag, revision, namespaces.stream().sorted().toList());
  }

  private Optional<V1MutatingWebhookConfiguration> injectorWebhook(Revision revision) {
    String name = Names.injectorWebhook(revision);
    try {
      return Optional.of(calls.execute(Op.of("get", "mutatingwebhookconfigurations", "", name),
          () -> admission.readMutatingWebhookConfiguration(name).execute()));
    } catch (RemoteCallException e) {
      if (!KubeCalls.isNotFound(e)) {
        throw e;
      }
    }
    List<V1MutatingWebhookConfiguration> found = new ArrayList<>();
    listWebhooks(Names.LABEL_REV + "=" + revision + ",!" + Names.LABEL_TAG, found::add);
    return found.stream().findFirst();
  }

  private static String describe(ControlPlaneStatus status) {
    return status.notReady().stream().map(c -> c.kind() + " " + c.namespace() + "/" + c.name() + ": " + c.reason())
        .collect(Collectors.joining("; "));
  }

  // ---------------------------------------------------------------------------------------------- inventory

  /**
   * {@inheritDoc}
   *
   * <p>Keeps injected pods of every namespace, and opted-out or not-injected pods of mesh namespaces
   * ({@code istio.io/rev}, or {@code istio-injection=enabled}, which AKS skips). Leaves out the add-on's own pods
   * (aks-istio-system, aks-istio-ingress, aks-istio-egress, or labelled {@code kubernetes.azure.com/managedby=aks}:
   * AKS rolls them itself) and finished pods (Succeeded, Failed). Costs one paginated list of ReplicaSets, two of
   * namespaces and one of pods; keeps only a {@link PodRecord} per pod.
   */
  @Override
  public PodInventory inventory() {
    OwnerResolver owners = new OwnerResolver();
    Pages.<V1ReplicaSetList, V1ReplicaSet>forEach(calls, Op.of("list", "replicasets", "*", ""),
        c -> apps.listReplicaSetForAllNamespaces().limit(pageSize)._continue(c).execute(),
        V1ReplicaSetList::getItems, V1ReplicaSetList::getMetadata, owners::addReplicaSet);
    Set<String> meshNamespaces = new HashSet<>();
    for (MeshNamespace ns : meshNamespaces()) {
      if (!ns.revisionLabel().isEmpty() || "enabled".equals(ns.istioInjectionLabel())) {
        meshNamespaces.add(ns.name());
      }
    }
    List<PodRecord> records = new ArrayList<>();
    Pages.<V1PodList, V1Pod>forEach(calls, Op.of("list", "pods", "*", ""),
        c -> core.listPodForAllNamespaces().limit(pageSize)._continue(c).execute(),
        V1PodList::getItems, V1PodList::getMetadata, pod -> {
          String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
          if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return; // a finished pod runs no proxy
          }
          String ns = pod.getMetadata().getNamespace();
          if (isAddonPod(ns, pod)) {
            return; // istiod and the ingress gateways: AKS rolls them itself, never restart them
          }
          SidecarInspection.Sidecar sidecar = SidecarInspection.inspect(pod);
          if (sidecar.state() != SidecarState.INJECTED && !meshNamespaces.contains(ns)) {
            return;
          }
          records.add(new PodRecord(ns, pod.getMetadata().getName(), owners.ownerOf(pod), sidecar.state(),
              sidecar.revision(), sidecar.proxyImage()));
        });
    return new PodInventory(records);
  }

  private boolean isAddonPod(String namespace, V1Pod pod) {
    if (namespace.equals(systemNamespace) || namespace.equals(ingressNamespace)
        || namespace.equals(Names.EGRESS_NAMESPACE)) {
      return true;
    }
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels != null && "aks".equals(labels.get(Names.LABEL_MANAGED_BY_AKS));
  }

  // ---------------------------------------------------------------------------------------------- restarts

  @Override
  public RestartReport restartWorkloads(List<WorkloadRef> workloads, RestartOptions options,
      RestartListener listener) {
    Objects.requireNonNull(workloads, "workloads");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(listener, "listener");
    workloads.forEach(w -> Objects.requireNonNull(w, "workload"));
    return restarts.restart(workloads, options, listener);
  }

  // ---------------------------------------------------------------------------------------------- proxy image

  @Override
  public Optional<String> currentProxyImage(Revision revision) {
    Objects.requireNonNull(revision, "revision");
    String name = Names.injectorConfigMap(revision);
    Optional<V1ConfigMap> cm = readConfigMap(name);
    if (cm.isEmpty()) {
      return Optional.empty();
    }
    String values = cm.get().getData() == null ? null : cm.get().getData().get("values");
    if (values == null) {
      throw new MeshUpgradeException("ConfigMap " + systemNamespace + "/" + name + " has no key 'values': the"
          + " injector of " + revision + " is not configured as AKS installs it; check the add-on's health");
    }
    try {
      return Optional.of(InjectorValues.proxyImage(values));
    } catch (IllegalArgumentException e) {
      throw new MeshUpgradeException("cannot read the proxy image of " + revision + " from ConfigMap "
          + systemNamespace + "/" + name + ": " + e.getMessage() + "; check the add-on's health", e);
    }
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /** A 409 from a create (AlreadyExists) means another writer won: turn it into a conflict so the caller re-reads. */
  private static RemoteCallException asConflict(RemoteCallException e) {
    if (e.httpStatus() == 409 && !"Conflict".equals(e.code())) {
      return new ClusterChangedException(409, "Conflict", e.remoteMessage(), e.getMessage(), e);
    }
    return e;
  }

  private void sleep(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return;
    }
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshUpgradeException("interrupted while waiting for the control plane; call again", e);
    }
  }

  /**
   * Builds a {@link KubernetesMeshDataPlane}. Not thread-safe; the built adapter is.
   */
  public static final class Builder {
    private ApiClient apiClient;
    private Clock clock = Clock.systemUTC();
    private Duration pollInterval = Duration.ofSeconds(2);
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxRetries = 5;
    private int pageSize = Pages.DEFAULT_LIMIT;
    private String systemNamespace = Names.SYSTEM_NAMESPACE;
    private String ingressNamespace = Names.INGRESS_NAMESPACE;

    private Builder() {}

    /** Uses this client (e.g. {@code Config.fromConfig(path)}); without it, the default kubeconfig or in-cluster config. */
    public Builder apiClient(ApiClient apiClient) {
      this.apiClient = Objects.requireNonNull(apiClient, "apiClient");
      return this;
    }

    /** The clock for restartedAt stamps and deadlines (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How often waits look again (default 2 s). */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = positive(pollInterval, "pollInterval");
      return this;
    }

    /** HTTP read/write timeout of the default client (default 30 s); ignored when a client is given. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /**
     * Retries of 429, 5xx and failed connections (and re-reads after a 409), with exponential backoff from
     * {@code initialBackoff} up to {@code maxBackoff} (a Retry-After header wins, capped). Default 5, 200 ms, 5 s.
     */
    public Builder retries(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
      }
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("expected 0 <= initialBackoff <= maxBackoff, got " + initialBackoff
            + " and " + maxBackoff);
      }
      this.maxRetries = maxRetries;
      this.initialBackoff = initialBackoff;
      this.maxBackoff = maxBackoff;
      return this;
    }

    /** Items per list page (default 500). */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1) {
        throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /** Where istiod, its ConfigMaps and webhooks live (default aks-istio-system). */
    public Builder systemNamespace(String namespace) {
      this.systemNamespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    /** Where the ingress gateways live (default aks-istio-ingress). */
    public Builder ingressNamespace(String namespace) {
      this.ingressNamespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    /**
     * Builds the adapter.
     *
     * @throws MeshUpgradeException if no client was given and no kubeconfig or in-cluster config can be read
     */
    public KubernetesMeshDataPlane build() {
      return new KubernetesMeshDataPlane(this, apiClient != null ? apiClient : defaultClient(requestTimeout));
    }

    static ApiClient defaultClient(Duration requestTimeout) {
      try {
        ApiClient c = io.kubernetes.client.util.Config.defaultClient();
        c.setReadTimeout((int) requestTimeout.toMillis());
        c.setWriteTimeout((int) requestTimeout.toMillis());
        return c;
      } catch (IOException e) {
        throw new MeshUpgradeException("cannot read a Kubernetes configuration (KUBECONFIG, ~/.kube/config or the"
            + " in-cluster service account): " + e.getMessage() + "; run az aks get-credentials or pass an ApiClient",
            e);
      }
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
