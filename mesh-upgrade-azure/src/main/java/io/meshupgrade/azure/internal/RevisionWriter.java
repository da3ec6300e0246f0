package io.meshupgrade.azure.internal;

import com.azure.core.management.polling.PollResult;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.containerservice.fluent.ManagedClustersClient;
import com.azure.resourcemanager.containerservice.fluent.models.ManagedClusterInner;
import io.meshupgrade.exception.ClusterChangedException;
import io.meshupgrade.model.ClusterId;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.exception.ClusterNotReadyException;
import io.meshupgrade.exception.MeshNotEnabledException;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.exception.OperationFailedException;
import io.meshupgrade.exception.OperationTimeoutException;
import io.meshupgrade.model.Revision;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes {@code serviceMeshProfile.istio.revisions} as {@code az aks mesh} does, but safely: GET the cluster,
 * change only the revisions, PUT the same body back with {@code If-Match}, wait for the long-running operation
 * and for the cluster to be Succeeded, and return the state read afterwards. Idempotent (no PUT when the cluster
 * already has the wanted revisions); 409 is retried with back-off until the conflict deadline; 412 is retried once
 * when the change still applies. Thread-safe (no mutable state). Not API.
 */
public final class RevisionWriter {

  private static final Logger LOG = LoggerFactory.getLogger(RevisionWriter.class);
  private static final Set<String> NOT_READY = Set.of("failed", "canceled", "cancelled", "deleting", "unknown");

  private final ManagedClustersClient client;
  private final String resourceGroup;
  private final String clusterName;
  private final String cluster;
  private final ClusterMapper mapper;
  private final ErrorMapper errors;
  private final Timing timing;

  /**
   * @param client the SDK's managed clusters client (bound to the cluster's subscription)
   * @param id the cluster's full id; every body read is cross-checked against it
   * @param timing deadlines and pauses
   */
  public RevisionWriter(ManagedClustersClient client, ClusterId id, Timing timing) {
    this.client = client;
    this.resourceGroup = id.resourceGroup();
    this.clusterName = id.name();
    this.cluster = id.resourceId();
    this.mapper = new ClusterMapper(id);
    this.errors = new ErrorMapper(cluster);
    this.timing = timing;
  }

  /**
   * Reads the cluster.
   *
   * @param action what for, for error messages
   * @return the SDK model (stays inside the adapter)
   */
  public ManagedClusterInner read(String action) {
    try {
      return client.getByResourceGroupWithResponse(resourceGroup, clusterName, Context.NONE).getValue();
    } catch (RuntimeException e) {
      throw errors.map(action, e);
    }
  }

