package io.meshupgrade.tck.fakes;

import io.meshupgrade.model.ControlPlaneStatus;
import io.meshupgrade.model.IngressGateway;
import io.meshupgrade.exception.MeshConfigConflictException;
import io.meshupgrade.model.MeshConfigCopy;
import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.PodRecord;
import io.meshupgrade.options.RestartOptions;
import io.meshupgrade.report.RestartReport;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.SidecarState;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.spi.MeshDataPlane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A {@link MeshDataPlane} in memory: namespaces with their labels, revision tags, workloads and their pods. A
 * restart re-creates a workload's pods with the revision their namespace injects now (its {@code istio.io/rev}
 * label, through a tag when it names one; none when labelled {@code istio-injection} or when that revision is not
 * installed) and that revision's current proxy image. A namespace labelled with a tag whose revision is not installed
 * gets no pods at all: the tag's webhook (failurePolicy Fail) calls a removed istiod, so every pod creation fails and
 * so does the rollout of a restart. Workloads can be made to fail their rollouts; old pods can be
 * made to linger (terminating) for a few inventories.
 */
public final class InMemoryMeshDataPlane implements MeshDataPlane {

  private record Ns(String revisionLabel, String injection) {}

  private record Pod(PodRecord record, int lingerLeft) {}

  private final CallLog log;
  private final Supplier<List<Revision>> installed;
  private final Map<String, Ns> namespaces = new TreeMap<>();
  private final Map<String, Revision> tags = new TreeMap<>();
  private final Map<WorkloadRef, Integer> workloads = new TreeMap<>();
  private final List<Pod> pods = new ArrayList<>();
  private final Map<Revision, String> images = new HashMap<>();
  private final Map<Revision, String> meshConfigs = new HashMap<>();
  private final Set<Revision> notReady = new HashSet<>();
  private final Set<Revision> noInjector = new HashSet<>();
  private final Set<WorkloadRef> failing = new HashSet<>();
  private final Map<WorkloadRef, Integer> restarts = new TreeMap<>();
  private final List<List<WorkloadRef>> restartCalls = new ArrayList<>();
  private final Map<String, Integer> rejected = new TreeMap<>();
  private int lingerInventories;
  private int podSeq;

  /**
   * Creates an empty data plane.
   *
   * @param log the world's call log, which records every port call as {@code dp.method}
   * @param installed the revisions whose istiod is installed now, usually the control plane fake's
   *     {@link InMemoryMeshControlPlane#installed()}
   */
  public InMemoryMeshDataPlane(CallLog log, Supplier<List<Revision>> installed) {
    this.log = log;
    this.installed = installed;
  }

  // ------------------------------------------------------------------------------------------- test set-up

  /**
   * Adds (or replaces) a namespace without an {@code istio-injection} label.
   *
   * @param name the namespace
   * @param revisionLabel its {@code istio.io/rev} label, a revision or a tag; {@code ""} for none
   * @return this data plane
   */
  public synchronized InMemoryMeshDataPlane namespace(String name, String revisionLabel) {
    namespaces.put(name, new Ns(revisionLabel, ""));
    return this;
  }

  /**
   * Adds (or replaces) a namespace; one with an {@code istio-injection} label gets no sidecars here.
   *
   * @param name the namespace
   * @param revisionLabel its {@code istio.io/rev} label, a revision or a tag; {@code ""} for none
   * @param istioInjection its {@code istio-injection} label, such as {@code enabled}; {@code ""} for none
   * @return this data plane
   */
  public synchronized InMemoryMeshDataPlane namespace(String name, String revisionLabel, String istioInjection) {
    namespaces.put(name, new Ns(revisionLabel, istioInjection));
    return this;
  }

  /**
   * Adds (or moves) a revision tag.
   *
   * @param tag the tag's name, such as {@code prod-stable}
   * @param revision the revision it points to; when not installed, the tag dangles and pod creation under it fails
   * @return this data plane
   */
  public synchronized InMemoryMeshDataPlane tag(String tag, Revision revision) {
    tags.put(tag, revision);
    return this;
  }

  /**
   * Adds a workload and creates its pods as the namespace injects them now.
   *
   * @param kind the workload's kind
   * @param namespace its namespace
   * @param name its name
   * @param replicas how many pods it runs
   * @return this data plane
   */
  public synchronized InMemoryMeshDataPlane workload(WorkloadKind kind, String namespace, String name, int replicas) {
    WorkloadRef w = new WorkloadRef(kind, namespace, name);
    workloads.put(w, replicas);
    createPods(w, replicas);
    return this;
  }

