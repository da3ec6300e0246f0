package io.meshupgrade.testkit.k8s.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.testkit.k8s.ApiResource;
import io.meshupgrade.testkit.k8s.SimulatedApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's controllers, on one thread: Deployments (through ReplicaSets), ReplicaSets, StatefulSets,
 * DaemonSets and Jobs keep their pods in line with their template and report status as kube-controller-manager does;
 * a "kubelet" makes new pods Ready after a start delay unless their workload is marked never-ready. Reacts to store
 * events (work per event is proportional to the workload's own pods). Thread-safe.
 */
public final class WorkloadController implements InMemoryObjectStore.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkloadController.class);
  static final String TEMPLATE_HASH = "pod-template-hash";
  static final String REVISION_HASH = "controller-revision-hash";
  private static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

  private final InMemoryObjectStore store;
  private final ScheduledThreadPoolExecutor executor;
  private final Random random;
  private final LinkedHashSet<InMemoryObjectStore.Key> queue = new LinkedHashSet<>();
  private final Set<InMemoryObjectStore.Key> blocked = ConcurrentHashMap.newKeySet();
  private final Set<String> neverReady = ConcurrentHashMap.newKeySet();
  /** Pods waiting for capacity (Unschedulable). */
  private final Set<InMemoryObjectStore.Key> pending = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> progressSince = new ConcurrentHashMap<>();
  /** StatefulSet revision name to its pod template (what ControllerRevisions keep). */
  private final Map<String, JsonNode> revisionTemplates = new ConcurrentHashMap<>();
  private final Map<InMemoryObjectStore.Key, DeadlineCheck> deadlineChecks = new HashMap<>();
  private final AtomicInteger busy = new AtomicInteger();
  private final List<java.util.function.BooleanSupplier> idleChecks =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicLong podIps = new AtomicLong();
  private boolean drainScheduled;
  private volatile long startDelayMinMillis;
  private volatile long startDelayMaxMillis;
  private volatile Duration progressDeadline;
  private volatile boolean instant;
  private volatile int podCapacity = -1;

  public WorkloadController(InMemoryObjectStore store, Duration startDelayMin, Duration startDelayMax, long seed) {
    this.store = store;
    this.random = new Random(seed);
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "k8s-sim-controllers");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    startDelay(startDelayMin, startDelayMax);
  }

  // ---------------------------------------------------------------- configuration

  public void startDelay(Duration min, Duration max) {
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          "start delay must satisfy 0 <= min <= max, got min " + min + " and max " + max);
    }
    this.startDelayMinMillis = min.toMillis();
    this.startDelayMaxMillis = max.toMillis();
  }

  /** Overrides every Deployment's spec.progressDeadlineSeconds (null: use the spec, default 600 s). */
  public void progressDeadline(Duration deadline) {
    this.progressDeadline = deadline;
  }

  /** Pods the nodes hold together (negative: no limit); past it new pods stay Pending, Unschedulable. */
  public void podCapacity(int pods) {
    this.podCapacity = pods;
  }

  /** While set, new pods are created Ready (used for seeding). */
  public void instant(boolean on) {
    this.instant = on;
  }

  public void neverReady(ApiResource kind, String namespace, String name, boolean on) {
    String key = kind.kind() + "/" + namespace + "/" + name;
    if (on) {
      neverReady.add(key);
    } else {
      neverReady.remove(key);
      // pods still waiting become ready now
      for (ObjectNode pod : store.listRaw(ApiResource.PODS, namespace, LabelSelector.EVERYTHING)) {
        if (!isReady(pod)) {
          enqueue(new InMemoryObjectStore.Key(ApiResource.PODS, namespace, Json.text(pod, "metadata", "name")));
        }
      }
    }
  }

  // ---------------------------------------------------------------- event intake

  @Override
  public void onEvent(InMemoryObjectStore.Event e) {
    ApiResource r = e.resource();
    ObjectNode o = e.object();
    String ns = Json.text(o, "metadata", "namespace");
    String name = Json.text(o, "metadata", "name");
    boolean deleted = e.type().equals("DELETED");
    if (r.equals(ApiResource.DEPLOYMENTS)
        || r.equals(ApiResource.STATEFUL_SETS)
        || r.equals(ApiResource.DAEMON_SETS)
        || r.equals(ApiResource.JOBS)) {
      if (deleted) {
        progressSince.remove(Json.text(o, "metadata", "uid"));
      } else if (e.old() == null || !Objects.equals(e.old().get("spec"), o.get("spec"))) {
        enqueue(new InMemoryObjectStore.Key(r, ns, name));
      }
    } else if (r.equals(ApiResource.REPLICA_SETS)) {
      if (!deleted && (e.old() == null || !Objects.equals(e.old().get("spec"), o.get("spec")))) {
        enqueue(new InMemoryObjectStore.Key(r, ns, name));
      }
      if (e.old() == null || deleted || !Objects.equals(e.old().get("status"), o.get("status"))) {
        enqueueOwner(o, ns);
      }
    } else if (r.equals(ApiResource.PODS)) {
      if (deleted && !pending.isEmpty()) {
        for (InMemoryObjectStore.Key waiting : pending) {
          enqueue(waiting); // capacity freed
        }
      }
      if (!deleted && !isReady(o)) {
        enqueue(new InMemoryObjectStore.Key(r, ns, name));
      }
      if (deleted || e.old() == null || isReady(e.old()) != isReady(o)) {
        enqueueOwner(o, ns);
      }
    } else if (r.equals(ApiResource.MUTATING_WEBHOOK_CONFIGURATIONS)
        || r.equals(ApiResource.SERVICES)
        || r.equals(ApiResource.NAMESPACES)
        || r.equals(ApiResource.CONFIG_MAPS)) {
      for (InMemoryObjectStore.Key k : blocked) {
        enqueue(k);
      }
    } else if (r.equals(ApiResource.NODES) && (e.old() == null || deleted)) {
      executor.execute(
          () -> {
            for (ObjectNode ds : store.listRaw(ApiResource.DAEMON_SETS, null, LabelSelector.EVERYTHING)) {
              enqueue(key(ApiResource.DAEMON_SETS, ds));
            }
          });
    }
  }

  private void enqueueOwner(ObjectNode o, String ns) {
    JsonNode refs = o.at("/metadata/ownerReferences");
    if (refs.isArray()) {
      for (JsonNode ref : refs) {
        if (ref.path("controller").asBoolean(false)) {
          ApiResource.byKind(Json.text(ref, "kind"))
              .ifPresent(t -> enqueue(new InMemoryObjectStore.Key(t, ns, Json.text(ref, "name"))));
        }
      }
    }
  }

  private static InMemoryObjectStore.Key key(ApiResource r, ObjectNode o) {
    return new InMemoryObjectStore.Key(r, Json.text(o, "metadata", "namespace"), Json.text(o, "metadata", "name"));
  }

  void enqueue(InMemoryObjectStore.Key k) {
    synchronized (queue) {
      queue.add(k);
      if (!drainScheduled) {
        drainScheduled = true;
        busy.incrementAndGet();
        executor.execute(this::drain);
      }
    }
  }

  private void drain() {
    try {
      while (true) {
        InMemoryObjectStore.Key k;
        synchronized (queue) {
          if (queue.isEmpty()) {
            drainScheduled = false;
            return;
          }
          var it = queue.iterator();
          k = it.next();
          it.remove();
        }
        try {
          reconcile(k);
        } catch (SimulatedApiException e) {
          if (e.code() == 409 || e.code() == 404) {
            enqueue(k);
          } else {
            LOG.debug("reconcile of {} failed: {}", k, e.getMessage());
          }
        } catch (RuntimeException e) {
          LOG.warn("reconcile of {} failed", k, e);
        }
      }
    } finally {
      busy.decrementAndGet();
    }
  }

  /** Whether no work is queued, running or waiting for a pod start delay. */
  public boolean isIdle() {
    synchronized (queue) {
      if (!queue.isEmpty() || busy.get() != 0) {
        return false;
      }
    }
    for (java.util.function.BooleanSupplier check : idleChecks) {
      if (!check.getAsBoolean()) {
        return false;
      }
    }
    return true;
  }

  /** Another controller whose idleness {@link #isIdle()} includes. */
  public void addIdleCheck(java.util.function.BooleanSupplier idle) {
    idleChecks.add(idle);
  }

  /**
   * Waits until the controllers are idle (pending start delays included; progress-deadline checks and retries of
   * blocked pod creations excluded).
   *
   * @return whether they became idle in time
   */
  public boolean awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int stable = 0;
    while (System.nanoTime() < deadline) {
      if (isIdle()) {
        if (++stable >= 3) {
          return true;
        }
      } else {
        stable = 0;
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- reconcile

  private void reconcile(InMemoryObjectStore.Key k) {
    ApiResource r = k.resource();
    if (r.equals(ApiResource.DEPLOYMENTS)) {
      reconcileDeployment(k);
    } else if (r.equals(ApiResource.REPLICA_SETS)) {
      reconcileReplicaSet(k);
    } else if (r.equals(ApiResource.STATEFUL_SETS)) {
      reconcileStatefulSet(k);
    } else if (r.equals(ApiResource.DAEMON_SETS)) {
      reconcileDaemonSet(k);
    } else if (r.equals(ApiResource.JOBS)) {
      reconcileJob(k);
    } else if (r.equals(ApiResource.PODS)) {
      reconcilePod(k);
    }
    if (!blocked.isEmpty() && blocked.contains(k) && store.getRaw(r, k.namespace(), k.name()) == null) {
      blocked.remove(k);
      failures.remove(k);
    }
  }

  // ---------------------------------------------------------------- kubelet

  private void reconcilePod(InMemoryObjectStore.Key k) {
    ObjectNode pod = store.getRaw(ApiResource.PODS, k.namespace(), k.name());
    if (pod == null || isReady(pod)) {
      pending.remove(k);
      return;
    }
    if (isUnscheduled(pod)) {
      pod = schedule(k, pod);
      if (pod == null) {
        pending.add(k);
        return;
      }
      pending.remove(k);
    }
    if (isNeverReady(pod)) {
      if (!"Running".equals(Json.text(pod, "status", "phase"))) {
        ObjectNode next = pod.deepCopy();
        next.set("status", podStatus(next, false));
        store.update(ApiResource.PODS, k.namespace(), k.name(), next, InMemoryObjectStore.Mode.STATUS);
      }
      return;
    }
    long delay = instant ? 0 : delayMillis();
    String uid = Json.text(pod, "metadata", "uid");
    if (delay == 0) {
      markReady(k, uid);
      return;
    }
    busy.incrementAndGet();
    executor.schedule(
        () -> {
          try {
            markReady(k, uid);
          } catch (RuntimeException e) {
            LOG.debug("pod start of {} failed: {}", k, e.toString());
            enqueue(k);
          } finally {
            busy.decrementAndGet();
          }
        },
        delay,
        TimeUnit.MILLISECONDS);
  }

  private void markReady(InMemoryObjectStore.Key k, String uid) {
    ObjectNode pod = store.getRaw(ApiResource.PODS, k.namespace(), k.name());
    if (pod == null || !uid.equals(Json.text(pod, "metadata", "uid")) || isReady(pod) || isNeverReady(pod)) {
      return;
    }
    ObjectNode next = pod.deepCopy();
    next.set("status", podStatus(next, true));
    store.update(ApiResource.PODS, k.namespace(), k.name(), next, InMemoryObjectStore.Mode.STATUS);
  }

  private long delayMillis() {
    long min = startDelayMinMillis;
    long max = startDelayMaxMillis;
    if (max <= 0) {
      return 0;
    }
    synchronized (random) {
      return min + (max > min ? (long) random.nextInt((int) Math.min(Integer.MAX_VALUE, max - min + 1)) : 0);
    }
  }

  private boolean isNeverReady(ObjectNode pod) {
    if (neverReady.isEmpty()) {
      return false;
    }
    ObjectNode o = pod;
    for (int depth = 0; depth < 4; depth++) {
      String ns = Json.text(o, "metadata", "namespace");
      if (neverReady.contains(Json.text(o, "kind") + "/" + ns + "/" + Json.text(o, "metadata", "name"))) {
        return true;
      }
      String ownerUid = controllerUid(o);
      if (ownerUid == null) {
        return false;
      }
      o = store.getByUid(ownerUid);
      if (o == null) {
        return false;
      }
    }
    return false;
  }

  private static String controllerUid(ObjectNode o) {
    JsonNode refs = o.at("/metadata/ownerReferences");
    if (refs.isArray()) {
      for (JsonNode ref : refs) {
        if (ref.path("controller").asBoolean(false)) {
          return Json.text(ref, "uid");
        }
      }
    }
    return null;
  }

  public static boolean isReady(JsonNode pod) {
    JsonNode conditions = pod.at("/status/conditions");
    if (conditions.isArray()) {
      for (JsonNode c : conditions) {
        if ("Ready".equals(Json.text(c, "type"))) {
          return "True".equals(Json.text(c, "status"));
        }
      }
    }
    return false;
  }

  private ObjectNode podStatus(ObjectNode pod, boolean ready) {
    String now = Json.timestamp(store.clock().instant());
    ObjectNode s = Json.obj();
    s.put("phase", "Running");
    ArrayNode conditions = s.putArray("conditions");
    for (String type : new String[] {"Initialized", "Ready", "ContainersReady", "PodScheduled"}) {
      ObjectNode c = conditions.addObject();
      c.put("type", type);
      boolean value = ready || type.equals("Initialized") || type.equals("PodScheduled");
      c.put("status", value ? "True" : "False");
      c.putNull("lastProbeTime");
      c.put("lastTransitionTime", now);
      if (!value) {
        c.put("reason", "ContainersNotReady");
        c.put("message", "containers with unready status: [" + firstContainer(pod) + "]");
      }
    }
    long ip = podIps.incrementAndGet();
    s.put("hostIP", "10.224.0." + (4 + (ip % 3)));
    s.put("podIP", "10.244." + ((ip >> 8) & 255) + "." + (ip & 255));
    s.put("startTime", now);
    ArrayNode statuses = s.putArray("containerStatuses");
    JsonNode containers = pod.at("/spec/containers");
    if (containers.isArray()) {
      for (JsonNode c : containers) {
        ObjectNode cs = statuses.addObject();
        cs.put("name", Json.text(c, "name"));
        cs.put("image", Objects.requireNonNullElse(Json.text(c, "image"), ""));
        cs.put("imageID", "");
        cs.put("ready", ready);
        cs.put("restartCount", 0);
        cs.put("started", true);
        Json.with(Json.with(cs, "state"), "running").put("startedAt", now);
      }
    }
    s.put("qosClass", "BestEffort");
    return s;
  }

  private static String firstContainer(ObjectNode pod) {
    String n = Json.text(pod.at("/spec/containers/0"), "name");
    return n == null ? "" : n;
  }

  // ---------------------------------------------------------------- pods

  /** Creates a pod from a template; returns the stored pod, or null when admission refused it. */
  private ObjectNode createPod(
      ApiResource ownerType,
      ObjectNode owner,
      JsonNode template,
      String name,
      String generateName,
      Map<String, String> extraLabels,
      String nodeName) {
    ObjectNode pod = Json.obj();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    ObjectNode meta = pod.putObject("metadata");
    String ns = Json.text(owner, "metadata", "namespace");
    if (name != null) {
      meta.put("name", name);
    } else {
      meta.put("generateName", generateName);
    }
    meta.put("namespace", ns);
    ObjectNode labels = meta.putObject("labels");
    JsonNode tl = template.at("/metadata/labels");
    if (tl.isObject()) {
      labels.setAll((ObjectNode) tl.deepCopy());
    }
    extraLabels.forEach(labels::put);
    JsonNode ta = template.at("/metadata/annotations");
    if (ta.isObject() && !ta.isEmpty()) {
      meta.set("annotations", ta.deepCopy());
    }
    ArrayNode refs = meta.putArray("ownerReferences");
    ObjectNode ref = refs.addObject();
    ref.put("apiVersion", ownerType.apiVersion());
    ref.put("kind", ownerType.kind());
    ref.put("name", Json.text(owner, "metadata", "name"));
    ref.put("uid", Json.text(owner, "metadata", "uid"));
    ref.put("controller", true);
    ref.put("blockOwnerDeletion", true);
    JsonNode spec = template.get("spec");
    ObjectNode podSpec = spec instanceof ObjectNode s ? s.deepCopy() : Json.obj();
    boolean unschedulable = false;
    if (nodeName != null) {
      podSpec.put("nodeName", nodeName);
    } else if (!podSpec.has("nodeName")) {
      if (podCapacity >= 0 && scheduledPods() >= podCapacity) {
        unschedulable = true;
      } else {
        podSpec.put("nodeName", nodeFor());
      }
    }
    pod.set("spec", podSpec);
    pod.set("status", unschedulable ? unschedulableStatus() : Json.obj().put("phase", "Pending"));
    ObjectNode stored = store.create(ApiResource.PODS, ns, pod, false);
    boolean readyNow = instant && !unschedulable && !isNeverReadyOwner(owner, ownerType);
    if (readyNow) {
      // after admission, so the injected containers have their statuses too
      ObjectNode next = stored.deepCopy();
      next.set("status", podStatus(next, true));
      stored = store.update(ApiResource.PODS, ns, Json.text(stored, "metadata", "name"), next,
          InMemoryObjectStore.Mode.STATUS);
    }
    return stored;
  }

  private String nodeFor() {
    List<ObjectNode> nodes = store.listRaw(ApiResource.NODES, null, LabelSelector.EVERYTHING);
    if (nodes.isEmpty()) {
      return "aks-nodepool1-12345678-vmss000000";
    }
    return Json.text(nodes.get((int) Math.floorMod(podIps.get(), (long) nodes.size())), "metadata", "name");
  }

  private int scheduledPods() {
    int n = 0;
    for (ObjectNode p : store.listRaw(ApiResource.PODS, null, LabelSelector.EVERYTHING)) {
      if (p.at("/spec/nodeName").isTextual()) {
        n++;
      }
    }
    return n;
  }

  private ObjectNode unschedulableStatus() {
    int nodes = store.listRaw(ApiResource.NODES, null, LabelSelector.EVERYTHING).size();
    ObjectNode s = Json.obj();
    s.put("phase", "Pending");
    ObjectNode c = s.putArray("conditions").addObject();
    c.put("type", "PodScheduled");
    c.put("status", "False");
    c.putNull("lastProbeTime");
    c.put("lastTransitionTime", Json.timestamp(store.clock().instant()));
    c.put("reason", "Unschedulable");
    c.put("message", "0/" + nodes + " nodes are available: " + nodes
        + " Too many pods. preemption: 0/" + nodes + " nodes are available: " + nodes
        + " No preemption victims found for incoming pod.");
    s.put("qosClass", "BestEffort");
    return s;
  }

  private static boolean isUnscheduled(JsonNode pod) {
    return !pod.at("/spec/nodeName").isTextual();
  }

  /** Binds a pending pod to a node when capacity allows (the scheduler); returns the bound pod or null. */
  private ObjectNode schedule(InMemoryObjectStore.Key k, ObjectNode pod) {
    if (podCapacity >= 0 && scheduledPods() >= podCapacity) {
      return null;
    }
    ObjectNode next = pod.deepCopy();
    Json.with(next, "spec").put("nodeName", nodeFor());
    ObjectNode bound = store.update(ApiResource.PODS, k.namespace(), k.name(), next, InMemoryObjectStore.Mode.MAIN);
    ObjectNode withStatus = bound.deepCopy();
    withStatus.set("status", Json.obj().put("phase", "Pending"));
    return store.update(ApiResource.PODS, k.namespace(), k.name(), withStatus, InMemoryObjectStore.Mode.STATUS);
  }

  private boolean isNeverReadyOwner(ObjectNode owner, ApiResource ownerType) {
    ObjectNode probe = owner.deepCopy();
    probe.put("kind", ownerType.kind());
    return isNeverReady(probe);
  }

  private List<ObjectNode> ownedPods(ObjectNode owner) {
    return ownedBy(owner, ApiResource.PODS);
  }

  private List<ObjectNode> ownedBy(ObjectNode owner, ApiResource type) {
    String uid = Json.text(owner, "metadata", "uid");
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode o : store.dependentsOf(uid, type)) {
      if (uid.equals(controllerUid(o))) {
        out.add(o);
      }
    }
    return out;
  }

  private boolean createOrBlock(InMemoryObjectStore.Key k, Runnable create) {
    try {
      create.run();
      if (blocked.remove(k)) {
        failures.remove(k);
      }
      return true;
    } catch (SimulatedApiException e) {
      if (e.code() == 409) {
        throw e;
      }
      if (blocked.add(k)) {
        LOG.debug("pod creation for {} refused: {}", k, e.getMessage());
      }
      failures.put(k, e.getMessage());
      return false;
    }
  }

  private final Map<InMemoryObjectStore.Key, String> failures = new ConcurrentHashMap<>();

  private static int intAt(JsonNode n, int dflt, String... path) {
    return (int) Json.longAt(n, dflt, path);
  }

  // ---------------------------------------------------------------- deployments

  private void reconcileDeployment(InMemoryObjectStore.Key k) {
    ObjectNode d = store.getRaw(ApiResource.DEPLOYMENTS, k.namespace(), k.name());
    if (d == null) {
      return;
    }
    String uid = Json.text(d, "metadata", "uid");
    int desired = intAt(d, 1, "spec", "replicas");
    JsonNode template = d.at("/spec/template");
    String hash = Json.hash(template);
    boolean paused = d.at("/spec/paused").asBoolean(false);
    boolean recreate = "Recreate".equals(Json.text(d, "spec", "strategy", "type"));
    int minReadySeconds = intAt(d, 0, "spec", "minReadySeconds");
    int[] fenceposts = fenceposts(d, desired);
    int maxSurge = fenceposts[0];
    int maxUnavailable = fenceposts[1];
    List<ObjectNode> sets = ownedBy(d, ApiResource.REPLICA_SETS);
    ObjectNode newRs = null;
    int maxRevision = 0;
    for (ObjectNode rs : sets) {
      maxRevision = Math.max(maxRevision, revisionOf(rs));
      if (hash.equals(Json.text(rs, "metadata", "labels", TEMPLATE_HASH))) {
        newRs = rs;
      }
    }
    Instant now = store.clock().instant();
    String newRsUid = newRs == null ? null : Json.text(newRs, "metadata", "uid");
    List<ObjectNode> olds = new ArrayList<>();
    for (ObjectNode rs : sets) {
      if (newRsUid == null || !newRsUid.equals(Json.text(rs, "metadata", "uid"))) {
        olds.add(rs);
      }
    }
    boolean created = false;
    if (!paused) {
      int oldReplicas = 0;
      int oldPods = 0;
      for (ObjectNode rs : olds) {
        oldReplicas += intAt(rs, 1, "spec", "replicas");
        oldPods += intAt(rs, 0, "status", "replicas");
      }
      // the new ReplicaSet's size: rolling.go reconcileNewReplicaSet / deploymentutil.NewRSNewReplicas
      int current = newRs == null ? 0 : intAt(newRs, 1, "spec", "replicas");
      int want;
      if (recreate) {
        want = oldReplicas == 0 && oldPods == 0 ? desired : current;
      } else if (current >= desired) {
        want = desired;
      } else {
        int maxTotal = desired + maxSurge;
        int all = oldReplicas + current;
        want = all >= maxTotal ? current : current + Math.min(maxTotal - all, desired - current);
      }
      if (newRs == null) {
        newRs = createReplicaSet(d, template, hash, want, maxRevision + 1, maxSurge, minReadySeconds);
        newRsUid = Json.text(newRs, "metadata", "uid");
        created = true;
        progressSince.put(uid, now);
      } else {
        ObjectNode next = newRs.deepCopy();
        boolean changed = false;
        if (current != want) {
          Json.with(next, "spec").put("replicas", want);
          changed = true;
        }
        if (intAt(newRs, 0, "spec", "minReadySeconds") != minReadySeconds) {
          Json.with(next, "spec").put("minReadySeconds", minReadySeconds);
          changed = true;
        }
        if (revisionOf(newRs) < maxRevision) {
          Json.with(Json.with(next, "metadata"), "annotations")
              .put(REVISION_ANNOTATION, Integer.toString(maxRevision + 1));
          changed = true;
          progressSince.put(uid, now);
        }
        if (changed) {
          ObjectNode annotations = Json.with(Json.with(next, "metadata"), "annotations");
          annotations.put("deployment.kubernetes.io/desired-replicas", Integer.toString(desired));
          annotations.put("deployment.kubernetes.io/max-replicas", Integer.toString(desired + maxSurge));
          newRs = writeSpec(ApiResource.REPLICA_SETS, newRs, next);
        }
      }
      scaleDownOld(d, olds, newRs, desired, maxUnavailable, recreate);
    }
    // status from the replica sets as they are now (sync.go calculateStatus)
    int replicas = 0;
    int ready = 0;
    int available = 0;
    int updated = 0;
    for (ObjectNode rs : ownedBy(d, ApiResource.REPLICA_SETS)) {
      replicas += intAt(rs, 0, "status", "replicas");
      ready += intAt(rs, 0, "status", "readyReplicas");
      available += intAt(rs, 0, "status", "availableReplicas");
      if (newRsUid != null && newRsUid.equals(Json.text(rs, "metadata", "uid"))) {
        updated = intAt(rs, 0, "status", "replicas");
      }
    }
    String rsName = newRs == null ? k.name() : Json.text(newRs, "metadata", "name");
    boolean complete = newRs != null && updated == desired && replicas == desired && available == desired;
    ObjectNode status = Json.obj();
    status.put("observedGeneration", Json.longAt(d, 1, "metadata", "generation"));
    status.put("replicas", replicas);
    status.put("updatedReplicas", updated);
    status.put("readyReplicas", ready);
    status.put("availableReplicas", available);
    if (desired - available > 0) {
      status.put("unavailableReplicas", desired - available);
    }
    JsonNode oldStatus = d.path("status");
    if (updated > oldStatus.path("updatedReplicas").asInt(0)
        || ready > oldStatus.path("readyReplicas").asInt(0)
        || available > oldStatus.path("availableReplicas").asInt(0)
        || replicas - updated
            < oldStatus.path("replicas").asInt(0) - oldStatus.path("updatedReplicas").asInt(0)) {
      progressSince.put(uid, now); // progress was made (deploymentutil.DeploymentProgressing)
    }
    JsonNode oldConditions = d.at("/status/conditions");
    ArrayNode conditions = status.putArray("conditions");
    boolean availableOk = available >= desired - maxUnavailable;
    conditions.add(
        condition(
            oldConditions,
            "Available",
            availableOk ? "True" : "False",
            availableOk ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            availableOk ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
            now));
    Duration deadline = deadlineOf(d);
    Instant since = progressSince.get(uid);
    if (paused) {
      progressSince.remove(uid);
      conditions.add(
          condition(oldConditions, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", now));
    } else if (complete) {
      progressSince.remove(uid);
      conditions.add(
          condition(
              oldConditions,
              "Progressing",
              "True",
              "NewReplicaSetAvailable",
              "ReplicaSet \"" + rsName + "\" has successfully progressed.",
              now));
    } else {
      if (since == null) {
        since = now;
        progressSince.put(uid, since);
      }
      Instant expires = since.plus(deadline);
      if (!now.isBefore(expires)) {
        conditions.add(
            condition(
                oldConditions,
                "Progressing",
                "False",
                "ProgressDeadlineExceeded",
                "ReplicaSet \"" + rsName + "\" has timed out progressing.",
                now));
      } else {
        conditions.add(
            condition(
                oldConditions,
                "Progressing",
                "True",
                created ? "NewReplicaSetCreated" : "ReplicaSetUpdated",
                created
                    ? "Created new replica set \"" + rsName + "\""
                    : "ReplicaSet \"" + rsName + "\" is progressing.",
                now));
        scheduleDeadlineCheck(k, expires, now);
      }
    }
    writeStatus(ApiResource.DEPLOYMENTS, d, status);
  }

  /**
   * Scales old ReplicaSets down within the unavailability budget, as rolling.go reconcileOldReplicaSets does: first
   * their unhealthy replicas, then available ones while more than {@code desired - maxUnavailable} stay available.
   * Recreate scales them all to 0 at once.
   */
  private void scaleDownOld(
      ObjectNode d, List<ObjectNode> olds, ObjectNode newRs, int desired, int maxUnavailable, boolean recreate) {
    olds.sort(
        Comparator.comparing(
                (ObjectNode rs) -> Objects.requireNonNullElse(Json.text(rs, "metadata", "creationTimestamp"), ""))
            .thenComparingInt(WorkloadController::revisionOf));
    if (recreate) {
      for (ObjectNode old : olds) {
        if (intAt(old, 1, "spec", "replicas") != 0) {
          scaleReplicaSet(old, 0);
        }
      }
      return;
    }
    int oldReplicas = 0;
    for (ObjectNode rs : olds) {
      oldReplicas += intAt(rs, 1, "spec", "replicas");
    }
    if (oldReplicas == 0) {
      return;
    }
    int newReplicas = intAt(newRs, 1, "spec", "replicas");
    int allPods = oldReplicas + newReplicas;
    int minAvailable = desired - maxUnavailable;
    int newUnavailable = Math.max(0, newReplicas - intAt(newRs, 0, "status", "availableReplicas"));
    int maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) {
      return;
    }
    // cleanupUnhealthyReplicas: old replicas that are not available go first, without touching availability
    int scaled = 0;
    Map<String, Integer> sizes = new HashMap<>();
    for (ObjectNode old : olds) {
      int size = intAt(old, 1, "spec", "replicas");
      int unhealthy = Math.max(0, size - intAt(old, 0, "status", "availableReplicas"));
      int cut = Math.min(unhealthy, maxScaledDown - scaled);
      if (cut > 0) {
        size -= cut;
        scaled += cut;
      }
      sizes.put(Json.text(old, "metadata", "uid"), size);
    }
    // scaleDownOldReplicaSetsForRollingUpdate: available pods above the minimum may go
    int availableAll = intAt(newRs, 0, "status", "availableReplicas");
    for (ObjectNode old : olds) {
      availableAll += Math.min(intAt(old, 0, "status", "availableReplicas"), sizes.get(Json.text(old, "metadata",
          "uid")));
    }
    int budget = Math.max(0, Math.min(availableAll - minAvailable, maxScaledDown - scaled));
    for (ObjectNode old : olds) {
      String oldUid = Json.text(old, "metadata", "uid");
      int size = sizes.get(oldUid);
      int cut = Math.min(size, budget);
      size -= cut;
      budget -= cut;
      if (size != intAt(old, 1, "spec", "replicas")) {
        scaleReplicaSet(old, size);
      }
    }
  }

  private void scaleReplicaSet(ObjectNode rs, int replicas) {
    ObjectNode next = rs.deepCopy();
    Json.with(next, "spec").put("replicas", replicas);
    writeSpec(ApiResource.REPLICA_SETS, rs, next);
  }

  private void scheduleDeadlineCheck(InMemoryObjectStore.Key k, Instant expires, Instant now) {
    synchronized (deadlineChecks) {
      DeadlineCheck pending = deadlineChecks.get(k);
      if (pending != null && !pending.future.isDone()) {
        if (!pending.at.isAfter(expires)) {
          return;
        }
        pending.future.cancel(false);
      }
      long wait = Math.max(1, Duration.between(now, expires).toMillis() + 1);
      ScheduledFuture<?> future =
          executor.schedule(
              () -> {
                synchronized (deadlineChecks) {
                  deadlineChecks.remove(k);
                }
                enqueue(k);
              },
              wait,
              TimeUnit.MILLISECONDS);
      deadlineChecks.put(k, new DeadlineCheck(expires, future));
    }
  }

  private record DeadlineCheck(Instant at, ScheduledFuture<?> future) {}

  private Duration deadlineOf(ObjectNode d) {
    Duration override = progressDeadline;
    if (override != null) {
      return override;
    }
    return Duration.ofSeconds(Json.longAt(d, 600, "spec", "progressDeadlineSeconds"));
  }

  /**
   * {@code [maxSurge, maxUnavailable]} as deploymentutil.ResolveFenceposts computes them: percentages of the desired
   * replicas, surge rounded up and unavailable rounded down (defaults 25% and 25%); when both are 0, unavailable is 1.
   * Checked against upstream's pkg/controller/deployment/util/deployment_util.go (ResolveFenceposts, which calls
   * intstr.GetScaledValueFromIntOrPercent with roundUp true for surge and false for unavailable).
   */
  static int[] fenceposts(ObjectNode d, int desired) {
    if ("Recreate".equals(Json.text(d, "spec", "strategy", "type"))) {
      return new int[] {0, desired};
    }
    int surge = scaled(d.at("/spec/strategy/rollingUpdate/maxSurge"), desired, true);
    int unavailable = scaled(d.at("/spec/strategy/rollingUpdate/maxUnavailable"), desired, false);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    return new int[] {surge, unavailable};
  }

  /** intstr.GetScaledValueFromIntOrPercent; a missing value means 25%. */
  static int scaled(JsonNode v, int total, boolean roundUp) {
    if (v.isInt() || v.isLong()) {
      return Math.max(0, v.asInt());
    }
    String text = v.isTextual() ? v.asText() : "25%";
    if (text.endsWith("%")) {
      int percent;
      try {
        percent = Integer.parseInt(text.substring(0, text.length() - 1));
      } catch (NumberFormatException e) {
        percent = 25;
      }
      long product = (long) total * percent;
      return (int) (roundUp ? (product + 99) / 100 : product / 100);
    }
    try {
      return Math.max(0, Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static ObjectNode condition(
      JsonNode oldConditions, String type, String status, String reason, String message, Instant now) {
    ObjectNode c = Json.obj();
    c.put("type", type);
    c.put("status", status);
    String ts = Json.timestamp(now);
    String updateTime = ts;
    String transitionTime = ts;
    if (oldConditions.isArray()) {
      for (JsonNode old : oldConditions) {
        if (type.equals(Json.text(old, "type"))) {
          if (status.equals(Json.text(old, "status"))) {
            transitionTime = Objects.requireNonNullElse(Json.text(old, "lastTransitionTime"), ts);
            if (reason.equals(Json.text(old, "reason")) && message.equals(Json.text(old, "message"))) {
              updateTime = Objects.requireNonNullElse(Json.text(old, "lastUpdateTime"), ts);
            }
          }
        }
      }
    }
    c.put("lastUpdateTime", updateTime);
    c.put("lastTransitionTime", transitionTime);
    c.put("reason", reason);
    c.put("message", message);
    return c;
  }

  private static int revisionOf(ObjectNode rs) {
    String v = Json.text(rs, "metadata", "annotations", REVISION_ANNOTATION);
    try {
      return v == null ? 0 : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private ObjectNode createReplicaSet(
      ObjectNode d, JsonNode template, String hash, int replicas, int revision, int maxSurge, int minReadySeconds) {
    int desired = intAt(d, 1, "spec", "replicas");
    ObjectNode rs = Json.obj();
    rs.put("apiVersion", "apps/v1");
    rs.put("kind", "ReplicaSet");
    ObjectNode meta = rs.putObject("metadata");
    String name = Json.text(d, "metadata", "name") + "-" + hash;
    String ns = Json.text(d, "metadata", "namespace");
    meta.put("name", name);
    meta.put("namespace", ns);
    ObjectNode labels = meta.putObject("labels");
    JsonNode tl = template.at("/metadata/labels");
    if (tl.isObject()) {
      labels.setAll((ObjectNode) tl.deepCopy());
    }
    labels.put(TEMPLATE_HASH, hash);
    ObjectNode annotations = meta.putObject("annotations");
    annotations.put(REVISION_ANNOTATION, Integer.toString(revision));
    annotations.put("deployment.kubernetes.io/desired-replicas", Integer.toString(desired));
    annotations.put("deployment.kubernetes.io/max-replicas", Integer.toString(desired + maxSurge));
    ObjectNode ref = meta.putArray("ownerReferences").addObject();
    ref.put("apiVersion", "apps/v1");
    ref.put("kind", "Deployment");
    ref.put("name", Json.text(d, "metadata", "name"));
    ref.put("uid", Json.text(d, "metadata", "uid"));
    ref.put("controller", true);
    ref.put("blockOwnerDeletion", true);
    ObjectNode spec = rs.putObject("spec");
    spec.put("replicas", replicas);
    if (minReadySeconds > 0) {
      spec.put("minReadySeconds", minReadySeconds);
    }
    ObjectNode selector = d.at("/spec/selector").isObject() ? ((ObjectNode) d.at("/spec/selector")).deepCopy() : Json.obj();
    Json.with(selector, "matchLabels").put(TEMPLATE_HASH, hash);
    spec.set("selector", selector);
    ObjectNode t = ((ObjectNode) template).deepCopy();
    Json.with(Json.with(t, "metadata"), "labels").put(TEMPLATE_HASH, hash);
    spec.set("template", t);
    try {
      return store.create(ApiResource.REPLICA_SETS, ns, rs, false);
    } catch (SimulatedApiException e) {
      if (e.code() == 409) {
        ObjectNode existing = store.getRaw(ApiResource.REPLICA_SETS, ns, name);
        if (existing != null) {
          return existing;
        }
      }
      throw e;
    }
  }

  /** Writes spec/metadata changes with the read object's resourceVersion as precondition. */
  private ObjectNode writeSpec(ApiResource r, ObjectNode current, ObjectNode next) {
    return store.update(
        r,
        Json.text(current, "metadata", "namespace"),
        Json.text(current, "metadata", "name"),
        next,
        InMemoryObjectStore.Mode.MAIN);
  }

  private void writeStatus(ApiResource r, ObjectNode current, ObjectNode status) {
    if (status.equals(current.get("status"))) {
      return;
    }
    ObjectNode next = current.deepCopy();
    next.set("status", status);
    store.update(
        r,
        Json.text(current, "metadata", "namespace"),
        Json.text(current, "metadata", "name"),
        next,
        InMemoryObjectStore.Mode.STATUS);
  }

  // ---------------------------------------------------------------- replica sets

  private void reconcileReplicaSet(InMemoryObjectStore.Key k) {
    ObjectNode rs = store.getRaw(ApiResource.REPLICA_SETS, k.namespace(), k.name());
    if (rs == null) {
      return;
    }
    int desired = intAt(rs, 1, "spec", "replicas");
    List<ObjectNode> pods = ownedPods(rs);
    JsonNode template = rs.at("/spec/template");
    boolean failed = false;
    while (pods.size() < desired) {
      ObjectNode[] created = new ObjectNode[1];
      if (!createOrBlock(
          k,
          () ->
              created[0] =
                  createPod(ApiResource.REPLICA_SETS, rs, template, null, k.name() + "-", Map.of(), null))) {
        failed = true;
        break;
      }
      pods.add(created[0]);
    }
    if (pods.size() > desired) {
      pods.sort(
          Comparator.comparing((ObjectNode p) -> isReady(p))
              .thenComparing(
                  p -> Objects.requireNonNullElse(Json.text(p, "metadata", "creationTimestamp"), ""),
                  Comparator.reverseOrder())
              .thenComparing(p -> Json.text(p, "metadata", "name")));
      while (pods.size() > desired) {
        ObjectNode p = pods.remove(0);
        store.delete(ApiResource.PODS, k.namespace(), Json.text(p, "metadata", "name"));
      }
    }
    int ready = 0;
    int available = 0;
    int minReadySeconds = intAt(rs, 0, "spec", "minReadySeconds");
    Instant now = store.clock().instant();
    long soonest = Long.MAX_VALUE;
    for (ObjectNode p : pods) {
      if (isReady(p)) {
        ready++;
        long waitMillis = availableInMillis(p, minReadySeconds, now);
        if (waitMillis <= 0) {
          available++;
        } else {
          soonest = Math.min(soonest, waitMillis);
        }
      }
    }
    if (soonest != Long.MAX_VALUE) {
      requeueAfter(k, soonest);
    }
    ObjectNode status = Json.obj();
    status.put("replicas", pods.size());
    status.put("fullyLabeledReplicas", pods.size());
    status.put("readyReplicas", ready);
    status.put("availableReplicas", available);
    status.put("observedGeneration", Json.longAt(rs, 1, "metadata", "generation"));
    if (failed) {
      ObjectNode c = status.putArray("conditions").addObject();
      c.put("type", "ReplicaFailure");
      c.put("status", "True");
      c.put("reason", "FailedCreate");
      c.put("message", Objects.requireNonNullElse(failures.get(k), "pod creation failed"));
      c.put("lastTransitionTime", Json.timestamp(store.clock().instant()));
      JsonNode old = rs.at("/status/conditions/0");
      if (old.isObject() && "FailedCreate".equals(Json.text(old, "reason"))) {
        c.put("lastTransitionTime", Json.text(old, "lastTransitionTime"));
      }
    }
    writeStatus(ApiResource.REPLICA_SETS, rs, status);
  }

  /**
   * Milliseconds until a Ready pod counts as available (podutil.IsPodAvailable: Ready for minReadySeconds, measured
   * from the Ready condition's lastTransitionTime); 0 or less when it is available now.
   */
  private static long availableInMillis(ObjectNode pod, int minReadySeconds, Instant now) {
    if (minReadySeconds <= 0) {
      return 0;
    }
    for (JsonNode c : pod.at("/status/conditions")) {
      if ("Ready".equals(Json.text(c, "type"))) {
        String since = Json.text(c, "lastTransitionTime");
        if (since == null) {
          return 0;
        }
        try {
          Instant availableAt = Instant.parse(since).plusSeconds(minReadySeconds);
          return Duration.between(now, availableAt).toMillis();
        } catch (java.time.format.DateTimeParseException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  private void requeueAfter(InMemoryObjectStore.Key k, long millis) {
    executor.schedule(() -> enqueue(k), Math.max(1, millis + 1), TimeUnit.MILLISECONDS);
  }

  // ---------------------------------------------------------------- stateful sets

  private void reconcileStatefulSet(InMemoryObjectStore.Key k) {
    ObjectNode s = store.getRaw(ApiResource.STATEFUL_SETS, k.namespace(), k.name());
    if (s == null) {
      return;
    }
    int desired = intAt(s, 1, "spec", "replicas");
    JsonNode template = s.at("/spec/template");
    String updateRevision = k.name() + "-" + Json.hash(template);
    boolean parallel = "Parallel".equals(Json.text(s, "spec", "podManagementPolicy"));
    boolean onDelete = "OnDelete".equals(Json.text(s, "spec", "updateStrategy", "type"));
    Map<Integer, ObjectNode> byOrdinal = new HashMap<>();
    for (ObjectNode p : ownedPods(s)) {
      String name = Json.text(p, "metadata", "name");
      int ordinal = ordinal(name, k.name());
      if (ordinal < 0 || ordinal >= desired) {
        store.delete(ApiResource.PODS, k.namespace(), name);
      } else {
        byOrdinal.put(ordinal, p);
      }
    }
    int partition = Math.max(0, intAt(s, 0, "spec", "updateStrategy", "rollingUpdate", "partition"));
    String knownCurrent = Json.text(s, "status", "currentRevision");
    revisionTemplates.put(updateRevision, template.deepCopy());
    boolean failed = false;
    for (int i = 0; i < desired; i++) {
      ObjectNode p = byOrdinal.get(i);
      if (p == null) {
        // below the partition (or OnDelete) a re-created pod keeps the current revision (StatefulSet ControllerRevisions)
        boolean keepCurrent = (i < partition || onDelete) && knownCurrent != null
            && !knownCurrent.equals(updateRevision) && revisionTemplates.containsKey(knownCurrent);
        String podRevision = keepCurrent ? knownCurrent : updateRevision;
        JsonNode podTemplate = keepCurrent ? revisionTemplates.get(knownCurrent) : template;
        String podName = k.name() + "-" + i;
        String index = Integer.toString(i);
        ObjectNode[] created = new ObjectNode[1];
        if (!createOrBlock(
            k,
            () ->
                created[0] =
                    createPod(
                        ApiResource.STATEFUL_SETS,
                        s,
                        podTemplate,
                        podName,
                        null,
                        Map.of(
                            REVISION_HASH,
                            podRevision,
                            "statefulset.kubernetes.io/pod-name",
                            podName,
                            "apps.kubernetes.io/pod-index",
                            index),
                        null))) {
          failed = true;
          break;
        }
        p = created[0];
        byOrdinal.put(i, p);
      }
      if (!parallel && !isReady(p)) {
        break;
      }
    }
    boolean allReady = byOrdinal.size() == desired && byOrdinal.values().stream().allMatch(WorkloadController::isReady);
    if (allReady && !onDelete && !failed) {
      // RollingUpdate: the highest ordinal not yet updated, down to the partition, one at a time, each Ready first
      for (int i = desired - 1; i >= partition; i--) {
        ObjectNode p = byOrdinal.get(i);
        if (!updateRevision.equals(Json.text(p, "metadata", "labels", REVISION_HASH))) {
          store.delete(ApiResource.PODS, k.namespace(), Json.text(p, "metadata", "name"));
          byOrdinal.remove(i);
          enqueue(k);
          break;
        }
      }
    }
    String currentRevision = Json.text(s, "status", "currentRevision");
    if (currentRevision == null) {
      currentRevision = updateRevision;
    }
    int ready = 0;
    int updated = 0;
    int current = 0;
    for (ObjectNode p : byOrdinal.values()) {
      String rev = Json.text(p, "metadata", "labels", REVISION_HASH);
      if (isReady(p)) {
        ready++;
      }
      if (updateRevision.equals(rev)) {
        updated++;
      }
      if (currentRevision.equals(rev)) {
        current++;
      }
    }
    if (updated == desired && ready == desired) {
      currentRevision = updateRevision;
      current = updated;
    }
    ObjectNode status = Json.obj();
    status.put("observedGeneration", Json.longAt(s, 1, "metadata", "generation"));
    status.put("replicas", byOrdinal.size());
    status.put("readyReplicas", ready);
    status.put("currentReplicas", current);
    status.put("updatedReplicas", updated);
    status.put("availableReplicas", ready);
    status.put("currentRevision", currentRevision);
    status.put("updateRevision", updateRevision);
    status.put("collisionCount", 0);
    writeStatus(ApiResource.STATEFUL_SETS, s, status);
  }

  private static int ordinal(String podName, String setName) {
    if (podName == null || !podName.startsWith(setName + "-")) {
      return -1;
    }
    try {
      return Integer.parseInt(podName.substring(setName.length() + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  // ---------------------------------------------------------------- daemon sets

  private void reconcileDaemonSet(InMemoryObjectStore.Key k) {
    ObjectNode ds = store.getRaw(ApiResource.DAEMON_SETS, k.namespace(), k.name());
    if (ds == null) {
      return;
    }
    JsonNode template = ds.at("/spec/template");
    String hash = Json.hash(template);
    List<String> nodes = new ArrayList<>();
    for (ObjectNode n : store.listRaw(ApiResource.NODES, null, LabelSelector.EVERYTHING)) {
      nodes.add(Json.text(n, "metadata", "name"));
    }
    Set<String> nodeSet = new HashSet<>(nodes);
    Map<String, List<ObjectNode>> byNode = new HashMap<>();
    for (ObjectNode p : ownedPods(ds)) {
      String node = Json.text(p, "spec", "nodeName");
      if (node == null || !nodeSet.contains(node)) {
        store.delete(ApiResource.PODS, k.namespace(), Json.text(p, "metadata", "name"));
      } else {
        byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(p);
      }
    }
    String generation = Long.toString(Json.longAt(ds, 1, "metadata", "generation"));
    boolean onDelete = "OnDelete".equals(Json.text(ds, "spec", "updateStrategy", "type"));
    int desired = nodes.size();
    // daemon/util SurgeCount and UnavailableCount: both percentages round up; both 0 means maxUnavailable 1
    JsonNode rolling = ds.at("/spec/updateStrategy/rollingUpdate");
    int maxSurge = rolling.has("maxSurge") ? scaled(rolling.get("maxSurge"), desired, true) : 0;
    int maxUnavailable = rolling.has("maxUnavailable") ? scaled(rolling.get("maxUnavailable"), desired, true) : 1;
    if (maxSurge == 0 && maxUnavailable == 0) {
      maxUnavailable = 1;
    }
    int minReadySeconds = intAt(ds, 0, "spec", "minReadySeconds");
    Instant now = store.clock().instant();
    // per node: one updated pod wanted; old pods go within the budgets (rolling_update.go rollingUpdate)
    int unavailable = 0;
    int surging = 0;
    for (String node : nodes) {
      List<ObjectNode> pods = byNode.getOrDefault(node, List.of());
      boolean anyAvailable = pods.stream().anyMatch(p -> isAvailable(p, minReadySeconds, now));
      if (!anyAvailable) {
        unavailable++;
      }
      if (pods.stream().anyMatch(p -> hash.equals(Json.text(p, "metadata", "labels", REVISION_HASH)))
          && pods.stream().anyMatch(p -> !hash.equals(Json.text(p, "metadata", "labels", REVISION_HASH)))) {
        surging++;
      }
    }
    for (String node : nodes) {
      List<ObjectNode> pods = byNode.computeIfAbsent(node, n -> new ArrayList<>());
      ObjectNode updatedPod = null;
      List<ObjectNode> oldPods = new ArrayList<>();
      for (ObjectNode p : pods) {
        if (hash.equals(Json.text(p, "metadata", "labels", REVISION_HASH)) && updatedPod == null) {
          updatedPod = p;
        } else {
          oldPods.add(p);
        }
      }
      boolean create = pods.isEmpty();
      if (!onDelete && updatedPod == null && !oldPods.isEmpty()) {
        boolean oldAvailable = oldPods.stream().anyMatch(p -> isAvailable(p, minReadySeconds, now));
        if (maxSurge > 0) {
          if (!oldAvailable) {
            deletePods(k, oldPods, pods);
            create = true;
          } else if (surging < maxSurge) {
            surging++;
            create = true; // the new pod starts beside the old one
          }
        } else if (!oldAvailable) {
          deletePods(k, oldPods, pods); // an unavailable old pod goes without using the budget
        } else if (unavailable < maxUnavailable) {
          unavailable++;
          deletePods(k, oldPods, pods);
        }
      } else if (updatedPod != null && !oldPods.isEmpty() && isAvailable(updatedPod, minReadySeconds, now)) {
        deletePods(k, oldPods, pods); // surge: the old pod goes once the new one is available
      }
      if (create) {
        ObjectNode[] created = new ObjectNode[1];
        if (!createOrBlock(
            k,
            () ->
                created[0] =
                    createPod(
                        ApiResource.DAEMON_SETS,
                        ds,
                        template,
                        null,
                        k.name() + "-",
                        Map.of(REVISION_HASH, hash, "pod-template-generation", generation),
                        node))) {
          break;
        }
        pods.add(created[0]);
      }
    }
    int scheduled = 0;
    int ready = 0;
    int available = 0;
    int updated = 0;
    long soonest = Long.MAX_VALUE;
    for (String node : nodes) {
      List<ObjectNode> pods = byNode.getOrDefault(node, List.of());
      if (pods.isEmpty()) {
        continue;
      }
      scheduled++;
      boolean nodeReady = false;
      boolean nodeAvailable = false;
      boolean nodeUpdated = false;
      for (ObjectNode p : pods) {
        if (isReady(p)) {
          nodeReady = true;
          long wait = availableInMillis(p, minReadySeconds, now);
          if (wait <= 0) {
            nodeAvailable = true;
          } else {
            soonest = Math.min(soonest, wait);
          }
        }
        if (hash.equals(Json.text(p, "metadata", "labels", REVISION_HASH))) {
          nodeUpdated = true;
        }
      }
      ready += nodeReady ? 1 : 0;
      available += nodeAvailable ? 1 : 0;
      updated += nodeUpdated ? 1 : 0;
    }
    if (soonest != Long.MAX_VALUE) {
      requeueAfter(k, soonest);
    }
    ObjectNode status = Json.obj();
    status.put("currentNumberScheduled", scheduled);
    status.put("desiredNumberScheduled", desired);
    status.put("numberMisscheduled", 0);
    status.put("numberReady", ready);
    status.put("numberAvailable", available);
    if (desired - available > 0) {
      status.put("numberUnavailable", desired - available);
    }
    status.put("updatedNumberScheduled", updated);
    status.put("observedGeneration", Json.longAt(ds, 1, "metadata", "generation"));
    writeStatus(ApiResource.DAEMON_SETS, ds, status);
  }

  private void deletePods(InMemoryObjectStore.Key k, List<ObjectNode> victims, List<ObjectNode> from) {
    for (ObjectNode p : victims) {
      store.delete(ApiResource.PODS, k.namespace(), Json.text(p, "metadata", "name"));
      from.remove(p);
    }
    enqueue(k);
  }

  private static boolean isAvailable(ObjectNode pod, int minReadySeconds, Instant now) {
    return isReady(pod) && availableInMillis(pod, minReadySeconds, now) <= 0;
  }

  // ---------------------------------------------------------------- jobs

  private void reconcileJob(InMemoryObjectStore.Key k) {
    ObjectNode job = store.getRaw(ApiResource.JOBS, k.namespace(), k.name());
    if (job == null) {
      return;
    }
    if (job.at("/status/succeeded").asInt(0) > 0 || job.at("/status/startTime").isTextual()) {
      return;
    }
    List<ObjectNode> pods = ownedPods(job);
    if (pods.isEmpty()) {
      String uid = Json.text(job, "metadata", "uid");
      createOrBlock(
          k,
          () ->
              createPod(
                  ApiResource.JOBS,
                  job,
                  job.at("/spec/template"),
                  null,
                  k.name() + "-",
                  Map.of(
                      "job-name", k.name(),
                      "batch.kubernetes.io/job-name", k.name(),
                      "controller-uid", uid,
                      "batch.kubernetes.io/controller-uid", uid),
                  null));
    }
    ObjectNode status = Json.obj();
    status.put("active", 1);
    status.put("startTime", Json.timestamp(store.clock().instant()));
    writeStatus(ApiResource.JOBS, job, status);
  }
}
