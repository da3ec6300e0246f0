package io.meshupgrade.testkit.arm;

import com.sun.net.httpserver.HttpServer;
import io.meshupgrade.testkit.arm.internal.ArmHttpHandler;
import io.meshupgrade.testkit.arm.internal.ArmState;
import io.meshupgrade.testkit.arm.internal.FaultPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Azure Resource Manager for one AKS managed cluster with the Istio add-on: a real HTTP server on
 * 127.0.0.1 (ephemeral port) that serves, with ARM's paths, {@code api-version} query and JSON bodies:
 * <ul>
 *   <li>{@code GET|PUT /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{name}}
 *   <li>{@code GET .../managedClusters/{name}/meshUpgradeProfiles} and {@code .../meshUpgradeProfiles/istio}
 *   <li>{@code GET /subscriptions/{sub}/providers/Microsoft.ContainerService/locations/{loc}/meshRevisionProfiles}
 *       and {@code .../meshRevisionProfiles/istio}
 *   <li>{@code GET .../locations/{loc}/operations/{id}}: the {@code Azure-AsyncOperation} status URL
 * </ul>
 * It behaves like ARM: the eTag changes on every write and a mismatching {@code If-Match} gets 412; a PUT starts a
 * long-running operation (200, {@code Azure-AsyncOperation}, {@code Retry-After}, provisioningState Updating, then
 * Succeeded); a PUT while an operation runs gets 409; revision changes are checked (at most 2 unique revisions,
 * only catalog revisions, an added revision must be an offered upgrade of the installed one) and rejected with 400
 * "Requested change in revisions is not allowed. Reason: ..."; listing mesh upgrade profiles while two revisions
 * are installed gets 409 {@code ServiceMeshUpgradeInProgress}.
 *
 * <p>An operation advances one step on each poll of its status URL and each GET of the cluster; by default it
 * answers InProgress once and then ends (see {@link Builder#operationSteps(int)} and {@link #faults()}).
 *
 * <p>Thread-safe. Close it to stop the server.
 */
public final class FakeArmServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final ArmState state;
  private final ArmHttpHandler handler;
  private final FaultPlan faults;
  private final FakeCluster cluster;

  private FakeArmServer(Builder b) {
    this.cluster = b.cluster;
    this.faults = new FaultPlan();
    this.state = new ArmState(b.cluster, b.catalog, faults, b.clock, b.operationSteps, b.retryAfter);
    try {
      this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the fake ARM server to 127.0.0.1", e);
    }
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "fake-arm-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.handler = new ArmHttpHandler(state, faults, b.apiVersions, this::baseUrl);
    server.createContext("/", handler);
    server.setExecutor(executor);
    server.start();
  }

  /**
   * A builder seeded with the Azure REST API examples ({@link FakeCluster#fromFixture()} and
   * {@link FakeRevisionCatalog#fromFixture()}).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The endpoint to point an ARM client at, e.g. {@code http://127.0.0.1:41234/}.
   *
   * @return the endpoint, with a trailing slash
   */
  public URI endpoint() {
    return URI.create(baseUrl() + "/");
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** @return the cluster's subscription id */
  public String subscriptionId() {
    return cluster.subscriptionId();
  }

  /** @return the cluster's resource group */
  public String resourceGroup() {
    return cluster.resourceGroup();
  }

  /** @return the cluster's name */
  public String clusterName() {
    return cluster.name();
  }

  /** @return the cluster's location */
  public String location() {
    return cluster.location();
  }

  /**
   * The ARM path of the cluster, e.g. {@code /subscriptions/.../managedClusters/clustername1}.
   *
   * @return the path
   */
  public String clusterPath() {
    return "/subscriptions/" + subscriptionId() + "/resourceGroups/" + resourceGroup()
        + "/providers/Microsoft.ContainerService/managedClusters/" + clusterName();
  }

  /** @return the fault injection API */
  public ArmFaults faults() {
    return faults;
  }

  /** @return every request received so far, in arrival order (unmodifiable snapshot) */
  public List<RecordedRequest> requests() {
    return handler.requests();
  }

  /**
   * The requests of one kind.
   *
   * @param call the kind
   * @return unmodifiable snapshot, in arrival order
   */
  public List<RecordedRequest> requests(ArmCall call) {
    Objects.requireNonNull(call, "call");
    return handler.requests().stream().filter(r -> call.matches(r.call())).toList();
  }

  /** Empties the request log. */
  public void clearRequests() {
    handler.clearRequests();
  }

  /** @param listener told when the installed revisions change */
  public void addRevisionListener(RevisionListener listener) {
    handler.addListener(Objects.requireNonNull(listener, "listener"));
  }

  /** @param listener no longer told */
  public void removeRevisionListener(RevisionListener listener) {
    handler.removeListener(Objects.requireNonNull(listener, "listener"));
  }

  /** @return the cluster document as GET returns it now (JSON text, with eTag) */
  public String clusterJson() {
    return state.clusterJson();
  }

  /** @return revisions installed now; a running operation's new revisions are not installed until it succeeds */
  public List<String> installedRevisions() {
    return state.installedRevisions();
  }

  /** @return the cluster's provisioningState, e.g. Succeeded or Updating */
  public String provisioningState() {
    return state.provisioningState();
  }

  /** @return the cluster's current eTag */
  public String eTag() {
    return state.etag();
  }

  /** @return whether a long-running operation is in progress */
  public boolean operationInProgress() {
    return state.operationInProgress();
  }

  /** @return the revision catalog served now */
  public FakeRevisionCatalog catalog() {
    return state.catalog();
  }

  /** @param catalog replaces the revision catalog (e.g. a revision retires) */
  public void replaceCatalog(FakeRevisionCatalog catalog) {
    state.replaceCatalog(catalog);
  }

  /** @param retryAfter the Retry-After that PUT and operation status answers announce from now on */
  public void retryAfter(Duration retryAfter) {
    state.retryAfter(retryAfter);
  }

  /**
   * Sets the cluster's revisions (mode Istio) as another client would, without rules or operation; changes the
   * eTag and tells the listeners when the installed revisions change.
   *
   * @param revisions the new revisions
   * @throws IllegalStateException while an operation runs
   */
  public void replaceRevisions(String... revisions) {
    Objects.requireNonNull(revisions, "revisions");
    state.replaceRevisions(Arrays.asList(revisions)).ifPresent(handler::fire);
  }

  /** Changes the eTag as an unrelated write by another client would. */
  public void touch() {
    state.touch();
  }

  /**
   * Starts a long-running operation of another client (no revision change), held until the returned gate is
   * released; meanwhile PUTs get 409. After release it ends on the next cluster read.
   *
   * @return the gate
   * @throws IllegalStateException when an operation is already running
   */
  public OperationGate startForeignOperation() {
    return state.startForeignOperation();
  }

  /** Stops the server at once. Idempotent. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "FakeArmServer[" + baseUrl() + " " + state + "]";
  }

  /** Builds and starts a {@link FakeArmServer}. Not thread-safe. */
  public static final class Builder {
    private FakeCluster cluster = FakeCluster.fromFixture();
    private FakeRevisionCatalog catalog = FakeRevisionCatalog.fromFixture();
    private Clock clock = Clock.systemUTC();
    private int operationSteps = 1;
    private Duration retryAfter = Duration.ZERO;
    private Set<String> apiVersions = new LinkedHashSet<>(List.of("2025-09-01", "2025-10-01"));

    private Builder() {}

    /**
     * @param cluster the managed cluster to serve (default: {@link FakeCluster#fromFixture()})
     * @return this
     */
    public Builder cluster(FakeCluster cluster) {
      this.cluster = Objects.requireNonNull(cluster, "cluster");
      return this;
    }

    /**
     * @param catalog the revisions published in the cluster's region (default:
     *     {@link FakeRevisionCatalog#fromFixture()})
     * @return this
     */
    public Builder catalog(FakeRevisionCatalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /**
     * @param clock the server clock, used for slow operations and timestamps (default: system UTC)
     * @return this
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param steps how many steps (status polls or cluster reads) an operation answers InProgress before it
     *     ends (default 1)
     * @return this
     */
    public Builder operationSteps(int steps) {
      if (steps < 0) {
        throw new IllegalArgumentException("steps must be >= 0, got " + steps);
      }
      this.operationSteps = steps;
      return this;
    }

    /**
     * @param retryAfter the Retry-After that PUT and operation status answers announce (default 0)
     * @return this
     */
    public Builder retryAfter(Duration retryAfter) {
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative, got " + retryAfter);
      }
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * @param versions the api-versions accepted (default 2025-09-01 and 2025-10-01); others get 400
     * @return this
     */
    public Builder apiVersions(String... versions) {
      Objects.requireNonNull(versions, "versions");
      if (versions.length == 0) {
        throw new IllegalArgumentException("at least one api-version is required");
      }
      this.apiVersions = new LinkedHashSet<>(Arrays.asList(versions));
      return this;
    }

    /**
     * Starts the server on 127.0.0.1 and an ephemeral port.
     *
     * @return the running server
     */
    public FakeArmServer start() {
      return new FakeArmServer(this);
    }
  }
}
