package io.meshupgrade.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1PodList;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.k8s.KubernetesMeshDataPlane;
import io.meshupgrade.testkit.k8s.ApiResource;
import io.meshupgrade.testkit.k8s.KubernetesSimulator;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link KubernetesMeshDataPlane#inventory()} (paginated lists, 500 a page, keeping one {@code PodRecord} per pod)
 * against a baseline in the same run: one unpaginated list of every pod with the official client, keeping the
 * {@code V1PodList} (whole V1Pod objects), as a straightforward caller would.
 *
 * <p>The cluster: revision asm-1-18 installed, then namespaces of 1,000 pods each labelled
 * {@code istio.io/rev=asm-1-18}, each with 100 Deployments' ReplicaSets of ten pods. The pods are written straight
 * into the simulator's store (no controller rollouts), cloned from one pod the simulator created and injected itself
 * (so every pod carries the real sidecar: istio-proxy container, init container, volumes, the status annotation),
 * Ready and Running. Time is the median of the repetitions (the first call warms up first); retained heap is
 * measured with {@link RetainedHeap} (median of the repetitions too), in the same runs. Not thread-safe.
 */
public final class InventoryBenchmark {
  private static final int PODS_PER_NAMESPACE = 1000;
  private static final int PODS_PER_REPLICA_SET = 10;

  private boolean warmedUp;