  /**
   * Sets the mesh config ConfigMap of a revision.
   *
   * @param revision the revision whose config it is
   * @param data the revision's mesh config content
   * @return this data plane
   */
  public synchronized InMemoryMeshDataPlane meshConfig(Revision revision, String data) {
    meshConfigs.put(revision, data);
    return this;
  }

  /**
   * Sets the proxy image that a revision's injector injects now (otherwise {@link #defaultImage(Revision)}); pods
   * keep their image until restarted.
   *
   * @param revision the revision
   * @param image the proxy image new pods of that revision get
   */
  public synchronized void setProxyImage(Revision revision, String image) {
    images.put(revision, image);
  }

  /**
   * Makes an installed revision's control plane (istiod) ready or not ready.
   *
   * @param revision the revision
   * @param ready whether its istiod reports ready; every installed revision is ready until told otherwise
   */
  public synchronized void setReady(Revision revision, boolean ready) {
    if (ready) {
      notReady.remove(revision);
    } else {
      notReady.add(revision);
    }
  }

  /**
   * Makes a workload's restarts fail their rollout (its old pods keep running) or succeed again.
   *
   * @param workload the workload
   * @param fails whether each rollout of it ends FAILED from now on
   */
  public synchronized void setFailing(WorkloadRef workload, boolean fails) {
    if (fails) {
      failing.add(workload);
    } else {
      failing.remove(workload);
    }
  }

  /**
   * Removes the injector ConfigMap of {@code revision} (its current proxy image becomes unknown).
   *
   * @param revision the revision whose injector ConfigMap is gone
   */
  public synchronized void removeInjector(Revision revision) {
    noInjector.add(revision);
  }

  /**
   * Old pods stay listed (terminating) for this many inventories after a restart.
   *
   * @param inventories how many pod inventories still list a restarted workload's old pods; 0 for none
   */
  public synchronized void lingerFor(int inventories) {
    this.lingerInventories = inventories;
  }

  // ------------------------------------------------------------------------------------------- observations

  /** {@return how many times each workload was restarted (rollouts that failed included)} */
  public synchronized Map<WorkloadRef, Integer> restarts() {
    return Map.copyOf(restarts);
  }

  /** {@return the workloads passed to each {@code restartWorkloads} call, one list per call, in call order} */
  public synchronized List<List<WorkloadRef>> restartCalls() {
    return List.copyOf(restartCalls);
  }

  /** {@return each namespace's {@code istio.io/rev} label ({@code ""} for none), by namespace} */
  public synchronized Map<String, String> namespaceLabels() {
    Map<String, String> m = new TreeMap<>();
    namespaces.forEach((n, ns) -> m.put(n, ns.revisionLabel()));
    return m;
  }

  /** {@return the revision tags and the revision each points to now} */
  public synchronized Map<String, Revision> tags() {
    return Map.copyOf(tags);
  }

  /** {@return the mesh config data of each revision that has one} */
  public synchronized Map<Revision, String> meshConfigs() {
    return Map.copyOf(meshConfigs);
  }

  /** {@return the pods per sidecar revision ("" without a sidecar), terminating pods excluded} */
  public synchronized Map<String, Integer> podsPerRevision() {
    Map<String, Integer> m = new TreeMap<>();
    pods.stream().filter(p -> p.lingerLeft() < 0).forEach(p -> m.merge(p.record().revisionName(), 1, Integer::sum));
    return m;
  }

  /**
   * {@return every live pod as "namespace/workload=revision@image", sorted: a comparable snapshot of the data plane}
   */
  public synchronized List<String> snapshot() {
    return pods.stream().filter(p -> p.lingerLeft() < 0)
        .map(p -> p.record().owner() + "=" + p.record().revisionName() + "@" + p.record().proxyImage())
        .sorted().toList();
  }

  // ------------------------------------------------------------------------------------------- the model

  /**
   * {@return the proxy image a revision injects unless {@link #setProxyImage} says otherwise: the distroless
   * proxyv2 of its minor version}
   *
   * @param r the revision
   */
  public static String defaultImage(Revision r) {
    return "mcr.microsoft.com/oss/istio/proxyv2:" + r.major() + "." + r.minor() + ".0-distroless";
  }

