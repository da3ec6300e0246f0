package io.meshupgrade.testkit.k8s;

import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.testkit.k8s.internal.ApiServer;
import io.meshupgrade.testkit.k8s.internal.InMemoryObjectStore;
import io.meshupgrade.testkit.k8s.internal.ServiceController;
import io.meshupgrade.testkit.k8s.internal.SidecarInjector;
import io.meshupgrade.testkit.k8s.internal.WorkloadController;
import io.meshupgrade.testkit.k8s.internal.WorkloadObjects;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * An in-process Kubernetes API server with the AKS Istio add-on's behaviour, for tests and demos: the official
 * Kubernetes client talks to it unchanged over HTTP on 127.0.0.1 (an ephemeral port), JSON only, no authentication.
 *
 * <pre>{@code
 * try (KubernetesSimulator sim = KubernetesSimulator.start()) {
 *   sim.seed().revision("asm-1-18", "mcr.microsoft.com/oss/istio/proxyv2:1.18.2-distroless")
 *      .namespace("shop", Map.of("istio.io/rev", "asm-1-18"))
 *      .deployments("shop", "web", 10, 3)
 *      .apply();
 *   ApiClient client = new ClientBuilder().setBasePath(sim.uri().toString()).build();
 *   ...
 * }
 * }</pre>
 *
 * Thread-safe. Close it to stop the server, end open watches and stop the controllers.
 */
public final class KubernetesSimulator implements AutoCloseable {
  private final InMemoryObjectStore store;
  private final WorkloadController controller;
  private final ServiceController services;
  private final ApiServer server;
  private final RequestLog requestLog = new RequestLog();
  private final Faults faults;
  private final MeshAddon addon;
  private final Workloads workloads;

  private KubernetesSimulator(Builder b) {
    this.store = new InMemoryObjectStore(b.clock, b.eventHistory, b.randomSeed);
    this.controller = new WorkloadController(store, b.startDelayMin, b.startDelayMax, b.randomSeed);
    controller.progressDeadline(b.progressDeadline);
    controller.podCapacity(b.podCapacity);
    this.services = new ServiceController(store);
    store.addAdmission(new SidecarInjector(store));
    store.addAdmission(services);
    store.addListener(controller);
    store.addListener(services);
    controller.addIdleCheck(services::isIdle);
    this.faults = new Faults(store);
    this.addon = new MeshAddon(store);
    this.workloads = new Workloads(controller);
    for (int i = 0; i < b.nodes; i++) {
      store.create(ApiResource.NODES, WorkloadObjects.node("aks-nodepool1-12345678-vmss00000" + i));
    }
    for (String ns : new String[] {"default", "kube-system", "kube-public", "kube-node-lease"}) {
      store.create(ApiResource.NAMESPACES, WorkloadObjects.namespace(ns, java.util.Map.of()));
    }
    try {
      this.server = new ApiServer(store, requestLog, faults, b.bookmarkInterval, b.kubernetesVersion);
    } catch (IOException e) {
      controller.close();
      services.close();
      throw new MeshUpgradeException(
          "cannot start the Kubernetes simulator on 127.0.0.1: " + e.getMessage() + "; check local sockets", e);
    }
  }

  /** {@return a simulator with default settings, started} */
  public static KubernetesSimulator start() {
    return builder().build();
  }

  /**
   * A builder of a simulator.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the base URL for clients, e.g. {@code http://127.0.0.1:41234}} */
  public URI uri() {
    return server.uri();
  }

  /** {@return a kubeconfig (YAML) pointing at this simulator, context {@code simulated-aks}, no credentials} */
  public String kubeconfig() {
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: simulated-aks\n  cluster:\n    server: "
        + uri()
        + "\ncontexts:\n- name: simulated-aks\n  context:\n    cluster: simulated-aks\n    user: simulated-user\n"
        + "current-context: simulated-aks\nusers:\n- name: simulated-user\n  user: {}\n";
  }

  /** {@return the objects, from Java} */
  public ObjectStore store() {
    return store;
  }

  /** {@return the add-on: revisions, gateways, tags, patch releases} */
  public MeshAddon addon() {
    return addon;
  }

