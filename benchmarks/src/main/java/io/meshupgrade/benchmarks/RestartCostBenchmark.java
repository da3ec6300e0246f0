package io.meshupgrade.benchmarks;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.PatchUtils;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.options.RestartOptions;
import io.meshupgrade.report.RestartReport;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.k8s.KubernetesMeshDataPlane;
import io.meshupgrade.spi.MeshDataPlane;
import io.meshupgrade.testkit.k8s.ClusterSeed;
import io.meshupgrade.testkit.k8s.KubernetesSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Kubernetes API cost of restarting N workloads, counted in the simulator's request log: ours
 * ({@link KubernetesMeshDataPlane#restartWorkloads}: GET + PATCH per workload, then one shared list per poll interval
 * for all the rollouts in flight) against a naive kubectl-like baseline written here with the same concurrency, poll
 * interval and kubectl rollout-status rules (PATCH a workload, then GET every workload in flight once per poll
 * interval until it has rolled out).
 *
 * <p>Every measurement runs on its own fresh simulator: N Deployments of one replica, five per namespace (so the ten
 * rollouts in flight span two namespaces and ours lists across all namespaces). A new pod becomes Ready exactly
 * {@link Settings#startDelay()} after it is created, and both approaches look every {@link Settings#pollInterval()}:
 * with a start delay of 2.5 poll intervals each rollout is seen finished at its third look. The counts therefore
 * depend on the timing model, not on the machine's speed; a scheduling hiccup longer than half an interval can add
 * one look for the rollouts it delays (to both approaches alike). Not thread-safe.
 */
public final class RestartCostBenchmark {

  /**
   * The timing model of a measurement.
   *
   * @param pollInterval how often both approaches look at the rollouts
   * @param startDelay how long a new pod takes to become Ready (the same for every pod)
   * @param concurrency our rollouts in flight ({@link RestartOptions#concurrency()})
   * @param perNamespace Deployments per namespace
   */
  public record Settings(Duration pollInterval, Duration startDelay, int concurrency, int perNamespace) {
    public Settings {
      Objects.requireNonNull(pollInterval, "pollInterval");
      Objects.requireNonNull(startDelay, "startDelay");
      if (concurrency < 1 || perNamespace < 1) {
        throw new IllegalArgumentException("concurrency and perNamespace must be at least 1, got " + concurrency
            + " and " + perNamespace);
      }
    }

    /** Poll every 100 ms, pods Ready after 250 ms, concurrency 10 (our default), five Deployments per namespace. */
    public static Settings defaults() {
      return new Settings(Duration.ofMillis(100), Duration.ofMillis(250), RestartOptions.DEFAULT_CONCURRENCY, 5);
    }
  }

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private final Settings settings;

  public RestartCostBenchmark(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Restarts {@code n} workloads with {@link KubernetesMeshDataPlane#restartWorkloads}. */
  public RestartCost ours(int n) {
    return ours(n, 0);
  }

  /**
   * Restarts {@code n} workloads with {@link KubernetesMeshDataPlane#restartWorkloads} in a cluster that also has
   * {@code others} Deployments (scaled to zero, 100 per namespace) that are not restarted.
   */
  public RestartCost ours(int n, int others) {
    try (KubernetesSimulator sim = simulator(n, others)) {
      MeshDataPlane dataPlane = KubernetesMeshDataPlane.builder()
          .apiClient(client(sim))
          .pollInterval(settings.pollInterval())
          .build();
      List<WorkloadRef> workloads = workloads(n);
      sim.requestLog().reset();
      long start = System.nanoTime();
      RestartReport report = dataPlane.restartWorkloads(workloads,
          RestartOptions.defaults().withConcurrency(settings.concurrency()).withRolloutTimeout(TIMEOUT),
          MeshDataPlane.RestartListener.NONE);
      long millis = (System.nanoTime() - start) / 1_000_000;
      List<RolloutResult> failed = report.results().stream().filter(r -> !r.succeeded()).toList();
      if (!failed.isEmpty() || report.results().size() != n) {
        throw new MeshUpgradeException("the measured restart did not succeed for every workload: " + failed
            + "; the figures would be meaningless, check the simulator");
      }
      return new RestartCost("ours", n, sim.requestLog().size(), sim.requestLog().countsByVerb(), millis);
    }
  }

  /**
   * Restarts {@code n} workloads the naive way, with the same concurrency, poll interval and rollout rules as ours:
   * PATCH a workload, then GET every workload in flight once per poll interval until it has rolled out.
   */
  public RestartCost naive(int n) {
    return naive(n, 0);
  }

  /** {@link #naive(int)} in a cluster that also has {@code others} Deployments, as {@link #ours(int, int)}. */
  public RestartCost naive(int n, int others) {
    try (KubernetesSimulator sim = simulator(n, others)) {
      ApiClient client = client(sim);
      AppsV1Api apps = new AppsV1Api(client);
      Deque<WorkloadRef> queue = new ArrayDeque<>(workloads(n));
      sim.requestLog().reset();
      long start = System.nanoTime();
      Map<WorkloadRef, Long> inFlight = new LinkedHashMap<>();
      Instant deadline = Instant.now().plus(TIMEOUT);
      while (!queue.isEmpty() || !inFlight.isEmpty()) {
        while (inFlight.size() < settings.concurrency() && !queue.isEmpty()) {
          WorkloadRef w = queue.poll();
          inFlight.put(w, patch(client, apps, w).getMetadata().getGeneration());
        }
        if (Instant.now().isAfter(deadline)) {
          throw new MeshUpgradeException("the naive baseline's rollouts did not finish within " + TIMEOUT + ": "
              + inFlight.keySet() + "; check the simulator");
        }
        sleep(settings.pollInterval());
        for (WorkloadRef w : new ArrayList<>(inFlight.keySet())) {
          V1Deployment d = call(() -> apps.readNamespacedDeployment(w.name(), w.namespace()).execute());
          if (rolledOut(d, inFlight.get(w))) {
            inFlight.remove(w);
          }
        }
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      return new RestartCost("naive", n, sim.requestLog().size(), sim.requestLog().countsByVerb(), millis);
    }
  }

  /** kubectl's rollout-status rules for a Deployment, after the restart that produced {@code generation}. */
  static boolean rolledOut(V1Deployment d, long generation) {
    long observed = d.getStatus() == null || d.getStatus().getObservedGeneration() == null
        ? 0 : d.getStatus().getObservedGeneration();
    if (observed < generation) {
      return false;
    }
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    int updated = orZero(d.getStatus().getUpdatedReplicas());
    int replicas = orZero(d.getStatus().getReplicas());
    int available = orZero(d.getStatus().getAvailableReplicas());
    return updated >= desired && replicas <= updated && available >= updated;
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }

  private V1Deployment patch(ApiClient client, AppsV1Api apps, WorkloadRef w) {
    String body = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\""
        + Instant.now() + "\"}}}}}";
    return call(() -> PatchUtils.patch(V1Deployment.class,
        () -> apps.patchNamespacedDeployment(w.name(), w.namespace(), new V1Patch(body)).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client));
  }

  private KubernetesSimulator simulator(int n, int others) {
    KubernetesSimulator sim = KubernetesSimulator.builder()
        .startDelay(settings.startDelay(), settings.startDelay())
        .nodes(1)
        .build();
    try {
      ClusterSeed seed = sim.seed();
      for (int ns = 0; ns * settings.perNamespace() < n; ns++) {
        seed.namespace(namespace(ns));
        for (int i = 0; i < settings.perNamespace() && ns * settings.perNamespace() + i < n; i++) {
          seed.deployment(namespace(ns), "app-" + i, 1);
        }
      }
      for (int k = 0; k < others; k++) {
        String ns = String.format("other-%03d", k / 100);
        if (k % 100 == 0) {
          seed.namespace(ns);
        }
        seed.deployment(ns, "idle-" + k % 100, 0);
      }
      seed.apply(Duration.ofMinutes(2));
      return sim;
    } catch (RuntimeException e) {
      sim.close();
      throw e;
    }
  }

  private List<WorkloadRef> workloads(int n) {
    List<WorkloadRef> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      out.add(WorkloadRef.deployment(namespace(k / settings.perNamespace()), "app-" + (k % settings.perNamespace())));
    }
    return out;
  }

  private static String namespace(int i) {
    return String.format("team-%03d", i);
  }

  static ApiClient client(KubernetesSimulator sim) {
    ApiClient client = new ClientBuilder().setBasePath(sim.uri().toString()).build();
    client.setReadTimeout(120_000);
    return client;
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws ApiException;
  }

  private static <T> T call(Call<T> call) {
    try {
      return call.run();
    } catch (ApiException e) {
      throw new MeshUpgradeException("the naive baseline's request failed with HTTP " + e.getCode() + ": "
          + e.getResponseBody() + "; check the simulator", e);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshUpgradeException("interrupted while measuring; run the benchmark again", e);
    }
  }
}
