package io.meshupgrade.testkit.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.testkit.k8s.internal.InMemoryObjectStore;
import io.meshupgrade.testkit.k8s.internal.Json;
import io.meshupgrade.testkit.k8s.internal.WorkloadController;
import io.meshupgrade.testkit.k8s.internal.WorkloadObjects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fills the simulated cluster in one go: revisions, namespaces with labels, Deployments, StatefulSets, DaemonSets,
 * bare pods, Jobs, opted-out workloads. {@link #apply()} creates everything in the order given and waits until every
 * workload has its pods, which are created Ready at once (no start delay) and injected according to the namespace
 * labels and revisions at that moment. Not thread-safe; use from one thread, once.
 */
public final class ClusterSeed {
  /** The opt-out pod label. */
  public static final String INJECT_LABEL = "sidecar.istio.io/inject";

  private final InMemoryObjectStore store;
  private final WorkloadController controller;
  private final MeshAddon addon;
  private final List<Runnable> steps = new ArrayList<>();
  private int workloads;

  ClusterSeed(InMemoryObjectStore store, WorkloadController controller, MeshAddon addon) {
    this.store = store;
    this.controller = controller;
    this.addon = addon;
  }

  /**
   * Installs a revision (see {@link MeshAddon#installRevision}).
   *
   * @param revision the revision
   * @param proxyImage the proxy image
   * @return this cluster seed
   */
  public ClusterSeed revision(String revision, String proxyImage) {
    steps.add(() -> addon.installRevision(revision, proxyImage));
    return this;
  }

  /**
   * Enables an ingress gateway type for all revisions (see {@link MeshAddon#enableIngressGateway}).
   *
   * @param type the type
   * @return this cluster seed
   */
  public ClusterSeed ingressGateway(String type) {
    steps.add(() -> addon.enableIngressGateway(type));
    return this;
  }

  /**
   * Enables an egress gateway for all revisions (see {@link MeshAddon#enableEgressGateway}).
   *
   * @param name the name
   * @param namespace the namespace
   * @return this cluster seed
   */
  public ClusterSeed egressGateway(String name, String namespace) {
    steps.add(() -> addon.enableEgressGateway(name, namespace));
    return this;
  }

  /**
   * Points a revision tag at a revision (see {@link MeshAddon#setTag}).
   *
   * @param tag the revision tag, e.g. {@code prod-stable}
   * @param revision the revision
   * @return this cluster seed
   */
  public ClusterSeed tag(String tag, String revision) {
    steps.add(() -> addon.setTag(tag, revision));
    return this;
  }

  /**
   * The user's shared mesh config of a revision: ConfigMap {@code istio-shared-configmap-<revision>} in
   * {@code aks-istio-system} with key {@code mesh} (the namespace is created when missing).
   *
   * @param revision the revision
   * @param mesh the mesh config text (the ConfigMap's {@code mesh} key)
   * @return this cluster seed
   */
  public ClusterSeed sharedMeshConfig(String revision, String mesh) {
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(mesh, "mesh");
    steps.add(
        () -> {
          if (store.getRaw(ApiResource.NAMESPACES, null, "aks-istio-system") == null) {
            store.create(ApiResource.NAMESPACES, WorkloadObjects.namespace("aks-istio-system", Map.of()));
          }
          ObjectNode cm = Json.obj();
          ObjectNode meta = cm.putObject("metadata");
          meta.put("name", "istio-shared-configmap-" + revision);
          meta.put("namespace", "aks-istio-system");
          cm.putObject("data").put("mesh", mesh);
          store.create(ApiResource.CONFIG_MAPS, cm);
        });
    return this;
  }

  /**
   * A namespace without labels.
   *
   * @param name the name
   * @return this cluster seed
   */
  public ClusterSeed namespace(String name) {
    return namespace(name, Map.of());
  }

  /**
   * A namespace with labels, e.g. {@code Map.of("istio.io/rev", "asm-1-18")}.
   *
   * @param name the name
   * @param labels the labels
   * @return this cluster seed
   */
  public ClusterSeed namespace(String name, Map<String, String> labels) {
    Objects.requireNonNull(name, "name");
    Map<String, String> copy = Map.copyOf(Objects.requireNonNull(labels, "labels"));
    steps.add(() -> store.create(ApiResource.NAMESPACES, WorkloadObjects.namespace(name, copy)));
    return this;
  }

  /**
   * A Deployment {@code name} with pods labelled {@code app=name}.
   *
   * @param namespace the namespace
   * @param name the name
   * @param replicas the number of replicas
   * @return this cluster seed
   */
  public ClusterSeed deployment(String namespace, String name, int replicas) {
    return workload(ApiResource.DEPLOYMENTS, WorkloadObjects.deployment(namespace, name, replicas, Map.of()));
  }

  /**
   * {@code count} Deployments named {@code prefix-0 ... prefix-(count-1)}, each with {@code replicas} pods.
   *
   * @param namespace the namespace
   * @param prefix the prefix
   * @param count how many
   * @param replicas the number of replicas
   * @return this cluster seed
   */
  public ClusterSeed deployments(String namespace, String prefix, int count, int replicas) {
    for (int i = 0; i < count; i++) {
      deployment(namespace, prefix + "-" + i, replicas);
    }
    return this;
  }

  /**
   * A Deployment whose pods opt out of injection (pod label {@code sidecar.istio.io/inject=false}).
   *
   * @param namespace the namespace
   * @param name the name
   * @param replicas the number of replicas
   * @return this cluster seed
   */
  public ClusterSeed optOutDeployment(String namespace, String name, int replicas) {
    return workload(
        ApiResource.DEPLOYMENTS, WorkloadObjects.deployment(namespace, name, replicas, Map.of(INJECT_LABEL, "false")));
  }

  /**
   * A StatefulSet with pods {@code name-0 ...}.
   *
   * @param namespace the namespace
   * @param name the name
   * @param replicas the number of replicas
   * @return this cluster seed
   */
  public ClusterSeed statefulSet(String namespace, String name, int replicas) {
    return workload(ApiResource.STATEFUL_SETS, WorkloadObjects.statefulSet(namespace, name, replicas));
  }

  /**
   * A DaemonSet (one pod per simulated node).
   *
   * @param namespace the namespace
   * @param name the name
   * @return this cluster seed
   */
  public ClusterSeed daemonSet(String namespace, String name) {
    return workload(ApiResource.DAEMON_SETS, WorkloadObjects.daemonSet(namespace, name));
  }

  /**
   * A Job with one running pod.
   *
   * @param namespace the namespace
   * @param name the name
   * @return this cluster seed
   */
  public ClusterSeed job(String namespace, String name) {
    return workload(ApiResource.JOBS, WorkloadObjects.job(namespace, name));
  }

  /**
   * A bare pod (no owner).
   *
   * @param namespace the namespace
   * @param name the name
   * @return this cluster seed
   */
  public ClusterSeed pod(String namespace, String name) {
    return pod(namespace, name, Map.of());
  }

  /**
   * A bare pod with extra labels, e.g. {@code Map.of("sidecar.istio.io/inject", "false")}.
   *
   * @param namespace the namespace
   * @param name the name
   * @param labels the labels
   * @return this cluster seed
   */
  public ClusterSeed pod(String namespace, String name, Map<String, String> labels) {
    Map<String, String> copy = Map.copyOf(Objects.requireNonNull(labels, "labels"));
    return workload(ApiResource.PODS, WorkloadObjects.pod(namespace, name, copy));
  }

  /**
   * Any object (created as given, status included).
   *
   * @param resource the API resource
   * @param object the object, as the API server would store it
   * @return this cluster seed
   */
  public ClusterSeed object(ApiResource resource, ObjectNode object) {
    Objects.requireNonNull(resource, "resource");
    ObjectNode copy = Objects.requireNonNull(object, "object").deepCopy();
    steps.add(() -> store.create(resource, copy));
    return this;
  }

  private ClusterSeed workload(ApiResource r, ObjectNode o) {
    Objects.requireNonNull(Json.text(o, "metadata", "namespace"), "namespace");
    Objects.requireNonNull(Json.text(o, "metadata", "name"), "name");
    workloads++;
    steps.add(() -> store.create(r, o));
    return this;
  }

  /**
   * Number of workloads (Deployments, StatefulSets, DaemonSets, Jobs, bare pods) queued so far.
   *
   * @return the int
   */
  public int workloadCount() {
    return workloads;
  }

  /** Applies the seed and waits (up to 5 minutes) until the controllers are idle. */
  public void apply() {
    apply(Duration.ofMinutes(5));
  }

  /**
   * Applies the seed and waits until the controllers are idle.
   *
   * @param timeout how long to wait at most
   * @throws MeshUpgradeException when they are still busy after the timeout
   */
  public void apply(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    controller.instant(true);
    try {
      for (Runnable step : steps) {
        step.run();
      }
      if (!controller.awaitIdle(timeout)) {
        throw new MeshUpgradeException(
            "the simulated cluster did not settle within " + timeout + " after seeding; seed fewer objects or"
                + " pass a longer timeout");
      }
    } finally {
      controller.instant(false);
      steps.clear();
    }
  }
}
