package io.meshupgrade.k8s.internal;

import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1DaemonSetList;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentList;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetList;
import io.kubernetes.client.util.PatchUtils;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.exception.MissingPermissionException;
import io.meshupgrade.exception.RemoteCallException;
import io.meshupgrade.options.RestartOptions;
import io.meshupgrade.report.RestartReport;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.RolloutResult.Outcome;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.spi.MeshDataPlane.RestartListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kubectl rollout restart} of given workloads, then {@code kubectl rollout status} for each, with at most
 * {@code concurrency} rollouts in flight. Each restart costs one GET and one PATCH; waiting costs, per workload kind
 * and poll interval, one list shared by every rollout in flight (never one poll per workload): across all namespaces,
 * or one per namespace in flight when the list across all namespaces took more pages than that. Thread-safe (each
 * call keeps its own state).
 */
public final class WorkloadRestarts {
  private static final Logger LOG = LoggerFactory.getLogger(WorkloadRestarts.class);

  private static final String ON_DELETE = "OnDelete";

  private final ApiClient client;
  private final AppsV1Api apps;
  private final KubeCalls calls;
  private final Clock clock;
  private final Duration pollInterval;
  private final int pageSize;
  private final String systemNamespace;
  private final String ingressNamespace;

  public WorkloadRestarts(Cluster cluster) {
    this.client = cluster.client();
    this.apps = cluster.apps();
    this.calls = cluster.calls();
    this.clock = cluster.clock();
    this.pollInterval = cluster.pollInterval();
    this.pageSize = cluster.pageSize();
    this.systemNamespace = cluster.systemNamespace();
    this.ingressNamespace = cluster.ingressNamespace();
  }