  /**
   * Measures both on a fresh cluster of {@code pods} pods (a multiple of 1,000), {@code repetitions} times each
   * (alternating); the first call of this instance warms up both first (class loading, JIT, connection pool).
   */
  public InventoryFigures measure(int pods, int repetitions) {
    if (repetitions < 1) {
      throw new IllegalArgumentException("repetitions must be at least 1, got " + repetitions);
    }
    if (pods < PODS_PER_NAMESPACE || pods % PODS_PER_NAMESPACE != 0) {
      throw new IllegalArgumentException("pods must be a positive multiple of 1000, got " + pods);
    }
    try (KubernetesSimulator sim = KubernetesSimulator.builder().nodes(3).build()) {
      long seedStart = System.nanoTime();
      seed(sim, pods);
      long seedMillis = (System.nanoTime() - seedStart) / 1_000_000;
      ApiClient client = RestartCostBenchmark.client(sim);
      KubernetesMeshDataPlane ours = KubernetesMeshDataPlane.builder().apiClient(client).build();
      CoreV1Api core = new CoreV1Api(client);
      Supplier<PodInventory> oursRun = ours::inventory;
      Supplier<V1PodList> baselineRun = () -> {
        try {
          return core.listPodForAllNamespaces().execute();
        } catch (ApiException e) {
          throw new MeshUpgradeException("the baseline's list failed with HTTP " + e.getCode() + "; check the"
              + " simulator (heap too small for one unpaginated list?)", e);
        }
      };
      if (!warmedUp) {
        oursRun.get();
        baselineRun.get();
        warmedUp = true;
      }
      long[] oursNanos = new long[repetitions];
      long[] baseNanos = new long[repetitions];
      long[] oursBytes = new long[repetitions];
      long[] baseBytes = new long[repetitions];
      int oursRecords = 0;
      long oursRequests = 0;
      long baselineRequests = 0;
      for (int i = 0; i < repetitions; i++) {
        sim.requestLog().reset();
        RetainedHeap.Measured<PodInventory> o = RetainedHeap.of(oursRun);
        oursRequests = sim.requestLog().size();
        oursRecords = o.value().pods().size();
        oursNanos[i] = o.nanos();
        oursBytes[i] = o.bytes();
        o = null;
        sim.requestLog().reset();
        RetainedHeap.Measured<V1PodList> b = RetainedHeap.of(baselineRun);
        baselineRequests = sim.requestLog().size();
        int baselineItems = b.value().getItems().size();
        baseNanos[i] = b.nanos();
        baseBytes[i] = b.bytes();
        b = null;
        if (baselineItems < pods || oursRecords != pods) {
          throw new MeshUpgradeException("expected " + pods + " pods, ours kept " + oursRecords + " and the"
              + " baseline listed " + baselineItems + "; the figures would be meaningless");
        }
      }
      return new InventoryFigures(pods, oursRecords, median(oursNanos) / 1e6, median(baseNanos) / 1e6,
          (long) median(oursBytes), (long) median(baseBytes), oursRequests, baselineRequests, seedMillis);
    }
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  /** Seeds {@code pods} pods into the store (see the class description). */
  static void seed(KubernetesSimulator sim, int pods) {
    sim.seed()
        .revision("asm-1-18", "mcr.microsoft.com/oss/istio/proxyv2:1.18.7-distroless")
        .namespace("template", Map.of("istio.io/rev", "asm-1-18"))
        .deployment("template", "template", 1)
        .apply(Duration.ofMinutes(1));
    ObjectNode template = sim.store().list(ApiResource.PODS, "template", null).get(0);
    sim.store().delete(ApiResource.NAMESPACES, null, "template");
    int namespaces = pods / PODS_PER_NAMESPACE;
    for (int n = 0; n < namespaces; n++) {
      String ns = String.format("team-%03d", n);
      ObjectNode namespace = template.objectNode();
      namespace.put("apiVersion", "v1").put("kind", "Namespace");
      namespace.putObject("metadata").put("name", ns).putObject("labels").put("istio.io/rev", "asm-1-18");
      sim.store().create(ApiResource.NAMESPACES, namespace);
      for (int d = 0; d < PODS_PER_NAMESPACE / PODS_PER_REPLICA_SET; d++) {
        String deployment = "app-" + d;
        String hash = String.format("%010x", (long) n * 100_000 + d);
        String replicaSet = deployment + "-" + hash;
        for (int p = 0; p < PODS_PER_REPLICA_SET; p++) {
          sim.store().create(ApiResource.PODS,
              pod(template, ns, deployment, replicaSet, hash, replicaSet + "-" + String.format("%05d", p)));
        }
        sim.store().create(ApiResource.REPLICA_SETS, replicaSet(template, ns, deployment, replicaSet, hash));
      }
    }
    if (!sim.awaitIdle(Duration.ofMinutes(2))) {
      throw new MeshUpgradeException("the simulator did not settle after seeding " + pods + " pods");
    }
  }

  private static ObjectNode pod(ObjectNode template, String ns, String deployment, String replicaSet, String hash,
      String name) {
    ObjectNode pod = template.deepCopy();
    ObjectNode meta = (ObjectNode) pod.get("metadata");
    for (String generated : List.of("uid", "resourceVersion", "creationTimestamp", "generateName")) {
      meta.remove(generated);
    }
    meta.put("name", name).put("namespace", ns);
    ObjectNode labels = meta.putObject("labels");
    labels.put("app", deployment).put("version", "v1").put("pod-template-hash", hash);
    ArrayNode owners = meta.putArray("ownerReferences");
    owners.addObject().put("apiVersion", "apps/v1").put("kind", "ReplicaSet").put("name", replicaSet)
        .put("uid", "00000000-0000-0000-0000-" + hash.substring(0, 10) + "00").put("controller", true)
        .put("blockOwnerDeletion", true);
    return pod;
  }

  private static ObjectNode replicaSet(ObjectNode anyNode, String ns, String deployment, String replicaSet,
      String hash) {
    ObjectNode rs = anyNode.objectNode();
    rs.put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
    ObjectNode meta = rs.putObject("metadata");
    meta.put("name", replicaSet).put("namespace", ns);
    meta.putObject("labels").put("app", deployment).put("pod-template-hash", hash);
    meta.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", "Deployment")
        .put("name", deployment).put("uid", "11111111-0000-0000-0000-" + hash.substring(0, 10) + "00")
        .put("controller", true).put("blockOwnerDeletion", true);
    ObjectNode spec = rs.putObject("spec");
    // scaled to 0, as the old ReplicaSets a Deployment keeps: the simulator's controller then leaves the seeded pods
    // (whose owner uid it does not know) alone
    spec.put("replicas", 0);
    spec.putObject("selector").putObject("matchLabels").put("app", deployment).put("pod-template-hash", hash);
    return rs;
  }
}
