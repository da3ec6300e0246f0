package io.meshupgrade.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.testkit.arm.ArmFaults;
import io.meshupgrade.testkit.arm.FakeArmServer;
import io.meshupgrade.testkit.arm.FakeCluster;
import io.meshupgrade.testkit.arm.FakeRevisionCatalog;
import io.meshupgrade.testkit.arm.RecordedRequest;
import io.meshupgrade.testkit.internal.AddonWiring;
import io.meshupgrade.testkit.k8s.ApiResource;
import io.meshupgrade.testkit.k8s.ClusterSeed;
import io.meshupgrade.testkit.k8s.Faults;
import io.meshupgrade.testkit.k8s.KubernetesSimulator;
import io.meshupgrade.testkit.k8s.MeshAddon;
import io.meshupgrade.testkit.k8s.ObjectStore;
import io.meshupgrade.testkit.k8s.RequestLog;
import io.meshupgrade.testkit.k8s.Workloads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A simulated AKS cluster with the Istio add-on, in process: the fake ARM server ({@link FakeArmServer}) and the
 * Kubernetes API simulator ({@link KubernetesSimulator}), both real HTTP servers on 127.0.0.1, wired together as AKS
 * is: when an ARM operation adds a revision ({@code az aks mesh upgrade start}), the revision's control plane comes up
 * in the cluster (istiod, injector ConfigMap and webhook, validator, and the ingress gateways when the cluster has
 * them); when one removes a revision (complete, rollback), it goes away. Workload pods keep their proxies until they
 * are restarted, exactly as on AKS.
 *
 * <pre>{@code
 * try (SimulatedAksCluster aks = SimulatedAksCluster.start()) {      // asm-1-18, the demo workloads
 *   MeshControlPlane arm = AzureMeshControlPlane.builder()
 *       .subscriptionId(aks.subscriptionId()).resourceGroup(aks.resourceGroup()).clusterName(aks.clusterName())
 *       .unauthenticatedEndpoint(aks.armEndpoint()).build();
 *   ApiClient kube = new ClientBuilder().setBasePath(aks.kubernetesUri().toString()).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>The default scenario ({@link #start()}): revision {@value #DEFAULT_REVISION} installed, the catalog
 * {@link #defaultCatalog()} (asm-1-18 -> asm-1-19 -> asm-1-20), Kubernetes {@value #DEFAULT_KUBERNETES_VERSION}, no
 * ingress gateways, and the demo workloads ({@link Builder#demoWorkloads()}).
 *
 * <p>Thread-safe. Close it to stop both servers; closing twice does nothing.
 */
public final class SimulatedAksCluster implements AutoCloseable {

  /** The revision installed by default. */
  public static final String DEFAULT_REVISION = "asm-1-18";

  /** The cluster's Kubernetes version by default. */
  public static final String DEFAULT_KUBERNETES_VERSION = "1.28.3";

  /** Where the add-on's control plane lives. */
  public static final String SYSTEM_NAMESPACE = "aks-istio-system";

  /** Where the add-on's ingress gateways live. */
  public static final String INGRESS_NAMESPACE = "aks-istio-ingress";

  /** The prefix of the optional shared mesh ConfigMap of a revision: {@code istio-shared-configmap-<revision>}. */
  public static final String SHARED_CONFIG_MAP_PREFIX = "istio-shared-configmap-";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final FakeArmServer arm;
  private final KubernetesSimulator kubernetes;
  private final AddonWiring wiring;
  private final boolean ingressGateways;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SimulatedAksCluster(Builder b) {
    List<String> installed = b.revisions;
    KubernetesSimulator.Builder k8s = KubernetesSimulator.builder()
        .clock(b.clock)
        .nodes(b.nodes)
        .startDelay(b.startDelayMin, b.startDelayMax)
        .kubernetesVersion(b.kubernetesVersion);
    if (b.podCapacity > 0) {
      k8s.podCapacity(b.podCapacity);
    }
    this.kubernetes = k8s.build();
    try {
      this.wiring = new AddonWiring(kubernetes.addon(), b.proxyImages);
      this.ingressGateways = b.ingressGateways;
      kubernetes.addon().istiodReplicas(b.istiodReplicas).gatewayReplicas(b.gatewayReplicas);
      ClusterSeed seed = kubernetes.seed();
      for (String revision : installed) {
        seed.revision(revision, wiring.imageOf(revision));
      }
      if (b.ingressGateways) {
        seed.ingressGateway("external").ingressGateway("internal");
      }
      for (String[] egress : b.egressGateways) {
        seed.egressGateway(egress[0], egress[1]);
      }
      if (b.sharedMeshConfig != null) {
        seed.object(ApiResource.CONFIG_MAPS, sharedConfigMap(installed.get(0), b.sharedMeshConfig));
      }
      List<Consumer<ClusterSeed>> seeding = b.seeding != null ? b.seeding : List.of(demo(installed.get(0)));
      for (Consumer<ClusterSeed> s : seeding) {
        s.accept(seed);
      }
      seed.apply(b.seedTimeout);
      for (NeverReady w : b.neverReady) {
        kubernetes.workloads().neverReady(w.kind(), w.namespace(), w.name());
      }
      FakeCluster cluster = FakeCluster.builder()
          .subscriptionId(b.subscriptionId)
          .resourceGroup(b.resourceGroup)
          .name(b.clusterName)
          .location(b.location)
          .kubernetesVersion(b.kubernetesVersion)
          .revisions(installed.toArray(String[]::new))
          .ingressGateways(b.ingressGateways)
          .build();
      this.arm = FakeArmServer.builder()
          .cluster(cluster)
          .catalog(b.catalog)
          .clock(b.clock)
          .operationSteps(b.operationSteps)
          .start();
      arm.addRevisionListener(wiring);
    } catch (RuntimeException e) {
      kubernetes.close();
      throw e;
    }
  }

  /** {@return the default scenario, started (see the class description)} */
  public static SimulatedAksCluster start() {
    return builder().start();
  }

  /** {@return a builder with the default scenario} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return the default catalog: asm-1-18 (upgrades to asm-1-19; Kubernetes 1.26 to 1.28), asm-1-19 (to asm-1-20; 1.27
   * to 1.29), asm-1-20 (none; 1.28 to 1.30)}
   */
  public static FakeRevisionCatalog defaultCatalog() {
    return FakeRevisionCatalog.builder()
        .revision("asm-1-18", List.of("asm-1-19"), List.of("1.26", "1.27", "1.28"))
        .revision("asm-1-19", List.of("asm-1-20"), List.of("1.27", "1.28", "1.29"))
        .revision("asm-1-20", List.of(), List.of("1.28", "1.29", "1.30"))
        .build();
  }

  // ------------------------------------------------------------------------------------------------ ARM

  /** {@return the fake ARM server, with all its controls} */
  public FakeArmServer arm() {
    return arm;
  }

  /** {@return the ARM endpoint, e.g. {@code http://127.0.0.1:41234/} (for {@code unauthenticatedEndpoint})} */
  public URI armEndpoint() {
    return arm.endpoint();
  }

  /** {@return the cluster's subscription id} */
  public String subscriptionId() {
    return arm.subscriptionId();
  }

  /** {@return the cluster's resource group} */
  public String resourceGroup() {
    return arm.resourceGroup();
  }

  /** {@return the cluster's name} */
  public String clusterName() {
    return arm.clusterName();
  }

  /** {@return the cluster's location} */
  public String location() {
    return arm.location();
  }

  /**
   * Faults of the fake ARM server.
   *
   * @return the arm faults
   */
  public ArmFaults armFaults() {
    return arm.faults();
  }

  /** {@return the requests ARM received, oldest first (unmodifiable snapshot)} */
  public List<RecordedRequest> armRequests() {
    return arm.requests();
  }

  /** {@return the revisions ARM has installed now, e.g. {@code [asm-1-18, asm-1-19]} during a canary} */
  public List<String> installedRevisions() {
    return arm.installedRevisions();
  }

  // ------------------------------------------------------------------------------------------------ Kubernetes

  /** {@return the Kubernetes API simulator, with all its controls} */
  public KubernetesSimulator kubernetes() {
    return kubernetes;
  }

  /** {@return the Kubernetes API's base URL, e.g. {@code http://127.0.0.1:41235}} */
  public URI kubernetesUri() {
    return kubernetes.uri();
  }

  /** {@return a kubeconfig (YAML text) for the Kubernetes API, context {@code simulated-aks}, no credentials} */
  public String kubeconfig() {
    return kubernetes.kubeconfig();
  }

  /**
   * Writes {@link #kubeconfig()} to a file.
   *
   * @param file the file
   * @return the file
   * @throws UncheckedIOException when it cannot be written
   */
  public Path writeKubeconfig(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      return Files.writeString(file, kubeconfig(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kubeconfig to " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Faults of the Kubernetes API (HTTP only).
   *
   * @return the faults
   */
  public Faults kubernetesFaults() {
    return kubernetes.faults();
  }

  /** {@return the HTTP requests the Kubernetes API served} */
  public RequestLog kubernetesRequests() {
    return kubernetes.requestLog();
  }

  /** {@return the workload controller: start delay, progress deadline, never-ready workloads, waiting until idle} */
  public Workloads workloads() {
    return kubernetes.workloads();
  }

  /** {@return the cluster's objects from Java (not recorded, no faults)} */
  public ObjectStore store() {
    return kubernetes.store();
  }

  /** {@return the add-on in the cluster (control planes per revision, tags)} */
  public MeshAddon addon() {
    return kubernetes.addon();
  }

  /**
   * Waits until the Kubernetes controllers are idle; whether that happened within the timeout.
   *
   * @param timeout how long to wait at most
   * @return whether the controllers became idle within the timeout
   */
  public boolean awaitIdle(Duration timeout) {
    return kubernetes.awaitIdle(timeout);
  }

  // ------------------------------------------------------------------------------------------------ the add-on

  /** {@return whether the cluster has ingress gateways (external and internal)} */
  public boolean ingressGateways() {
    return ingressGateways;
  }

  /**
   * Revisions whose control plane is in the cluster now, in installation order.
   *
   * @return the strings
   */
  public Set<String> controlPlaneRevisions() {
    return kubernetes.addon().revisions();
  }

  /**
   * {@return the proxy image a revision injects now (for revisions not installed: the one it would install)}
   *
   * @param revision the revision
   */
  public String proxyImage(String revision) {
    return wiring.imageOf(Objects.requireNonNull(revision, "revision"));
  }

  /**
   * A patch release of an installed revision: the next patch of its proxy image ({@code 1.18.0 -> 1.18.1}). istiod
   * and the gateways roll; workloads keep their old proxy until restarted.
   *
   * @param revision the revision
   * @return the new proxy image
   * @throws IllegalStateException when the revision is not installed
   */
  public String patchRelease(String revision) {
    Objects.requireNonNull(revision, "revision");
    return patchRelease(revision, AddonWiring.nextPatch(proxyImage(revision)));
  }

  /**
   * {@return a patch release of an installed revision to this proxy image}
   *
   * @param revision the revision
   * @param newProxyImage the new proxy image
   */
  public String patchRelease(String revision, String newProxyImage) {
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(newProxyImage, "newProxyImage");
    return wiring.patchRelease(revision, newProxyImage);
  }

  // ------------------------------------------------------------------------------------------------ views

  /**
   * The workload pods (the add-on's own namespaces left out), sorted by namespace and name.
   *
   * @return unmodifiable list
   */
  public List<MeshPod> pods() {
    List<MeshPod> out = new ArrayList<>();
    for (ObjectNode pod : store().list(ApiResource.PODS, null, null)) {
      String ns = pod.path("metadata").path("namespace").asText();
      if (ns.equals(SYSTEM_NAMESPACE) || ns.equals(INGRESS_NAMESPACE)) {
        continue;
      }
      out.add(new MeshPod(ns, pod.path("metadata").path("name").asText(), revisionOf(pod), proxyImageOf(pod),
          isReady(pod)));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * {@return the workload pods whose proxy was injected by {@code revision}}
   *
   * @param revision the revision
   */
  public List<MeshPod> podsOn(String revision) {
    Objects.requireNonNull(revision, "revision");
    return pods().stream().filter(p -> p.runs(revision)).toList();
  }

  /**
   * Number of workload pods per revision (pods without a sidecar left out), sorted by revision.
   *
   * @return the map
   */
  public Map<String, Integer> podCountsByRevision() {
    Map<String, Integer> out = new TreeMap<>();
    for (MeshPod p : pods()) {
      p.revision().ifPresent(r -> out.merge(r, 1, Integer::sum));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Names of the namespaces labelled {@code istio.io/rev=<value>} (a revision or a tag), sorted.
   *
   * @param value a revision or a revision tag
   * @return the strings
   */
  public List<String> namespacesLabelled(String value) {
    Objects.requireNonNull(value, "value");
    return store().list(ApiResource.NAMESPACES, null, "istio.io/rev=" + value).stream()
        .map(n -> n.path("metadata").path("name").asText())
        .sorted()
        .toList();
  }

  /**
   * Names of the namespaces with an {@code istio-injection} label (skipped by the AKS add-on), sorted.
   *
   * @return the strings
   */
  public List<String> namespacesWithIstioInjection() {
    return store().list(ApiResource.NAMESPACES, null, "istio-injection").stream()
        .map(n -> n.path("metadata").path("name").asText())
        .sorted()
        .toList();
  }

  /**
   * {@return the {@code mesh} entry of {@code istio-shared-configmap-<revision>}, if that ConfigMap exists}
   *
   * @param revision the revision
   */
  public Optional<String> sharedMeshConfig(String revision) {
    Objects.requireNonNull(revision, "revision");
    return store().get(ApiResource.CONFIG_MAPS, SYSTEM_NAMESPACE, SHARED_CONFIG_MAP_PREFIX + revision)
        .map(cm -> cm.path("data").path("mesh").asText(""));
  }

  /**
   * The {@code metadata.generation} of every Deployment, StatefulSet and DaemonSet outside the add-on's namespaces,
   * keyed {@code Kind namespace/name} and sorted: a workload seeded with generation 1 and restarted n times has
   * generation n + 1 (a restart changes the pod template).
   *
   * @return unmodifiable map
   */
  public Map<String, Long> workloadGenerations() {
    Map<String, Long> out = new TreeMap<>();
    for (ApiResource r : List.of(ApiResource.DEPLOYMENTS, ApiResource.STATEFUL_SETS, ApiResource.DAEMON_SETS)) {
      for (ObjectNode o : store().list(r, null, null)) {
        String ns = o.path("metadata").path("namespace").asText();
        if (ns.equals(SYSTEM_NAMESPACE) || ns.equals(INGRESS_NAMESPACE)) {
          continue;
        }
        out.put(r.kind() + " " + ns + "/" + o.path("metadata").path("name").asText(),
            o.path("metadata").path("generation").asLong());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** Stops both servers. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        arm.close();
      } finally {
        kubernetes.close();
      }
    }
  }

  @Override
  public String toString() {
    return "SimulatedAksCluster[arm " + arm.endpoint() + ", kubernetes " + kubernetes.uri() + ", revisions "
        + installedRevisions() + "]";
  }

  // ------------------------------------------------------------------------------------------------ helpers

  static Optional<String> revisionOf(JsonNode pod) {
    String status = pod.path("metadata").path("annotations").path("sidecar.istio.io/status").asText(null);
    if (status == null) {
      return Optional.empty();
    }
    try {
      String rev = MAPPER.readTree(status).path("revision").asText(null);
      return Optional.ofNullable(rev == null || rev.isEmpty() ? null : rev);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Optional<String> proxyImageOf(JsonNode pod) {
    for (String list : List.of("containers", "initContainers")) {
      for (JsonNode c : pod.path("spec").path(list)) {
        if ("istio-proxy".equals(c.path("name").asText())) {
          return Optional.ofNullable(c.path("image").asText(null));
        }
      }
    }
    return Optional.empty();
  }

  static boolean isReady(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) {
        return "True".equals(c.path("status").asText());
      }
    }
    return false;
  }

  private static ObjectNode sharedConfigMap(String revision, String mesh) {
    ObjectNode cm = MAPPER.createObjectNode();
    cm.put("apiVersion", "v1").put("kind", "ConfigMap");
    cm.putObject("metadata").put("name", SHARED_CONFIG_MAP_PREFIX + revision).put("namespace", SYSTEM_NAMESPACE);
    cm.putObject("data").put("mesh", mesh);
    return cm;
  }

  /** The demo workloads for a revision; see {@link Builder#demoWorkloads()}. */
  static Consumer<ClusterSeed> demo(String revision) {
    Map<String, String> rev = Map.of("istio.io/rev", revision);
    return seed -> seed
        .namespace("shop", rev)
        .deployment("shop", "frontend", 2)
        .deployment("shop", "cart", 2)
        .statefulSet("shop", "orders-db", 2)
        .pod("shop", "debug", Map.of(ClusterSeed.INJECT_LABEL, "false"))
        .namespace("payments", rev)
        .deployment("payments", "api", 2)
        .namespace("monitoring", rev)
        .daemonSet("monitoring", "node-agent")
        .namespace("legacy", Map.of("istio-injection", "enabled"))
        .deployment("legacy", "old-app", 1)
        .namespace("batch")
        .job("batch", "nightly-report");
  }

  private record NeverReady(ApiResource kind, String namespace, String name) {}

  /** Builds and starts a {@link SimulatedAksCluster}. Not thread-safe. */
  public static final class Builder {
    private List<String> revisions = List.of(DEFAULT_REVISION);
    private FakeRevisionCatalog catalog = defaultCatalog();
    private String kubernetesVersion = DEFAULT_KUBERNETES_VERSION;
    private boolean ingressGateways;
    private final Map<String, String> proxyImages = new LinkedHashMap<>();
    private String sharedMeshConfig;
    private List<Consumer<ClusterSeed>> seeding;
    private Duration startDelayMin = Duration.ZERO;
    private Duration startDelayMax = Duration.ofMillis(20);
    private final List<NeverReady> neverReady = new ArrayList<>();
    private int nodes = 2;
    private int istiodReplicas = 1;
    private int gatewayReplicas = 1;
    private int operationSteps = 1;
    private Clock clock = Clock.systemUTC();
    private String subscriptionId = "00000000-0000-0000-0000-000000000000";
    private String resourceGroup = "rg-simulated";
    private String clusterName = "simulated-aks";
    private String location = "westeurope";
    private Duration seedTimeout = Duration.ofMinutes(1);
    private final List<String[]> egressGateways = new ArrayList<>();
    private int podCapacity = -1;

    private Builder() {}

    /**
     * The revisions installed at the start (default {@value SimulatedAksCluster#DEFAULT_REVISION}); two for a canary
     * already in progress (a stale canary). The first is the one the demo namespaces are labelled with.
     *
     * @param revisions the revisions
     * @return this builder
     * @throws IllegalArgumentException when none, more than two, or not of the form {@code asm-<major>-<minor>}
     */
    public Builder revisions(String... revisions) {
      Objects.requireNonNull(revisions, "revisions");
      List<String> list = List.copyOf(new LinkedHashSet<>(Arrays.asList(revisions)));
      if (list.isEmpty() || list.size() > 2) {
        throw new IllegalArgumentException(
            "expected one or two revisions such as asm-1-18, got " + Arrays.toString(revisions));
      }
      list.forEach(AddonWiring::defaultImage);
      this.revisions = list;
      return this;
    }

    /**
     * Shorthand for {@code revisions(revision)}.
     *
     * @param revision the revision
     * @return this builder
     */
    public Builder revision(String revision) {
      return revisions(Objects.requireNonNull(revision, "revision"));
    }

    /**
     * The revisions ARM publishes (default {@link #defaultCatalog()}).
     *
     * @param catalog the catalog
     * @return this builder
     */
    public Builder catalog(FakeRevisionCatalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /**
     * The cluster's Kubernetes version (default {@value SimulatedAksCluster#DEFAULT_KUBERNETES_VERSION}), e.g. {@code
     * 1.27.9}.
     *
     * @param version the version
     * @return this builder
     */
    public Builder kubernetesVersion(String version) {
      Objects.requireNonNull(version, "version");
      if (!version.matches("\\d+\\.\\d+(\\.\\d+)?")) {
        throw new IllegalArgumentException(
            "Kubernetes version '" + version + "' must have the form 1.28 or 1.28.3");
      }
      this.kubernetesVersion = version;
      return this;
    }

    /**
     * Whether the cluster has ingress gateways, one external and one internal per revision (default false).
     *
     * @param enabled whether enabled
     * @return this builder
     */
    public Builder ingressGateways(boolean enabled) {
      this.ingressGateways = enabled;
      return this;
    }

    /**
     * The proxy image a revision installs (default {@code
     * mcr.microsoft.com/oss/istio/proxyv2:<major>.<minor>.0-distroless}).
     *
     * @param revision the revision
     * @param image the image
     * @return this builder
     */
    public Builder proxyImage(String revision, String image) {
      AddonWiring.defaultImage(Objects.requireNonNull(revision, "revision"));
      proxyImages.put(revision, Objects.requireNonNull(image, "image"));
      return this;
    }

    /**
     * Creates {@code istio-shared-configmap-<first revision>} with this {@code mesh} entry (default: none).
     *
     * @param mesh the mesh config text (the ConfigMap's {@code mesh} key)
     * @return this builder
     */
    public Builder sharedMeshConfig(String mesh) {
      this.sharedMeshConfig = Objects.requireNonNull(mesh, "mesh");
      return this;
    }

    /**
     * Replaces the demo workloads by what {@code seeding} adds (may be called several times; each adds). The
     * revisions (and gateways, and the shared mesh config) are seeded first, so namespaces labelled with an
     * installed revision get injected pods.
     *
     * @param seeding the seeding
     * @return this builder
     */
    public Builder workloads(Consumer<ClusterSeed> seeding) {
      Objects.requireNonNull(seeding, "seeding");
      if (this.seeding == null) {
        this.seeding = new ArrayList<>();
      }
      this.seeding.add(seeding);
      return this;
    }

    /**
     * Adds the demo workloads (the default when no {@link #workloads} is given), for the first revision R:
     * namespace {@code shop} (istio.io/rev=R) with Deployments {@code frontend} and {@code cart} (2 replicas each),
     * StatefulSet {@code orders-db} (2) and a bare pod {@code debug} opted out of injection; {@code payments}
     * (istio.io/rev=R) with Deployment {@code api} (2); {@code monitoring} (istio.io/rev=R) with DaemonSet
     * {@code node-agent} (one pod per node); {@code legacy} (istio-injection=enabled, skipped by AKS) with Deployment
     * {@code old-app} (1); {@code batch} (no label) with Job {@code nightly-report}.
     *
     * @return this builder
     */
    public Builder demoWorkloads() {
      return workloads(seed -> demo(revisions.get(0)).accept(seed));
    }

    /**
     * No namespaces nor workloads besides the add-on's (forgets what {@link #workloads} added so far).
     *
     * @return this builder
     */
    public Builder noWorkloads() {
      this.seeding = new ArrayList<>();
      return this;
    }

    /**
     * New pods become Ready after a delay drawn from [min, max] (default 0 to 20 ms); seeding is instant.
     *
     * @param min the shortest delay
     * @param max the longest delay
     * @return this builder
     */
    public Builder startDelay(Duration min, Duration max) {
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
      if (min.isNegative() || max.compareTo(min) < 0) {
        throw new IllegalArgumentException("start delay must satisfy 0 <= min <= max, got " + min + ", " + max);
      }
      this.startDelayMin = min;
      this.startDelayMax = max;
      return this;
    }

    /**
     * Pods of this workload created after seeding never become Ready (a restart never completes).
     *
     * @param kind {@link ApiResource#DEPLOYMENTS}, {@link ApiResource#STATEFUL_SETS} or {@link ApiResource#DAEMON_SETS}
     * @param namespace the namespace
     * @param name the name
     * @return this builder
     */
    public Builder neverReady(ApiResource kind, String namespace, String name) {
      Objects.requireNonNull(kind, "kind");
      neverReady.add(new NeverReady(kind, Objects.requireNonNull(namespace, "namespace"),
          Objects.requireNonNull(name, "name")));
      return this;
    }

    /**
     * Simulated nodes, i.e. pods per DaemonSet (default 2).
     *
     * @param nodes the nodes
     * @return this builder
     */
    public Builder nodes(int nodes) {
      if (nodes < 1) {
        throw new IllegalArgumentException("nodes must be at least 1, got " + nodes);
      }
      this.nodes = nodes;
      return this;
    }

    /**
     * istiod replicas per revision (default 1).
     *
     * @param replicas the number of replicas
     * @return this builder
     */
    public Builder istiodReplicas(int replicas) {
      this.istiodReplicas = positive(replicas, "istiod replicas");
      return this;
    }

    /**
     * Replicas of each ingress gateway Deployment (default 1).
     *
     * @param replicas the number of replicas
     * @return this builder
     */
    public Builder gatewayReplicas(int replicas) {
      this.gatewayReplicas = positive(replicas, "gateway replicas");
      return this;
    }

    /**
     * How many polls an ARM operation answers InProgress before it ends (default 1).
     *
     * @param steps the steps
     * @return this builder
     */
    public Builder operationSteps(int steps) {
      if (steps < 0) {
        throw new IllegalArgumentException("operation steps must be >= 0, got " + steps);
      }
      this.operationSteps = steps;
      return this;
    }

    /**
     * The clock of both servers (default system UTC).
     *
     * @param clock the time source
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The cluster's ARM identity (defaults: 00000000-0000-0000-0000-000000000000, rg-simulated, simulated-aks,
     * westeurope).
     *
     * @param subscriptionId the subscription id
     * @param resourceGroup the resource group
     * @param clusterName the cluster name
     * @param location the location
     * @return this builder
     */
    public Builder armIdentity(String subscriptionId, String resourceGroup, String clusterName, String location) {
      this.subscriptionId = Objects.requireNonNull(subscriptionId, "subscriptionId");
      this.resourceGroup = Objects.requireNonNull(resourceGroup, "resourceGroup");
      this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
      this.location = Objects.requireNonNull(location, "location");
      return this;
    }

    /**
     * An egress gateway as the add-on creates it for {@code components.egressGateways[]}: a Deployment
     * {@code <name>-<revision>} per installed revision in {@code aks-istio-egress}, behind one ClusterIP Service
     * {@code <name>} shared across revisions.
     *
     * @param name the name
     * @return this builder
     */
    public Builder egressGateway(String name) {
      return egressGateway(name, MeshAddon.EGRESS_NAMESPACE);
    }

    /**
     * An egress gateway in a namespace of its own; see {@link #egressGateway(String)}.
     *
     * @param name the name
     * @param namespace the namespace
     * @return this builder
     */
    public Builder egressGateway(String name, String namespace) {
      egressGateways.add(new String[] {Objects.requireNonNull(name, "name"),
          Objects.requireNonNull(namespace, "namespace")});
      return this;
    }

    /**
     * How many pods the simulated nodes hold together (default: no limit). Past it, new pods stay Pending with
     * {@code PodScheduled=False, reason Unschedulable} until others go away.
     *
     * @param pods the pods
     * @return this builder
     */
    public Builder podCapacity(int pods) {
      if (pods < 1) {
        throw new IllegalArgumentException("pod capacity must be at least 1, got " + pods);
      }
      this.podCapacity = pods;
      return this;
    }

    /**
     * How long seeding may take before start fails (default 1 minute).
     *
     * @param timeout how long to wait at most
     * @return this builder
     */
    public Builder seedTimeout(Duration timeout) {
      this.seedTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Starts both servers, seeds the cluster and wires ARM's revision changes to the cluster.
     *
     * @return the simulated aks cluster
     * @throws MeshUpgradeException when the servers cannot start or seeding does not settle
     */
    public SimulatedAksCluster start() {
      return new SimulatedAksCluster(this);
    }

    private static int positive(int n, String what) {
      if (n <= 0) {
        throw new IllegalArgumentException(what + " must be positive, got " + n);
      }
      return n;
    }
  }
}