  /** Restarts and waits; see {@link io.meshupgrade.spi.MeshDataPlane#restartWorkloads}. */
  public RestartReport restart(List<WorkloadRef> workloads, RestartOptions options, RestartListener listener) {
    List<WorkloadRef> ordered = options.order(workloads);
    Instant deadline = clock.instant().plus(options.rolloutTimeout());
    Map<WorkloadRef, RolloutResult> results = new HashMap<>();
    Map<WorkloadRef, InFlight> inFlight = new LinkedHashMap<>();
    Map<WorkloadKind, Integer> clusterWidePages = new EnumMap<>(WorkloadKind.class);
    int next = 0;
    while (true) {
      while (inFlight.size() < options.concurrency() && next < ordered.size()
          && clock.instant().isBefore(deadline)) {
        WorkloadRef ref = ordered.get(next++);
        if (!ref.kind().isRestartable()) {
          finish(results, listener, new RolloutResult(ref, Outcome.NOT_RESTARTABLE,
              ref.kind().kubernetesKind() + " " + ref.namespace() + "/" + ref.name()
                  + " cannot be restarted: delete its pods or re-run it to move it to the new revision"));
          continue;
        }
        if (isAddonNamespace(ref.namespace())) {
          finish(results, listener, aksOwned(ref, "it lives in " + ref.namespace()));
          continue;
        }
        Started started = restartOne(ref);
        if (started.result != null) {
          finish(results, listener, started.result);
          continue;
        }
        inFlight.put(ref, new InFlight(started.generation));
        notifyRestarted(listener, ref, next, ordered.size());
      }
      if (inFlight.isEmpty() && next >= ordered.size()) {
        break;
      }
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        for (Map.Entry<WorkloadRef, InFlight> e : inFlight.entrySet()) {
          finish(results, listener, new RolloutResult(e.getKey(), Outcome.TIMED_OUT, "rollout of " + e.getKey()
              + " did not finish within " + options.rolloutTimeout() + ": " + e.getValue().lastMessage
              + "; check its pods (kubectl rollout status) and call again"));
        }
        inFlight.clear();
        while (next < ordered.size()) {
          WorkloadRef ref = ordered.get(next++);
          finish(results, listener, new RolloutResult(ref, Outcome.TIMED_OUT, ref + " was not restarted: the"
              + " rollout deadline of " + options.rolloutTimeout() + " passed first; call again for the rest"));
        }
        break;
      }
      if (inFlight.isEmpty()) {
        continue;
      }
      sleep(min(pollInterval, Duration.between(now, deadline)));
      observe(inFlight, results, listener, clusterWidePages);
    }
    List<RolloutResult> ordereredResults = new ArrayList<>();
    for (WorkloadRef ref : ordered) {
      ordereredResults.add(results.get(ref));
    }
    return RestartReport.of(ordereredResults);
  }

  private static final class InFlight {
    final long generation;
    String lastMessage = "not observed yet";

    InFlight(long generation) {
      this.generation = generation;
    }
  }

  private record Started(long generation, RolloutResult result) {}

  private Started restartOne(WorkloadRef ref) {
    try {
      String[] stamp = {null}; // one stamp for every attempt: a retry must not start a second rollout
      return calls.retryOnConflict(() -> attemptRestart(ref, stamp));
    } catch (MissingPermissionException denied) {
      throw denied; // every other workload would fail the same way: stop at once, as observe() does
    } catch (MeshUpgradeException e) {
      if (KubeCalls.isNotFound(e)) {
        return new Started(0, new RolloutResult(ref, Outcome.NOT_FOUND, ref + " no longer exists; nothing to"
            + " restart"));
      }
      LOG.warn("restart of {} failed: {}", ref, e.getMessage());
      return new Started(0, new RolloutResult(ref, Outcome.FAILED, "restart of " + ref + " failed: " + e.getMessage()));
    }
  }

  /**
   * One read-modify-write attempt. {@code stamp[0]} is the restartedAt value of this restart, chosen at the first
   * attempt and kept across retries: when a PATCH was applied but its answer was lost (a dropped connection), the
   * retry's stale resourceVersion gets a 409, and the re-read template already carries our stamp: the restart is done.
   */
  private Started attemptRestart(WorkloadRef ref, String[] stamp) {
    String ns = ref.namespace();
    String name = ref.name();
    String resource = resource(ref.kind());
    V1ObjectMeta meta;
    V1PodTemplateSpec template;
    KubeCalls.Op get = KubeCalls.Op.of("get", resource, ns, name);
    switch (ref.kind()) {
      case DEPLOYMENT: {
        V1Deployment d = calls.execute(get, () -> apps.readNamespacedDeployment(name, ns).execute());
        if (d.getSpec() != null && Boolean.TRUE.equals(d.getSpec().getPaused())) {
          return new Started(0, new RolloutResult(ref, Outcome.PAUSED, ref + " is paused and was not restarted:"
              + " resume it (kubectl rollout resume) and restart it again"));
        }
        meta = d.getMetadata();
        template = d.getSpec() == null ? null : d.getSpec().getTemplate();
        break;
      }
      case STATEFUL_SET: {
        V1StatefulSet s = calls.execute(get, () -> apps.readNamespacedStatefulSet(name, ns).execute());
        String strategy = s.getSpec() == null || s.getSpec().getUpdateStrategy() == null
            ? null : s.getSpec().getUpdateStrategy().getType();
        if (ON_DELETE.equals(strategy)) {
          return onDelete(ref);
        }
        meta = s.getMetadata();
        template = s.getSpec() == null ? null : s.getSpec().getTemplate();
        break;
      }
      case DAEMON_SET: {
        V1DaemonSet s = calls.execute(get, () -> apps.readNamespacedDaemonSet(name, ns).execute());
        String strategy = s.getSpec() == null || s.getSpec().getUpdateStrategy() == null
            ? null : s.getSpec().getUpdateStrategy().getType();
        if (ON_DELETE.equals(strategy)) {
          return onDelete(ref);
        }
        meta = s.getMetadata();
        template = s.getSpec() == null ? null : s.getSpec().getTemplate();
        break;
      }
      default:
        throw new IllegalStateException("not restartable: " + ref);
    }
    Map<String, String> labels = meta == null ? null : meta.getLabels();
    if (labels != null && "aks".equals(labels.get(Names.LABEL_MANAGED_BY_AKS))) {
      return new Started(0, aksOwned(ref, "it is labelled " + Names.LABEL_MANAGED_BY_AKS + "=aks"));
    }
    String existing = template == null || template.getMetadata() == null
        || template.getMetadata().getAnnotations() == null
        ? null : template.getMetadata().getAnnotations().get(Names.ANNOTATION_RESTARTED_AT);
    if (stamp[0] != null && stamp[0].equals(existing)) {
      LOG.info("restart of {} ({}={}) had already been applied; its answer was lost", ref,
          Names.ANNOTATION_RESTARTED_AT, existing);
      return new Started(meta == null || meta.getGeneration() == null ? 0 : meta.getGeneration(), null);
    }
    if (stamp[0] == null) {
      stamp[0] = RestartStamp.next(clock.instant(), existing);
    }
    String value = stamp[0];
    V1Patch patch = new V1Patch(restartPatch(meta == null ? null : meta.getResourceVersion(), value));
    KubeCalls.Op op = KubeCalls.Op.of("patch", resource, ns, name);
    V1ObjectMeta after;
    switch (ref.kind()) {
      case DEPLOYMENT:
        after = calls.execute(op, () -> PatchUtils.patch(V1Deployment.class,
            () -> apps.patchNamespacedDeployment(name, ns, patch).buildCall(null),
            V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client)).getMetadata();
        break;
      case STATEFUL_SET:
        after = calls.execute(op, () -> PatchUtils.patch(V1StatefulSet.class,
            () -> apps.patchNamespacedStatefulSet(name, ns, patch).buildCall(null),
            V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client)).getMetadata();
        break;
      default:
        after = calls.execute(op, () -> PatchUtils.patch(V1DaemonSet.class,
            () -> apps.patchNamespacedDaemonSet(name, ns, patch).buildCall(null),
            V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client)).getMetadata();
        break;
    }
    LOG.info("restarted {} ({}={})", ref, Names.ANNOTATION_RESTARTED_AT, value);
    long generation = after == null || after.getGeneration() == null ? 0 : after.getGeneration();
    return new Started(generation, null);
  }

  private boolean isAddonNamespace(String namespace) {
    return namespace.equals(systemNamespace) || namespace.equals(ingressNamespace)
        || namespace.equals(Names.EGRESS_NAMESPACE);
  }

  /** istiod, the gateways and whatever else AKS manages: AKS rolls them itself; never patched. */
  private static RolloutResult aksOwned(WorkloadRef ref, String why) {
    return new RolloutResult(ref, Outcome.NOT_RESTARTABLE, ref + " belongs to the AKS Istio add-on (" + why
        + "): AKS rolls it itself with its revision, so it was not restarted; leave it out of the workloads to"
        + " restart");
  }

  /** A StatefulSet or DaemonSet whose pods a changed template does not replace: reported, never patched. */
  private static Started onDelete(WorkloadRef ref) {
    return new Started(0, new RolloutResult(ref, Outcome.FAILED, ref + " was not restarted: updateStrategy "
        + ON_DELETE + ": delete its pods to roll it (or switch it to RollingUpdate)"));
  }

  /** The JSON merge patch of a restart; with the read resourceVersion as a precondition when known. */
  public static String restartPatch(String resourceVersion, String stamp) {
    JsonObject annotations = new JsonObject();
    annotations.addProperty(Names.ANNOTATION_RESTARTED_AT, stamp);
    JsonObject templateMeta = new JsonObject();
    templateMeta.add("annotations", annotations);
    JsonObject template = new JsonObject();
    template.add("metadata", templateMeta);
    JsonObject spec = new JsonObject();
    spec.add("template", template);
    JsonObject root = new JsonObject();
    if (resourceVersion != null && !resourceVersion.isEmpty()) {
      JsonObject meta = new JsonObject();
      meta.addProperty("resourceVersion", resourceVersion);
      root.add("metadata", meta);
    }
    root.add("spec", spec);
    return root.toString();
  }

  private void observe(Map<WorkloadRef, InFlight> inFlight, Map<WorkloadRef, RolloutResult> results,
      RestartListener listener, Map<WorkloadKind, Integer> clusterWidePages) {
    Map<WorkloadKind, Set<String>> namespaces = new EnumMap<>(WorkloadKind.class);
    for (WorkloadRef ref : inFlight.keySet()) {
      namespaces.computeIfAbsent(ref.kind(), k -> new LinkedHashSet<>()).add(ref.namespace());
    }
    Map<WorkloadRef, Observed> seen = new HashMap<>();
    for (Map.Entry<WorkloadKind, Set<String>> e : namespaces.entrySet()) {
      try {
        listKind(e.getKey(), e.getValue(), seen, clusterWidePages);
      } catch (MissingPermissionException denied) {
        throw denied;
      } catch (RemoteCallException transientFailure) {
        LOG.warn("could not list {}s to check rollouts ({}); trying again in {}", e.getKey().kubernetesKind(),
            transientFailure.getMessage(), pollInterval);
        return;
      }
    }
    List<WorkloadRef> done = new ArrayList<>();
    for (Map.Entry<WorkloadRef, InFlight> e : inFlight.entrySet()) {
      WorkloadRef ref = e.getKey();
      Observed o = seen.get(ref);
      RolloutResult result = null;
      if (o == null) {
        result = new RolloutResult(ref, Outcome.NOT_FOUND, ref + " was deleted during its rollout");
      } else if (o.generation < e.getValue().generation) {
        e.getValue().lastMessage = "waiting for the restart to be visible";
      } else {
        switch (o.state.phase()) {
          case DONE:
            result = new RolloutResult(ref, Outcome.SUCCEEDED, o.state.message());
            break;
          case FAILED:
            result = new RolloutResult(ref, Outcome.FAILED, o.state.message() + " (" + ref + ")");
            break;
          case PAUSED:
            result = new RolloutResult(ref, Outcome.PAUSED, o.state.message());
            break;
          default:
            e.getValue().lastMessage = o.state.message();
        }
      }
      if (result != null) {
        done.add(ref);
        finish(results, listener, result);
      }
    }
    done.forEach(inFlight::remove);
  }

  private record Observed(long generation, RolloutStatus.State state) {}

  /**
   * Lists the workloads of one kind in the namespaces of the rollouts in flight: one list across all namespaces, or
   * one list per namespace when there are fewer such namespaces than the pages the last list across all namespaces
   * took (in a big cluster, two namespaces in flight should not page through every Deployment of the cluster).
   */
  private void listKind(WorkloadKind kind, Set<String> namespaces, Map<WorkloadRef, Observed> seen,
      Map<WorkloadKind, Integer> clusterWidePages) {
    if (namespaces.size() == 1 || namespaces.size() < clusterWidePages.getOrDefault(kind, 1)) {
      for (String ns : namespaces) {
        listKind(kind, ns, namespaces, seen);
      }
    } else {
      clusterWidePages.put(kind, listKind(kind, null, namespaces, seen));
    }
  }

  /** One paginated list of a kind in namespace {@code only} (null: all namespaces); returns the pages it took. */
  private int listKind(WorkloadKind kind, String only, Set<String> namespaces, Map<WorkloadRef, Observed> seen) {
    KubeCalls.Op op = KubeCalls.Op.of("list", resource(kind), only == null ? "*" : only, "");
    switch (kind) {
      case DEPLOYMENT:
        return Pages.<V1DeploymentList, V1Deployment>forEach(calls, op,
            c -> only == null
                ? apps.listDeploymentForAllNamespaces().limit(pageSize)._continue(c).execute()
                : apps.listNamespacedDeployment(only).limit(pageSize)._continue(c).execute(),
            V1DeploymentList::getItems, V1DeploymentList::getMetadata,
            collect(kind, namespaces, seen, V1Deployment::getMetadata, RolloutStatus::of));
      case STATEFUL_SET:
        return Pages.<V1StatefulSetList, V1StatefulSet>forEach(calls, op,
            c -> only == null
                ? apps.listStatefulSetForAllNamespaces().limit(pageSize)._continue(c).execute()
                : apps.listNamespacedStatefulSet(only).limit(pageSize)._continue(c).execute(),
            V1StatefulSetList::getItems, V1StatefulSetList::getMetadata,
            collect(kind, namespaces, seen, V1StatefulSet::getMetadata, RolloutStatus::of));
      case DAEMON_SET:
        return Pages.<V1DaemonSetList, V1DaemonSet>forEach(calls, op,
            c -> only == null
                ? apps.listDaemonSetForAllNamespaces().limit(pageSize)._continue(c).execute()
                : apps.listNamespacedDaemonSet(only).limit(pageSize)._continue(c).execute(),
            V1DaemonSetList::getItems, V1DaemonSetList::getMetadata,
            collect(kind, namespaces, seen, V1DaemonSet::getMetadata, RolloutStatus::of));
      default:
        throw new IllegalStateException("not restartable: " + kind);
    }
  }

  private static <T> Consumer<T> collect(WorkloadKind kind, Set<String> namespaces, Map<WorkloadRef, Observed> seen,
      java.util.function.Function<T, V1ObjectMeta> meta, java.util.function.Function<T, RolloutStatus.State> eval) {
    return item -> {
      V1ObjectMeta m = meta.apply(item);
      if (m == null || !namespaces.contains(m.getNamespace())) {
        return;
      }
      long generation = m.getGeneration() == null ? 0 : m.getGeneration();
      seen.put(new WorkloadRef(kind, m.getNamespace(), m.getName()), new Observed(generation, eval.apply(item)));
    };
  }

  private static String resource(WorkloadKind kind) {
    switch (kind) {
      case DEPLOYMENT:
        return "deployments";
      case STATEFUL_SET:
        return "statefulsets";
      case DAEMON_SET:
        return "daemonsets";
      default:
        return kind.kubernetesKind().toLowerCase(java.util.Locale.ROOT) + "s";
    }
  }

  private static void finish(Map<WorkloadRef, RolloutResult> results, RestartListener listener, RolloutResult r) {
    results.put(r.workload(), r);
    if (r.succeeded()) {
      LOG.info("rollout of {} succeeded", r.workload());
    } else {
      LOG.warn("rollout of {} ended {}: {}", r.workload(), r.outcome(), r.detail());
    }
    try {
      listener.rolloutFinished(r);
    } catch (RuntimeException e) {
      LOG.warn("restart listener failed on rolloutFinished({}); ignored", r.workload(), e);
    }
  }

  private static void notifyRestarted(RestartListener listener, WorkloadRef ref, int index, int total) {
    try {
      listener.restarted(ref, index, total);
    } catch (RuntimeException e) {
      LOG.warn("restart listener failed on restarted({}); ignored", ref, e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(Duration d) {
    Cluster.sleep(d, "rollouts");
  }
}