  private String imageOf(Revision r) {
    return images.getOrDefault(r, defaultImage(r));
  }

  private boolean controlPlaneReady(Revision r) {
    return installed.get().contains(r) && !notReady.contains(r);
  }

  private Optional<Revision> injects(String namespace) {
    Ns ns = namespaces.get(namespace);
    if (ns == null || !ns.injection().isEmpty() || ns.revisionLabel().isEmpty()) {
      return Optional.empty();
    }
    Revision r = Revision.isRevision(ns.revisionLabel()) ? Revision.parse(ns.revisionLabel())
        : tags.get(ns.revisionLabel());
    return r != null && installed.get().contains(r) ? Optional.of(r) : Optional.empty();
  }

  /** The dangling tag the namespace is labelled with, if any: pod creation there is rejected. */
  private Optional<String> danglingTagOf(String namespace) {
    Ns ns = namespaces.get(namespace);
    if (ns == null || !ns.injection().isEmpty() || !tags.containsKey(ns.revisionLabel())) {
      return Optional.empty();
    }
    return installed.get().contains(tags.get(ns.revisionLabel())) ? Optional.empty()
        : Optional.of(ns.revisionLabel());
  }

  /** {@return the pod creations rejected by a dangling tag's webhook, per namespace} */
  public synchronized Map<String, Integer> rejectedPodCreations() {
    return Map.copyOf(rejected);
  }

  private boolean createPods(WorkloadRef w, int replicas) {
    if (danglingTagOf(w.namespace()).isPresent()) {
      rejected.merge(w.namespace(), replicas, Integer::sum);
      return false;
    }
    Optional<Revision> r = injects(w.namespace());
    for (int i = 0; i < replicas; i++) {
      String name = w.name() + "-" + (++podSeq);
      pods.add(new Pod(PodRecord.builder().namespace(w.namespace()).name(name).owner(w)
          .sidecar(r.isPresent() ? SidecarState.INJECTED : SidecarState.NOT_INJECTED)
          .revisionName(r.map(Revision::toString).orElse("")).proxyImage(r.map(this::imageOf).orElse("")).build(),
          -1));
    }
    return true;
  }

  @Override
  public synchronized ControlPlaneStatus awaitControlPlane(
      Revision revision, Set<IngressGateway> gateways, Duration timeout) {
    log.call("dp.awaitControlPlane", false);
    boolean ready = controlPlaneReady(revision);
    String why = ready ? "" : installed.get().contains(revision) ? "0/2 replicas available" : "not found";
    List<ControlPlaneStatus.Component> cs = new ArrayList<>();
    cs.add(new ControlPlaneStatus.Component("Deployment", "aks-istio-system", "istiod-" + revision, ready, why));
    for (IngressGateway g : gateways) {
      cs.add(new ControlPlaneStatus.Component("Deployment", "aks-istio-ingress", g.deploymentName(revision), ready,
          why));
    }
    return ControlPlaneStatus.of(revision, cs);
  }

  @Override
  public synchronized MeshConfigCopy copySharedMeshConfig(Revision from, Revision to, boolean overwrite) {
    log.call("dp.copySharedMeshConfig", true);
    String source = meshConfigs.get(from);
    if (source == null) {
      return MeshConfigCopy.NO_SOURCE;
    }
    String target = meshConfigs.get(to);
    if (target == null) {
      meshConfigs.put(to, source);
      return MeshConfigCopy.COPIED;
    }
    if (target.equals(source)) {
      return MeshConfigCopy.ALREADY_PRESENT;
    }
    if (!overwrite) {
      throw new MeshConfigConflictException("istio-shared-configmap-" + to + " exists with other data");
    }
    meshConfigs.put(to, source);
    return MeshConfigCopy.OVERWRITTEN;
  }

  @Override
  public synchronized boolean deleteSharedMeshConfig(Revision revision) {
    log.call("dp.deleteSharedMeshConfig", true);
    return meshConfigs.remove(revision) != null;
  }

  @Override
  public synchronized List<MeshNamespace> meshNamespaces() {
    log.call("dp.meshNamespaces", false);
    List<MeshNamespace> out = new ArrayList<>();
    namespaces.forEach((n, ns) -> out.add(new MeshNamespace(n, ns.revisionLabel(), ns.injection())));
    return out;
  }