  /** {@return the workload controller's settings} */
  public Workloads workloads() {
    return workloads;
  }

  /**
   * Faults on demand for HTTP calls.
   *
   * @return the faults
   */
  public Faults faults() {
    return faults;
  }

  /** {@return the HTTP requests served} */
  public RequestLog requestLog() {
    return requestLog;
  }

  /** {@return a new seeding builder} */
  public ClusterSeed seed() {
    return new ClusterSeed(store, controller, addon);
  }

  /**
   * Number of watch streams open now.
   *
   * @return the int
   */
  public int openWatches() {
    return store.openWatches();
  }

  /**
   * Shorthand for {@code workloads().awaitIdle(timeout)}.
   *
   * @param timeout how long to wait at most
   * @return whether the controllers became idle within the timeout
   */
  public boolean awaitIdle(Duration timeout) {
    return workloads.awaitIdle(timeout);
  }

  @Override
  public void close() {
    server.close();
    controller.close();
    services.close();
  }

  /** Settings of a simulator. Not thread-safe. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Duration startDelayMin = Duration.ZERO;
    private Duration startDelayMax = Duration.ofMillis(50);
    private Duration progressDeadline;
    private Duration bookmarkInterval = Duration.ofSeconds(1);
    private int nodes = 3;
    private int eventHistory = 20_000;
    private long randomSeed = 42;
    private String kubernetesVersion = "1.30.0";
    private int podCapacity = -1;

    private Builder() {}

    /**
     * The version {@code /version} reports (default 1.30.0): {@code gitVersion} {@code v<version>}, as AKS reports
     * the cluster's {@code kubernetesVersion}.
     *
     * @param version e.g. {@code 1.28.3}
     * @return this builder
     */
    public Builder kubernetesVersion(String version) {
      Objects.requireNonNull(version, "version");
      if (!version.matches("\\d+\\.\\d+(\\.\\d+)?")) {
        throw new IllegalArgumentException("Kubernetes version '" + version + "' must have the form 1.28 or 1.28.3");
      }
      this.kubernetesVersion = version.chars().filter(c -> c == '.').count() == 1 ? version + ".0" : version;
      return this;
    }

    /**
     * How many pods the nodes hold together (default: no limit). Past it, new pods stay Pending
     * ({@code PodScheduled=False}, reason {@code Unschedulable}) until capacity frees.
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
     * Clock for timestamps (default: system UTC).
     *
     * @param clock the time source
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Pod start delay range (default 0-50 ms).
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
     * Overrides Deployments' progress deadline (default: their spec, 600 s when unset).
     *
     * @param deadline the deadline
     * @return this builder
     */
    public Builder progressDeadline(Duration deadline) {
      this.progressDeadline = Objects.requireNonNull(deadline, "deadline");
      return this;
    }

    /**
     * How often an idle watch with allowWatchBookmarks gets a BOOKMARK (default 1 s).
     *
     * @param interval the time between two checks
     * @return this builder
     */
    public Builder bookmarkInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("bookmark interval must be positive, got " + interval);
      }
      this.bookmarkInterval = interval;
      return this;
    }

    /**
     * Number of simulated nodes (DaemonSets run one pod per node; default 3).
     *
     * @param nodes the nodes
     * @return this builder
     */
    public Builder nodes(int nodes) {
      if (nodes < 0) {
        throw new IllegalArgumentException("nodes must not be negative, got " + nodes);
      }
      this.nodes = nodes;
      return this;
    }

    /**
     * How many events the watch history keeps (default 20,000). A watch from an older resourceVersion gets 410 Gone.
     *
     * @param events the events
     * @return this builder
     */
    public Builder eventHistory(int events) {
      if (events < 1) {
        throw new IllegalArgumentException("event history must be at least 1, got " + events);
      }
      this.eventHistory = events;
      return this;
    }

    /**
     * Seed for generated names and delays (default 42).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder randomSeed(long seed) {
      this.randomSeed = seed;
      return this;
    }

    /**
     * Builds and starts the simulator.
     *
     * @return the kubernetes simulator
     */
    public KubernetesSimulator build() {
      return new KubernetesSimulator(this);
    }
  }
}