  /**
   * Brings the cluster's revisions to what {@code wanted} says for the state first read.
   *
   * @param action e.g. {@code "startCanary asm-1-19"}
   * @param wanted the revisions to have, in the order to send them, given the first state read; may throw the
   *     core's typed exceptions when the request does not apply to that state
   * @return the state read after the change (or at once when nothing had to change)
   */
  public ClusterMeshState apply(String action, Function<ClusterMeshState, List<Revision>> wanted) {
    Instant start = timing.clock().instant();
    Instant waitDeadline = start.plus(timing.conflictTimeout());
    Instant operationDeadline = start.plus(timing.operationTimeout());
    Set<Revision> base = null;
    List<Revision> target = null;
    int preconditionFailures = 0;
    int busy = 0;
    boolean written = false;
    while (true) {
      ManagedClusterInner inner = read(action);
      ClusterMeshState state = mapper.state(inner);
      if (!state.meshEnabled()) {
        throw new MeshNotEnabledException(cluster);
      }
      Set<Revision> now = new HashSet<>(state.revisions());
      if (target == null) {
        target = List.copyOf(wanted.apply(state));
        base = now;
      } else if (!now.equals(base) && !now.equals(new HashSet<>(target))) {
        throw new ClusterChangedException(0, "", "", action + " on cluster " + cluster + ": the revisions changed"
            + " from " + sorted(base) + " to " + state.revisions() + " while this call was running (another"
            + " client is changing the mesh). Nothing more was written: re-read the state and decide again.", null);
      }
      boolean done = now.equals(new HashSet<>(target));
      if (written && !done && state.isSucceeded()) {
        throw new ClusterChangedException(0, "", "", action + " on cluster " + cluster + ": the operation"
            + " succeeded but the cluster still has revisions " + state.revisions() + " instead of " + target
            + ". Read the state again (another client may have reverted it) and decide again.", null);
      }
      if (!state.isSucceeded()) {
        if (NOT_READY.contains(state.provisioningState().toLowerCase(Locale.ROOT))) {
          throw new ClusterNotReadyException(cluster, state.provisioningState());
        }
        Instant checked = timing.clock().instant();
        if (!checked.isBefore(waitDeadline)) {
          if (written) {
            throw new OperationTimeoutException(action + " on cluster " + cluster, Duration.between(start, checked),
                "the operation ended but the cluster is still " + state.provisioningState());
          }
          throw new ClusterNotReadyException(cluster, state.provisioningState());
        }
        LOG.debug("{}: cluster {} is {}, waiting", action, cluster, state.provisioningState());
        pause(backoff(busy++), waitDeadline);
        continue;
      }
      if (done) {
        return state;
      }
      inner.serviceMeshProfile().istio().withRevisions(target.stream().map(Revision::toString).toList());
      String ifMatch = state.eTag().isEmpty() ? null : state.eTag();
      SyncPoller<PollResult<ManagedClusterInner>, ManagedClusterInner> poller;
      try {
        LOG.info("{}: setting the mesh revisions of cluster {} from {} to {}", action, cluster,
            state.revisions(), target);
        poller = client.beginCreateOrUpdate(resourceGroup, clusterName, inner, ifMatch, null, Context.NONE);
      } catch (RuntimeException e) {
        int status = ErrorMapper.status(e);
        if (status == 409 && timing.clock().instant().isBefore(waitDeadline)) {
          LOG.info("{}: cluster {} is busy ({}), retrying", action, cluster, ErrorMapper.code(e));
          pause(backoff(busy++), waitDeadline);
          continue;
        }
        if (status == 412 && preconditionFailures++ == 0) {
          LOG.info("{}: cluster {} changed since it was read (412), re-reading", action, cluster);
          continue;
        }
        throw errors.map(action, e);
      }
      awaitOperation(action, poller, start, operationDeadline);
      written = true;
      waitDeadline = operationDeadline.isAfter(waitDeadline) ? operationDeadline : waitDeadline;
    }
  }

  /**
   * Repairs a cluster whose last operation ended Failed (or Canceled), as AKS recovers one: GET the cluster, PUT the
   * body back exactly as read with {@code If-Match: <eTag>} (a reconcile PUT that changes nothing), wait for the
   * long-running operation and for the cluster to be Succeeded, and return the state read afterwards.
   *
   * <p>AKS moves a cluster out of a non-succeeded state when it receives its current configuration again: that is
   * what {@code az aks update -g <rg> -n <name>} without arguments does ("attempts to move the cluster to its goal
   * state without changing the current cluster configuration. This can be used to move out of a non-succeeded
   * state", Azure/azure-cli pull request 23682; the reconcile AKS maintainers advise for a Failed cluster in
   * Azure/AKS issue 4607), and {@code az resource update --ids <id>} sends the same unchanged body.
   *
   * @param action e.g. {@code "repair"}
   * @return the state after the repair; at once, without a write, when the cluster is already Succeeded
   * @throws ClusterNotReadyException when an operation is still running (Updating, Deleting, ...): nothing is sent
   * @throws ClusterChangedException on 412 (the cluster changed after it was read); nothing was applied
   * @throws OperationFailedException when the reconcile operation ends Failed too
   */
  public ClusterMeshState reapply(String action) {
    Instant start = timing.clock().instant();
    Instant deadline = start.plus(timing.operationTimeout());
    ManagedClusterInner inner = read(action);
    ClusterMeshState state = mapper.state(inner);
    if (state.isSucceeded()) {
      LOG.info("{}: cluster {} is Succeeded, nothing to repair", action, cluster);
      return state;
    }
    String provisioning = state.provisioningState().toLowerCase(Locale.ROOT);
    if (!provisioning.equals("failed") && !provisioning.equals("canceled") && !provisioning.equals("cancelled")) {
      throw new ClusterNotReadyException(cluster, state.provisioningState());
    }
    // every property exactly as read: the SDK model of the GET goes back as it is, read-only fields included (ARM
    // ignores them), so nothing the library does not own can change
    String ifMatch = state.eTag().isEmpty() ? null : state.eTag();
    SyncPoller<PollResult<ManagedClusterInner>, ManagedClusterInner> poller;
    try {
      LOG.info("{}: cluster {} is {}; re-applying its current body unchanged (reconcile PUT, If-Match {})", action,
          cluster, state.provisioningState(), ifMatch);
      poller = client.beginCreateOrUpdate(resourceGroup, clusterName, inner, ifMatch, null, Context.NONE);
    } catch (RuntimeException e) {
      throw errors.map(action, e); // 412 -> ClusterChangedException, 409 -> OperationInProgressException
    }
    awaitOperation(action, poller, start, deadline);
    int polls = 0;
    while (true) {
      ClusterMeshState after = mapper.state(read(action));
      if (after.isSucceeded()) {
        return after;
      }
      if (NOT_READY.contains(after.provisioningState().toLowerCase(Locale.ROOT))) {
        throw new OperationFailedException(0, "", "", action + " on cluster " + cluster + ": the reconcile"
            + " operation ended but the cluster is " + after.provisioningState() + " again. Look at the cluster's"
            + " last operation (az aks operation show-latest) for the cause; repair again once it is fixed.", null);
      }
      Instant now = timing.clock().instant();
      if (!now.isBefore(deadline)) {
        throw new OperationTimeoutException(action + " on cluster " + cluster, Duration.between(start, now),
            "the operation ended but the cluster is still " + after.provisioningState());
      }
      pause(backoff(polls++), deadline);
    }
  }