  @Override
  public synchronized List<MeshNamespace> relabelNamespaces(Collection<String> names, String value) {
    log.call("dp.relabelNamespaces", true);
    List<MeshNamespace> out = new ArrayList<>();
    for (String n : names) {
      Ns ns = namespaces.getOrDefault(n, new Ns("", ""));
      namespaces.put(n, new Ns(value, ns.injection()));
      out.add(new MeshNamespace(n, value, ns.injection()));
    }
    return out;
  }

  @Override
  public synchronized List<RevisionTag> revisionTags() {
    log.call("dp.revisionTags", false);
    List<RevisionTag> out = new ArrayList<>();
    tags.forEach((t, r) -> out.add(new RevisionTag(t, r, namespacesLabelled(t))));
    return out;
  }

  private List<String> namespacesLabelled(String value) {
    return namespaces.entrySet().stream().filter(e -> e.getValue().revisionLabel().equals(value))
        .map(Map.Entry::getKey).toList();
  }

  @Override
  public synchronized RevisionTag moveRevisionTag(String tag, Revision revision) {
    log.call("dp.moveRevisionTag", true);
    if (!controlPlaneReady(revision)) {
      throw new UpgradeRefusedException("the control plane of " + revision + " is not ready");
    }
    tags.put(tag, revision);
    return new RevisionTag(tag, revision, namespacesLabelled(tag));
  }

  @Override
  public synchronized PodInventory inventory() {
    log.call("dp.inventory", false);
    List<PodRecord> out = pods.stream().map(Pod::record).toList();
    List<Pod> next = new ArrayList<>();
    for (Pod p : pods) {
      if (p.lingerLeft() < 0) {
        next.add(p);
      } else if (p.lingerLeft() > 1) {
        next.add(new Pod(p.record(), p.lingerLeft() - 1));
      }
    }
    pods.clear();
    pods.addAll(next);
    return PodInventory.of(out);
  }

  @Override
  public synchronized RestartReport restartWorkloads(
      List<WorkloadRef> list, RestartOptions options, RestartListener listener) {
    log.call("dp.restartWorkloads", true);
    restartCalls.add(List.copyOf(list));
    List<RolloutResult> results = new ArrayList<>();
    int i = 0;
    for (WorkloadRef w : list) {
      i++;
      RolloutResult r;
      if (!w.kind().isRestartable()) {
        r = new RolloutResult(w, RolloutResult.Outcome.NOT_RESTARTABLE, w.kind().kubernetesKind());
      } else if (!workloads.containsKey(w)) {
        r = new RolloutResult(w, RolloutResult.Outcome.NOT_FOUND, "");
      } else {
        restarts.merge(w, 1, Integer::sum);
        listener.restarted(w, i, list.size());
        Optional<String> dangling = danglingTagOf(w.namespace());
        if (failing.contains(w)) {
          r = new RolloutResult(w, RolloutResult.Outcome.FAILED, "ProgressDeadlineExceeded: pods crash");
        } else if (dangling.isPresent()) {
          // the new pods are rejected at admission; the old ones keep running
          rejected.merge(w.namespace(), workloads.get(w), Integer::sum);
          r = new RolloutResult(w, RolloutResult.Outcome.FAILED, "ProgressDeadlineExceeded: pods rejected: the"
              + " webhook of revision tag " + dangling.get() + " calls istiod-" + tags.get(dangling.get())
              + ", which is gone");
        } else {
          List<Pod> keep = new ArrayList<>();
          for (Pod p : pods) {
            if (!p.record().owner().equals(w)) {
              keep.add(p);
            } else if (p.lingerLeft() < 0 && lingerInventories > 0) {
              keep.add(new Pod(p.record(), lingerInventories));
            }
          }
          pods.clear();
          pods.addAll(keep);
          createPods(w, workloads.get(w));
          r = new RolloutResult(w, RolloutResult.Outcome.SUCCEEDED, "");
        }
      }
      listener.rolloutFinished(r);
      results.add(r);
    }
    return RestartReport.of(results);
  }

  @Override
  public synchronized Optional<String> currentProxyImage(Revision revision) {
    log.call("dp.currentProxyImage", false);
    return installed.get().contains(revision) && !noInjector.contains(revision)
        ? Optional.of(imageOf(revision)) : Optional.empty();
  }
}
