package io.meshupgrade.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.meshupgrade.exception.ClusterChangedException;
import io.meshupgrade.model.ControlPlaneStatus;
import io.meshupgrade.model.IngressGateway;
import io.meshupgrade.model.MeshConfigCopy;
import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.exception.MissingPermissionException;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.PodRecord;
import io.meshupgrade.exception.RemoteCallException;
import io.meshupgrade.options.RestartOptions;
import io.meshupgrade.report.RestartReport;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.k8s.internal.Cluster;
import io.meshupgrade.k8s.internal.ControlPlaneChecks;
import io.meshupgrade.k8s.internal.InjectorValues;
import io.meshupgrade.k8s.internal.KubeCalls;
import io.meshupgrade.k8s.internal.NamespaceLabels;
import io.meshupgrade.k8s.internal.Names;
import io.meshupgrade.k8s.internal.Pages;
import io.meshupgrade.k8s.internal.PodInventories;
import io.meshupgrade.k8s.internal.RevisionTags;
import io.meshupgrade.k8s.internal.SharedMeshConfig;
import io.meshupgrade.k8s.internal.WorkloadRestarts;
import io.meshupgrade.spi.MeshDataPlane;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link MeshDataPlane} over the official Kubernetes Java client: what kubectl and istioctl do inside an AKS cluster
 * during a mesh upgrade (control-plane readiness, shared mesh config, namespace labels, revision tags, pod inventory,
 * rollout restarts, proxy image of a revision).
 *
 * <pre>{@code
 * MeshDataPlane dataPlane = KubernetesMeshDataPlane.builder().build();              // default kubeconfig / in-cluster
 * MeshDataPlane other = KubernetesMeshDataPlane.builder().apiClient(apiClient).build();
 * }</pre>
 *
 * <p>The identity needs the permissions of {@code mesh-upgrade-k8s/rbac/clusterrole.yaml} (cluster-wide) and
 * {@code mesh-upgrade-k8s/rbac/role.yaml} (ConfigMaps and Leases, in aks-istio-system only). Failures are
 * {@link MeshUpgradeException}s: {@link MissingPermissionException} ("missing permission: verb resource in
 * namespace") for 403, {@link ClusterChangedException} for a 409 that survived re-reading, {@link RemoteCallException}
 * with the HTTP status and the object otherwise; 429, 5xx and failed connections are retried with backoff first.
 *
 * <p>Thread-safe: it keeps no mutable state between calls.
 */
public final class KubernetesMeshDataPlane implements MeshDataPlane {
  private final Cluster cluster;
  private final ControlPlaneChecks controlPlane;
  private final SharedMeshConfig meshConfig;
  private final NamespaceLabels namespaces;
  private final RevisionTags tags;
  private final PodInventories inventories;
  private final WorkloadRestarts restarts;

  private KubernetesMeshDataPlane(Builder b, ApiClient client) {
    this.cluster = Cluster.of(client, new KubeCalls(b.maxRetries, b.initialBackoff, b.maxBackoff), b.clock,
        b.pollInterval, b.pageSize, b.systemNamespace, b.ingressNamespace);
    this.controlPlane = new ControlPlaneChecks(cluster);
    this.meshConfig = new SharedMeshConfig(cluster);
    this.namespaces = new NamespaceLabels(cluster);
    this.tags = new RevisionTags(cluster, controlPlane);
    this.inventories = new PodInventories(cluster, namespaces);
    this.restarts = new WorkloadRestarts(cluster);
  }

  /** {@return a builder with the defaults: default kubeconfig / in-cluster config, poll every 2 s, 5 retries} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Ready means: the Deployment exists, its available replicas reach its desired replicas (at least 1), and as many
   * pods matched by its selector are Ready. Polls every poll interval (a GET per Deployment and a list of its pods).
   */
  @Override
  public ControlPlaneStatus awaitControlPlane(Revision revision, Set<IngressGateway> gateways, Duration timeout) {
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(gateways, "gateways");
    Objects.requireNonNull(timeout, "timeout");
    return controlPlane.await(revision, gateways, timeout);
  }

  @Override
  public MeshConfigCopy copySharedMeshConfig(Revision from, Revision to, boolean overwrite) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return meshConfig.copy(from, to, overwrite);
  }

  @Override
  public boolean deleteSharedMeshConfig(Revision revision) {
    Objects.requireNonNull(revision, "revision");
    return meshConfig.delete(revision);
  }

  @Override
  public List<MeshNamespace> meshNamespaces() {
    return namespaces.meshNamespaces();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code value} is neither a revision nor a tag name, or a namespace name is
   *     malformed (before any request)
   * @throws io.meshupgrade.exception.UpgradeRefusedException if no installed revision or existing tag has that name (its new
   *     pods would get no sidecar)
   */
  @Override
  public List<MeshNamespace> relabelNamespaces(Collection<String> namespaceNames, String value) {
    return namespaces.relabel(namespaceNames, value);
  }

  @Override
  public List<RevisionTag> revisionTags() {
    return tags.list();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The tag's webhook configuration is {@code istio-revision-tag-<tag>-aks-istio-system} (or the existing one
   * labelled {@code istio.io/tag=<tag>}); its webhooks are the revision injector's {@code rev.namespace} and
   * {@code rev.object} webhooks with the selectors rewritten to the tag. An unchanged tag is not written again.
   *
   * @throws IllegalArgumentException if {@code tag} is not a DNS-1123 label or looks like a revision
   */
  @Override
  public RevisionTag moveRevisionTag(String tag, Revision revision) {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(revision, "revision");
    return tags.move(tag, revision);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Keeps injected pods of every namespace, and opted-out or not-injected pods of mesh namespaces
   * ({@code istio.io/rev}, or {@code istio-injection=enabled}, which AKS skips). Leaves out the add-on's own pods
   * (aks-istio-system, aks-istio-ingress, aks-istio-egress, or labelled {@code kubernetes.azure.com/managedby=aks}:
   * AKS rolls them itself), finished pods (Succeeded, Failed) and terminating pods
   * ({@code metadata.deletionTimestamp} set: an old pod still shutting down after a rollout). A pod whose status
   * annotation has no revision (the format before revisions) is INJECTED with revision "". Costs one paginated list
   * of ReplicaSets, two of namespaces and one of pods; keeps only a {@link PodRecord} per pod. A list whose continue
   * token expires on the way (410 Gone) starts again from its first page, at most 3 times.
   */
  @Override
  public PodInventory inventory() {
    return inventories.take();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Order: the namespaces of {@link RestartOptions#namespaceOrder()} first, then by namespace, kind and name; at
   * most {@link RestartOptions#concurrency()} rollouts in flight. Per workload one GET (paused, OnDelete and AKS
   * checks, current stamp) and one JSON merge patch with the read resourceVersion (409: re-read and retry, keeping the
   * same stamp); waiting costs at most one list per workload kind per poll interval for all rollouts together.
   * Results: SUCCEEDED, FAILED (ProgressDeadlineExceeded naming the workload, an OnDelete strategy, or an API failure
   * that survived the retries), PAUSED, NOT_FOUND, TIMED_OUT (still rolling, or not started, when
   * {@link RestartOptions#rolloutTimeout()} passed), NOT_RESTARTABLE (Jobs, bare pods, and the add-on's own
   * workloads: anything in aks-istio-system, aks-istio-ingress or aks-istio-egress, or labelled
   * {@code kubernetes.azure.com/managedby=aks}, which AKS rolls itself: never patched). The listener is called from
   * the calling thread.
   *
   * @throws MissingPermissionException at once when a GET, PATCH or list is forbidden (403): every other workload
   *     would fail the same way; rollouts already started go on in the cluster
   */
  @Override
  public RestartReport restartWorkloads(List<WorkloadRef> workloads, RestartOptions options,
      RestartListener listener) {
    Objects.requireNonNull(workloads, "workloads");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(listener, "listener");
    workloads.forEach(w -> Objects.requireNonNull(w, "workload"));
    return restarts.restart(workloads, options, listener);
  }

  /**
   * {@inheritDoc}
   *
   * @throws MeshUpgradeException if the ConfigMap exists but its {@code values} hold no readable proxy image
   */
  @Override
  public Optional<String> currentProxyImage(Revision revision) {
    Objects.requireNonNull(revision, "revision");
    String name = Names.injectorConfigMap(revision);
    Optional<V1ConfigMap> cm = cluster.readConfigMap(name);
    if (cm.isEmpty()) {
      return Optional.empty();
    }
    String where = "ConfigMap " + cluster.systemNamespace() + "/" + name;
    String values = cm.get().getData() == null ? null : cm.get().getData().get("values");
    if (values == null) {
      throw new MeshUpgradeException(where + " has no key 'values': the injector of " + revision
          + " is not configured as AKS installs it; check the add-on's health");
    }
    try {
      return Optional.of(InjectorValues.proxyImage(values));
    } catch (IllegalArgumentException e) {
      throw new MeshUpgradeException("cannot read the proxy image of " + revision + " from " + where + ": "
          + e.getMessage() + "; check the add-on's health", e);
    }
  }

  /** Builds a {@link KubernetesMeshDataPlane}. Not thread-safe; the built adapter is. */
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

    /**
     * Uses this client (e.g. {@code Config.fromConfig(path)}); without it, the default kubeconfig ($KUBECONFIG,
     * ~/.kube/config) or the in-cluster service account.
     *
     * @param apiClient the api client
     * @return this builder
     */
    public Builder apiClient(ApiClient apiClient) {
      this.apiClient = Objects.requireNonNull(apiClient, "apiClient");
      return this;
    }

    /**
     * The clock for restartedAt stamps and deadlines (default: system UTC).
     *
     * @param clock the time source
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How often waits look again (default 2 s).
     *
     * @param pollInterval the poll interval
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = positive(pollInterval, "pollInterval");
      return this;
    }

    /**
     * HTTP read/write timeout of the default client (default 30 s); ignored when a client is given.
     *
     * @param requestTimeout the request timeout
     * @return this builder
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /**
     * Retries of 429, 5xx and failed connections (and re-reads after a 409), with exponential backoff from
     * {@code initialBackoff} up to {@code maxBackoff} (a Retry-After header wins, capped). Default 5, 200 ms, 5 s.
     *
     * @param maxRetries the max retries
     * @param initialBackoff the initial backoff
     * @param maxBackoff the max backoff
     * @return this builder
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

    /**
     * Items per list page (default 500).
     *
     * @param pageSize the page size
     * @return this builder
     */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1) {
        throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Where istiod, its ConfigMaps and webhooks live (default aks-istio-system).
     *
     * @param namespace the namespace
     * @return this builder
     */
    public Builder systemNamespace(String namespace) {
      this.systemNamespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    /**
     * Where the ingress gateways live (default aks-istio-ingress).
     *
     * @param namespace the namespace
     * @return this builder
     */
    public Builder ingressNamespace(String namespace) {
      this.ingressNamespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    /**
     * Builds the adapter.
     *
     * @return the kubernetes mesh data plane
     * @throws MeshUpgradeException if no client was given and no kubeconfig or in-cluster config can be read
     */
    public KubernetesMeshDataPlane build() {
      return new KubernetesMeshDataPlane(this, apiClient != null ? apiClient : defaultClient(requestTimeout));
    }

    private static ApiClient defaultClient(Duration requestTimeout) {
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