  private void awaitOperation(String action, SyncPoller<PollResult<ManagedClusterInner>, ManagedClusterInner> poller,
      Instant start, Instant deadline) {
    LongRunningOperationStatus status = LongRunningOperationStatus.IN_PROGRESS;
    while (true) {
      PollResponse<PollResult<ManagedClusterInner>> r;
      try {
        r = poller.poll();
      } catch (RuntimeException e) {
        throw errors.map(action + " (waiting for its operation)", e);
      }
      status = r.getStatus();
      if (status == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
        return;
      }
      if (status.isComplete()) {
        throw failed(action, status, r.getValue() == null ? null : r.getValue().getError());
      }
      Instant now = timing.clock().instant();
      if (!now.isBefore(deadline)) {
        throw new OperationTimeoutException(action + " on cluster " + cluster, Duration.between(start, now),
            "its long-running operation is still " + status);
      }
      Duration retryAfter = r.getRetryAfter() == null ? Duration.ZERO : r.getRetryAfter();
      Duration pause = retryAfter.compareTo(timing.pollInterval()) > 0 ? retryAfter : timing.pollInterval();
      pause(pause.compareTo(timing.maxPollInterval()) > 0 ? timing.maxPollInterval() : pause, deadline);
    }
  }

  private MeshUpgradeException failed(String action, LongRunningOperationStatus status, PollResult.Error error) {
    String code = "";
    String message = error == null ? "" : String.valueOf(error.getMessage());
    int httpStatus = error == null ? 0 : error.getResponseStatusCode();
    if (error != null && error.getResponseBody() != null) {
      try (JsonReader reader = JsonProviders.createReader(error.getResponseBody())) {
        Object parsed = reader.readUntyped();
        if (parsed instanceof Map<?, ?> root && root.get("error") instanceof Map<?, ?> e) {
          code = e.get("code") == null ? "" : String.valueOf(e.get("code"));
          message = e.get("message") == null ? message : String.valueOf(e.get("message"));
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("could not parse the failed operation's body", e);
      }
    }
    String outcome = status == LongRunningOperationStatus.USER_CANCELLED ? "Canceled" : "Failed";
    return new OperationFailedException(httpStatus, code, message, action + " on cluster " + cluster
        + ": the long-running operation ended " + outcome + (code.isEmpty() ? "" : " with " + code) + ": "
        + message + ". Read the cluster's state (readMeshState) to see what is installed, fix the cause, and"
        + " call again.", null);
  }

  private Duration backoff(int attempt) {
    long factor = 1L << Math.min(attempt, 20);
    Duration d = timing.pollInterval().multipliedBy(factor);
    return d.compareTo(timing.maxPollInterval()) > 0 ? timing.maxPollInterval() : d;
  }

  private void pause(Duration d, Instant deadline) {
    Duration left = Duration.between(timing.clock().instant(), deadline);
    Duration actual = left.isNegative() ? Duration.ZERO : d.compareTo(left) > 0 ? left : d;
    try {
      timing.sleeper().sleep(actual);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshUpgradeException("interrupted while waiting on cluster " + cluster
          + ": the operation may still finish; call again to re-read the state and resume", e);
    }
  }

  private static List<Revision> sorted(Set<Revision> revisions) {
    return revisions.stream().sorted().toList();
  }
}
