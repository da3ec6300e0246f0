package io.meshupgrade.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import com.azure.resourcemanager.containerservice.fluent.ManagedClustersClient;
import com.azure.resourcemanager.containerservice.fluent.models.MeshUpgradeProfileInner;
import io.meshupgrade.model.ClusterId;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.exception.MeshNotEnabledException;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.model.MeshUpgradeProfile;
import io.meshupgrade.model.MeshUpgrades;
import io.meshupgrade.exception.NoUpgradeInProgressException;
import io.meshupgrade.model.Revision;
import io.meshupgrade.exception.RequestRejectedException;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.spi.Sleeper;
import io.meshupgrade.azure.internal.ArmNames;
import io.meshupgrade.azure.internal.ClusterMapper;
import io.meshupgrade.azure.internal.ErrorMapper;
import io.meshupgrade.azure.internal.Pipelines;
import io.meshupgrade.azure.internal.RevisionWriter;
import io.meshupgrade.azure.internal.Timing;
import io.meshupgrade.spi.MeshControlPlane;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MeshControlPlane} for one AKS managed cluster, over Azure Resource Manager with the Azure SDK
 * ({@code ContainerServiceManager}, api-version 2025-09-01).
 *
 * <p>The cluster is identified by its full ARM resource id ({@code /subscriptions/<sub>/resourceGroups/<rg>/providers/
 * Microsoft.ContainerService/managedClusters/<name>}, see {@link #clusterId()}): it is what {@link
 * ClusterMeshState#cluster()} reports and what a saved plan is compared with, and the {@code id} in every body ARM
 * returns must equal it (ignoring case), or the call is refused before anything is written.
 *
 * <p>There are no upgrade verbs in ARM: start, complete and rollback each GET the managed cluster, change only
 * {@code properties.serviceMeshProfile.istio.revisions}, PUT the same body back with {@code If-Match: <eTag>},
 * wait for the long-running operation and for the cluster to be Succeeded again. Every other property of the
 * cluster goes back unchanged. Each call is idempotent and re-reads the cluster first, so a call that timed out
 * can simply be made again.
 *
 * <p>Failures are the core's typed exceptions, carrying ARM's code and message: 400 {@link
 * io.meshupgrade.exception.RequestRejectedException}, 404 on the cluster {@link io.meshupgrade.exception.ClusterNotFoundException} (404
 * on a location's revision profiles {@link io.meshupgrade.exception.RequestRejectedException} naming the location), 409
 * retried with back-off until the conflict timeout, then {@link io.meshupgrade.exception.OperationInProgressException}, 412
 * re-read and retried once, then {@link io.meshupgrade.exception.ClusterChangedException}, 429 and 5xx retried by the SDK
 * honouring Retry-After (seconds or an HTTP date) within the configured bounds, then {@link
 * io.meshupgrade.exception.RemoteCallException}, no answer because of an I/O error or timeout {@link
 * io.meshupgrade.exception.RemoteCallException} with status 0, any other SDK failure a {@link
 * io.meshupgrade.exception.MeshUpgradeException} naming it, an operation that ends Failed or Canceled {@link
 * io.meshupgrade.exception.OperationFailedException}, a deadline {@link io.meshupgrade.exception.OperationTimeoutException}.
 *
 * <pre>{@code
 * MeshControlPlane arm = AzureMeshControlPlane.builder()
 *     .subscriptionId("00000000-0000-0000-0000-000000000000")
 *     .resourceGroup("rg1")
 *     .clusterName("cluster1")
 *     .build();                       // DefaultAzureCredential, public Azure cloud
 * arm.startCanary(Revision.parse("asm-1-19"));
 * }</pre>
 *
 * <p>Thread-safe: it holds no mutable state besides a cached location; concurrent writes to the same cluster are
 * serialised by ARM (409/412) and handled as above.
 */
public final class AzureMeshControlPlane implements MeshControlPlane {

  private static final Logger LOG = LoggerFactory.getLogger(AzureMeshControlPlane.class);
  private static final String UPGRADE_IN_PROGRESS = "servicemeshupgradeinprogress";

  private final ManagedClustersClient client;
  private final String resourceGroup;
  private final String clusterName;
  private final ClusterId id;
  private final String cluster;
  private final String endpoint;
  private final ClusterMapper mapper;
  private final ErrorMapper errors;
  private final RevisionWriter writer;
  private volatile String location;

  private AzureMeshControlPlane(Builder b, ManagedClustersClient client, String endpoint) {
    this.client = client;
    this.resourceGroup = b.resourceGroup;
    this.clusterName = b.clusterName;
    this.id = new ClusterId(b.subscriptionId, b.resourceGroup, b.clusterName);
    this.cluster = id.resourceId();
    this.endpoint = endpoint;
    this.mapper = new ClusterMapper(id);
    this.errors = new ErrorMapper(cluster);
    this.writer = new RevisionWriter(client, id,
        new Timing(b.operationTimeout, b.conflictTimeout, b.pollInterval, b.maxPollInterval, b.clock,
            b.sleeper));
  }

  /**
   * A builder; subscription, resource group and cluster name are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The cluster this adapter works on, from the builder's subscription, resource group and name; every body ARM
   * returns is cross-checked against it, and {@link ClusterMeshState#cluster()} is its full resource id.
   *
   * @return the cluster's full id
   */
  public ClusterId clusterId() {
    return id;
  }

  @Override
  public ClusterMeshState readMeshState() {
    ClusterMeshState state = mapper.state(writer.read("readMeshState"));
    location = state.location();
    return state;
  }

  @Override
  public MeshUpgrades getUpgrades() {
    List<MeshUpgradeProfile> profiles = new ArrayList<>();
    try {
      for (MeshUpgradeProfileInner p : client.listMeshUpgradeProfiles(resourceGroup, clusterName, Context.NONE)) {
        profiles.add(mapper.upgradeProfile(p));
      }
    } catch (MeshUpgradeException e) {
      throw e;
    } catch (RuntimeException e) {
      int status = ErrorMapper.status(e);
      String code = ErrorMapper.code(e);
      if (status == 409 && code.toLowerCase(Locale.ROOT).contains(UPGRADE_IN_PROGRESS)) {
        LOG.debug("getUpgrades on {}: ARM reports a mesh upgrade in progress ({})", cluster, code);
        return MeshUpgrades.inProgress();
      }
      if (status == 404 || status == 400) {
        // a missing cluster or a disabled add-on may surface here: say which, never a bare 404/400
        requireMeshEnabled();
      }
      throw errors.mapUpgradeProfiles(e);
    }
    if (profiles.isEmpty()) {
      requireMeshEnabled();
    }
    return new MeshUpgrades(profiles, false);
  }

  @Override
  public RevisionCatalog getRevisions() {
    String where = location != null ? location : readMeshState().location();
    try {
      return mapper.catalog(client.listMeshRevisionProfiles(where, Context.NONE));
    } catch (MeshUpgradeException e) {
      throw e;
    } catch (RuntimeException e) {
      throw errors.mapRevisionProfiles(where, e);
    }
  }

  @Override
  public ClusterMeshState startCanary(Revision target) {
    Objects.requireNonNull(target, "target");
    return writer.apply("startCanary " + target, state -> {
      List<Revision> now = state.revisions();
      if (now.contains(target)) {
        return now; // both installed (or the target alone): nothing to start
      }
      if (now.size() != 1) {
        throw refused("cannot start a canary to " + target + " on cluster " + cluster + ": revisions " + now
            + " are installed; complete or roll back the upgrade in progress first");
      }
      return List.of(now.get(0), target);
    });
  }

  @Override
  public ClusterMeshState complete(Revision target) {
    Objects.requireNonNull(target, "target");
    return writer.apply("complete " + target, state -> {
      List<Revision> now = state.revisions();
      if (now.size() == 2 && now.get(1).equals(target)) {
        LOG.info("This operation will remove Istio control plane for revision {} of cluster {}. Data plane"
            + " workloads must have been rolled over to revision {} to stay in the mesh.", now.get(0), cluster,
            target);
        return List.of(target);
      }
      return settledOrRefuse("complete", target, now, "highest");
    });
  }

  @Override
  public ClusterMeshState rollback(Revision previous) {
    Objects.requireNonNull(previous, "previous");
    return writer.apply("rollback " + previous, state -> {
      List<Revision> now = state.revisions();
      if (now.size() == 2 && now.get(0).equals(previous)) {
        LOG.info("This operation will remove Istio control plane for revision {} of cluster {}. Data plane"
            + " workloads must have been rolled back to revision {} to stay in the mesh.", now.get(1), cluster,
            previous);
        return List.of(previous);
      }
      return settledOrRefuse("rollback", previous, now, "lowest");
    });
  }

  /**
   * Repairs a cluster left Failed by a failed operation, as AKS recovers one: GET the managed cluster, PUT the body
   * back unchanged (every property exactly as read) with {@code If-Match: <eTag>}, wait for the long-running
   * operation as start, complete and rollback do, and return the state read afterwards. Writes nothing when the
   * cluster is already Succeeded.
   *
   * @throws io.meshupgrade.exception.ClusterNotReadyException when an operation is still running (nothing is sent)
   * @throws io.meshupgrade.exception.ClusterChangedException on 412: the cluster changed after it was read; read it again
   * @throws io.meshupgrade.exception.OperationFailedException when the reconcile operation fails too
   */
  @Override
  public ClusterMeshState repair() {
    ClusterMeshState state = writer.reapply("repair");
    location = state.location();
    return state;
  }

  private List<Revision> settledOrRefuse(String verb, Revision expected, List<Revision> now, String kept) {
    if (now.size() == 1 && now.get(0).equals(expected)) {
      return now; // already done
    }
    if (now.size() <= 1) {
      throw new NoUpgradeInProgressException("Azure Service Mesh upgrade is not in progress on cluster " + cluster
          + ": installed " + now + ", so there is nothing to " + verb + " to " + expected + ". Read the state"
          + " (readMeshState) and start a canary first if an upgrade is wanted.");
    }
    throw refused(verb + " keeps the " + kept + " installed revision, but " + expected
        + " was asked while " + now + " are installed on cluster " + cluster + ": call "
        + ("complete".equals(verb) ? "complete(" + now.get(1) + ") or rollback(" + now.get(0) + ")"
            : "rollback(" + now.get(0) + ") or complete(" + now.get(1) + ")") + " instead");
  }

  /** A change refused before any write (no HTTP status): the same type ARM's 400 maps to. */
  private static RequestRejectedException refused(String message) {
    return new RequestRejectedException(0, "", "", message + ". Nothing was sent to ARM.", null);
  }

  private void requireMeshEnabled() {
    if (!readMeshState().meshEnabled()) {
      throw new MeshNotEnabledException(cluster);
    }
  }

  @Override
  public String toString() {
    return "AzureMeshControlPlane[" + cluster + " at " + endpoint + "]";
  }

  /**
   * Builds an {@link AzureMeshControlPlane}. Identifiers are checked against ARM's patterns as they are set, before
   * any call. Not thread-safe.
   */
  public static final class Builder {
    private String subscriptionId;
    private String resourceGroup;
    private String clusterName;
    private TokenCredential credential;
    private AzureEnvironment environment = AzureEnvironment.AZURE;
    private String tenantId;
    private HttpClient httpClient;
    private HttpPipeline httpPipeline;
    private boolean unauthenticated;
    private int maxRetries = 5;
    private Duration retryBaseDelay = Duration.ofSeconds(1);
    private Duration retryMaxDelay = Duration.ofSeconds(60);
    private Duration operationTimeout = Duration.ofMinutes(30);
    private Duration conflictTimeout = Duration.ofMinutes(10);
    private Duration pollInterval = Duration.ofSeconds(5);
    private Duration maxPollInterval = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.THREAD_SLEEP;

    private Builder() {}

    /**
     * @param subscriptionId the cluster's subscription, a GUID
     * @return this
     * @throws IllegalArgumentException when not a GUID
     */
    public Builder subscriptionId(String subscriptionId) {
      this.subscriptionId = ArmNames.subscriptionId(subscriptionId);
      return this;
    }

    /**
     * @param resourceGroup the cluster's resource group (ARM pattern {@code ^[-\w\._\(\)]+$}, 1 to 90)
     * @return this
     * @throws IllegalArgumentException when malformed
     */
    public Builder resourceGroup(String resourceGroup) {
      this.resourceGroup = ArmNames.resourceGroup(resourceGroup);
      return this;
    }

    /**
     * @param clusterName the managed cluster's name (1 to 63 letters, digits, '-', '_')
     * @return this
     * @throws IllegalArgumentException when malformed
     */
    public Builder clusterName(String clusterName) {
      this.clusterName = ArmNames.clusterName(clusterName);
      return this;
    }

    /**
     * @param credential any Azure credential (default: {@code DefaultAzureCredential}); never logged
     * @return this
     */
    public Builder credential(TokenCredential credential) {
      this.credential = Objects.requireNonNull(credential, "credential");
      return this;
    }

    /**
     * @param profile cloud (e.g. {@code new AzureProfile(AzureEnvironment.AZURE_CHINA)}) and tenant; its
     *     subscription, when set, must equal {@link #subscriptionId(String)}
     * @return this
     */
    public Builder profile(AzureProfile profile) {
      Objects.requireNonNull(profile, "profile");
      this.environment = profile.getEnvironment();
      this.tenantId = profile.getTenantId();
      if (profile.getSubscriptionId() != null) {
        if (subscriptionId != null && !subscriptionId.equalsIgnoreCase(profile.getSubscriptionId())) {
          throw new IllegalArgumentException("profile subscription '" + profile.getSubscriptionId()
              + "' differs from subscriptionId '" + subscriptionId + "': set one of them");
        }
        subscriptionId(profile.getSubscriptionId());
      }
      return this;
    }

    /**
     * @param environment the cloud, e.g. {@code AzureEnvironment.AZURE_US_GOVERNMENT} (default: public Azure)
     * @return this
     */
    public Builder environment(AzureEnvironment environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * @param httpClient the transport of the pipeline the builder builds (default: the SDK's)
     * @return this
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * Uses this pipeline as is; credential, HTTP client and retry settings are then ignored.
     *
     * @param httpPipeline a complete pipeline
     * @return this
     */
    public Builder httpPipeline(HttpPipeline httpPipeline) {
      this.httpPipeline = Objects.requireNonNull(httpPipeline, "httpPipeline");
      return this;
    }

    /**
     * Talks plain HTTP without a credential to a fake ARM on this machine (the testkit's {@code FakeArmServer}),
     * through the same retry policy as production.
     *
     * @param endpoint e.g. {@code http://127.0.0.1:41234/}; only loopback hosts are accepted
     * @return this
     * @throws IllegalArgumentException when the host is not a loopback address
     */
    public Builder unauthenticatedEndpoint(URI endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      if (!isLoopback(endpoint.getHost())) {
        throw new IllegalArgumentException("unauthenticated endpoint '" + endpoint + "' must be on a loopback"
            + " address (127.0.0.1, ::1 or localhost): it is meant for a local fake ARM only");
      }
      String url = endpoint.toString().endsWith("/") ? endpoint.toString() : endpoint + "/";
      this.environment = new AzureEnvironment(Map.of("resourceManagerEndpointUrl", url,
          "managementEndpointUrl", url, "activeDirectoryEndpointUrl", url,
          "activeDirectoryResourceId", url));
      this.unauthenticated = true;
      return this;
    }

    /**
     * Retry bounds for 429, 408, 5xx and I/O failures (the SDK's retry policy, honouring Retry-After up to
     * {@code maxDelay}). Default: 5 retries, 1 s, 60 s.
     *
     * @param maxRetries retries after the first attempt, at least 0
     * @param baseDelay first back-off when no Retry-After is given
     * @param maxDelay longest back-off, also the cap on a Retry-After
     * @return this
     */
    public Builder retry(int maxRetries, Duration baseDelay, Duration maxDelay) {
      new Pipelines.RetryBounds(maxRetries, Objects.requireNonNull(baseDelay, "baseDelay"),
          Objects.requireNonNull(maxDelay, "maxDelay"));
      this.maxRetries = maxRetries;
      this.retryBaseDelay = baseDelay;
      this.retryMaxDelay = maxDelay;
      return this;
    }

    /**
     * @param timeout longest wait for a long-running operation, from the start of a call (default 30 min)
     * @return this
     */
    public Builder operationTimeout(Duration timeout) {
      this.operationTimeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * @param timeout longest wait for another client's operation to end: 409 answers and a cluster that is
     *     Updating (default 10 min)
     * @return this
     */
    public Builder conflictTimeout(Duration timeout) {
      this.conflictTimeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * @param interval shortest pause between polls and first back-off after a 409 (default 5 s)
     * @return this
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive(interval, "interval");
      return this;
    }

    /**
     * @param interval longest pause between polls; caps Retry-After and back-off (default 60 s)
     * @return this
     */
    public Builder maxPollInterval(Duration interval) {
      this.maxPollInterval = positive(interval, "interval");
      return this;
    }

    /**
     * @param clock time source for deadlines (default: system UTC)
     * @return this
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param sleeper how to pause between polls and back-offs (default: sleep the calling thread); with a fake
     *     {@link #clock(Clock)} it lets tests run without waiting
     * @return this
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Builds the adapter. No call is made yet.
     *
     * @return the adapter
     * @throws IllegalStateException when subscription, resource group or cluster name is missing
     */
    public AzureMeshControlPlane build() {
      require(subscriptionId, "subscriptionId");
      require(resourceGroup, "resourceGroup");
      require(clusterName, "clusterName");
      if (maxPollInterval.compareTo(pollInterval) < 0) {
        throw new IllegalStateException("maxPollInterval (" + maxPollInterval + ") must not be shorter than"
            + " pollInterval (" + pollInterval + ")");
      }
      AzureProfile profile = new AzureProfile(tenantId, subscriptionId, environment);
      Pipelines.RetryBounds retry = new Pipelines.RetryBounds(maxRetries, retryBaseDelay, retryMaxDelay);
      HttpPipeline pipeline;
      if (httpPipeline != null) {
        pipeline = httpPipeline;
      } else if (unauthenticated) {
        pipeline = Pipelines.unauthenticated(httpClient, retry);
      } else {
        TokenCredential c = credential != null ? credential : new DefaultAzureCredentialBuilder()
            .authorityHost(environment.getActiveDirectoryEndpoint()).build();
        pipeline = Pipelines.authenticated(c, profile, httpClient, retry);
      }
      ManagedClustersClient client =
          ContainerServiceManager.authenticate(pipeline, profile).serviceClient().getManagedClusters();
      return new AzureMeshControlPlane(this, client, environment.getResourceManagerEndpoint());
    }

    private static void require(String value, String name) {
      if (value == null) {
        throw new IllegalStateException(name + " is required: set it on the builder before build()");
      }
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }

    private static boolean isLoopback(String host) {
      if (host == null) {
        return false;
      }
      if ("localhost".equalsIgnoreCase(host)) {
        return true;
      }
      try {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.matches("[0-9.]+|[0-9a-fA-F:]+") && InetAddress.getByName(h).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
  }
}
