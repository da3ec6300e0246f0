package io.meshupgrade.examples.cli;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.meshupgrade.model.ClusterId;
import io.meshupgrade.FilePlanStore;
import io.meshupgrade.exception.ForeignPlanException;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.MeshUpgraderBuilder;
import io.meshupgrade.azure.AzureMeshControlPlane;
import io.meshupgrade.event.UpgradeListener;
import io.meshupgrade.junit.SimulatedAksAdapters;
import io.meshupgrade.k8s.ConfigMapPlanStore;
import io.meshupgrade.k8s.KubernetesMeshDataPlane;
import io.meshupgrade.k8s.LeaseUpgradeLock;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.spi.Checkpoint;
import io.meshupgrade.spi.MeshControlPlane;
import io.meshupgrade.spi.MeshDataPlane;
import io.meshupgrade.spi.PlanStore;
import io.meshupgrade.spi.UpgradeLock;
import io.meshupgrade.testkit.SimulatedAksCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The adapters for one cluster: a real AKS cluster named on the command line, or the embedded simulated one. Closing
 * it stops the embedded cluster.
 */
final class ClusterSession implements AutoCloseable {
  private final ClusterId id;
  private final String planKey;
  private final MeshControlPlane controlPlane;
  private final MeshDataPlane dataPlane;
  private PlanStore planStore; // guarded by this; under --plan-dir made on first use (its directory with it)
  private final Path planDirectory;
  private final UpgradeLock lock;
  private final SimulatedAksCluster simulated;
  private final boolean closeSimulated;
  private final LockOptions lockOptions;

  private ClusterSession(ClusterId id, MeshControlPlane controlPlane, MeshDataPlane dataPlane,
      Path planRoot, PlanStore clusterStore, UpgradeLock lock, SimulatedAksCluster simulated,
      boolean closeSimulated, LockOptions lockOptions) {
    this.lockOptions = lockOptions;
    this.id = id;
    this.controlPlane = controlPlane;
    this.dataPlane = dataPlane;
    this.planDirectory = planRoot;
    if (planRoot != null) {
      // one directory per cluster, named by its full id: plans of two subscriptions never share a file
      this.planStore = null;
      this.planKey = MeshUpgrader.DEFAULT_PLAN_KEY;
    } else {
      // the ConfigMap lives in the cluster itself; its key is unchanged, and a plan an older release saved there
      // (naming the cluster by group and name only) is refused by the upgrader unless --adopt-plan
      this.planStore = clusterStore;
      this.planKey = planKeyOf(id.legacyName());
    }
    this.lock = lock;
    this.simulated = simulated;
    this.closeSimulated = closeSimulated;
  }

  /** Opens the cluster {@code options} name; call {@link ClusterOptions#validate()} first. */
  static ClusterSession open(ClusterOptions options, LockOptions lock, PrintStream out) {
    options.validate();
    return options.simulated ? embedded(options, lock, out) : real(options, lock, out);
  }

  private static ClusterSession real(ClusterOptions options, LockOptions lockOptions, PrintStream out) {
    MeshControlPlane controlPlane = AzureMeshControlPlane.builder()
        .subscriptionId(options.subscription)
        .resourceGroup(options.resourceGroup)
        .clusterName(options.cluster)
        .build();
    ApiClient client = kubernetesClient(options);
    ClusterId id = new ClusterId(options.subscription, options.resourceGroup, options.cluster);
    out.println("cluster: " + id);
    return new ClusterSession(id, controlPlane,
        KubernetesMeshDataPlane.builder().apiClient(client).build(), options.planDirectory,
        options.planDirectory != null ? null : new ConfigMapPlanStore(client),
        new LeaseUpgradeLock(client), null, false, lockOptions);
  }

  private static ApiClient kubernetesClient(ClusterOptions options) {
    try {
      if (options.kubeconfig == null) {
        return ClientBuilder.standard().build();
      }
      try (Reader reader = Files.newBufferedReader(options.kubeconfig)) {
        return ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(reader)).build();
      }
    } catch (IOException e) {
      throw new MeshUpgradeException("cannot read the kubeconfig" + (options.kubeconfig == null ? ""
          : " " + options.kubeconfig) + ": " + e.getMessage() + "; pass --kubeconfig <file>", e);
    }
  }

  private static ClusterSession embedded(ClusterOptions options, LockOptions lockOptions, PrintStream out) {
    out.println("--simulated: starting the embedded simulated AKS cluster (fake ARM + Kubernetes API on "
        + "127.0.0.1; nothing real is touched)...");
    Duration delay = options.simulatedStartDelay;
    SimulatedAksCluster.Builder builder = SimulatedAksCluster.builder().startDelay(delay.dividedBy(2), delay);
    if (!options.simulatedRevisions.isEmpty()) {
      builder.revisions(options.simulatedRevisions.toArray(String[]::new));
    }
    SimulatedAksCluster sim = builder.start();
    try {
      return on(sim, true, options, lockOptions, out);
    } catch (RuntimeException e) {
      sim.close();
      throw e;
    }
  }

  /**
   * A session on a simulated cluster that is already running (and stays running when the session closes): what
   * --simulated does, over a cluster the caller keeps across several runs of the program (tests).
   */
  static ClusterSession attached(SimulatedAksCluster sim, ClusterOptions options, LockOptions lockOptions,
      PrintStream out) {
    options.validate();
    return on(sim, false, options, lockOptions, out);
  }

  private static ClusterSession on(SimulatedAksCluster sim, boolean owned, ClusterOptions options,
      LockOptions lockOptions, PrintStream out) {
    SimulatedAksAdapters adapters = SimulatedAksAdapters.of(sim);
    ClusterId id = new ClusterId(sim.subscriptionId(), sim.resourceGroup(), sim.clusterName());
    out.println("simulated cluster " + id + " ready: revision "
        + sim.installedRevisions() + ", " + sim.pods().size() + " workload pods, ARM at " + sim.armEndpoint()
        + ", Kubernetes API at " + sim.kubernetesUri());
    return new ClusterSession(id, adapters.controlPlane(), adapters.dataPlane(), options.planDirectory,
        adapters.planStore(), adapters.lock(), sim, owned, lockOptions);
  }

  /**
   * The directory of one cluster's plan under --plan-dir: {@code <plan-dir>/<subscription>/<resource group>/<name>},
   * lower case (ARM compares ids ignoring case, so {@code RG1} and {@code rg1} are one cluster).
   */
  static Path planDirectoryOf(Path root, ClusterId id) {
    return root.resolve(segment(id.subscriptionId())).resolve(segment(id.resourceGroup()))
        .resolve(segment(id.name()));
  }

  private static String segment(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals(".") || lower.equals("..")) {
      throw new IllegalArgumentException("'" + s + "' cannot name a plan directory: give the real resource group"
          + " and cluster name");
    }
    return lower;
  }

  /** Where releases before the full id kept the plan of this cluster under --plan-dir: keyed by group and name. */
  Optional<Path> legacyPlanFile() {
    return planDirectory == null ? Optional.empty()
        : Optional.of(planDirectory.resolve(planKeyOf(id.legacyName()) + ".plan"));
  }

  /**
   * Makes sure a plan saved by an older release under --plan-dir, keyed by resource group and name only, is never
   * used silently: when this cluster has no plan of its own and such a plan exists, it is refused (naming
   * --adopt-plan) unless {@code adopt}; with {@code adopt} it is moved to this cluster's directory, and the upgrader
   * (with {@code UpgradeOptions.adoptLegacyPlan}) adopts it, recording the adoption. A legacy plan of another
   * cluster (other group or name) is refused even with {@code adopt}, and is left where it is.
   *
   * @return a line to print when a plan was moved
   * @throws ForeignPlanException naming both clusters and --adopt-plan (exit 3), before anything changes
   */
  Optional<String> claimLegacyPlan(boolean adopt) {
    if (planDirectory == null || store().load(planKey).isPresent()) {
      return Optional.empty();
    }
    FilePlanStore legacyStore = new FilePlanStore(planDirectory);
    String legacyKey = planKeyOf(id.legacyName());
    Optional<Checkpoint> legacy = legacyStore.load(legacyKey);
    if (legacy.isEmpty()) {
      return Optional.empty();
    }
    UpgradePlan plan = UpgradePlan.fromCheckpoint(legacy.get().json());
    Path file = legacyPlanFile().orElseThrow();
    boolean ours = plan.cluster().equalsIgnoreCase(id.legacyName())
        || ClusterId.tryParse(plan.cluster()).map(id::equals).orElse(false);
    if (!ours) {
      throw new ForeignPlanException("the plan " + plan.planId() + " at " + file + " (the place releases before"
          + " the full cluster id used) belongs to cluster " + plan.cluster() + ", not to " + id + ": it is left"
          + " where it is and not used. Nothing was changed", plan.cluster(), id.resourceId(), true);
    }
    if (!adopt) {
      throw new ForeignPlanException("a plan saved by an older mesh-upgrade was found at " + file + " (plan "
          + plan.planId() + ", " + plan.from() + " -> " + plan.to() + ", stage " + plan.stage() + ", cluster "
          + plan.cluster() + "): it names the cluster by resource group and name only, so it may belong to a"
          + " cluster of the same group and name in another subscription, not to " + id + ". If it was saved for"
          + " this cluster, run again with --adopt-plan (it is moved to " + planDirectoryOf(planDirectory, id)
          + " and adopted); otherwise delete it. Nothing was changed", plan.cluster(), id.resourceId(), true);
    }
    // copy first (refused if this cluster got a plan meanwhile), then remove the old one: a crash in between
    // leaves the plan in both places, never in none
    store().save(planKey, legacy.get().json(), Optional.empty());
    legacyStore.delete(legacyKey);
    return Optional.of("adopted the plan " + plan.planId() + " saved by an older mesh-upgrade for " + plan.cluster()
        + ": moved from " + file + " to " + planDirectoryOf(planDirectory, id) + " (--adopt-plan)");
  }

  ClusterId id() {
    return id;
  }

  /** The plan store; under --plan-dir created (with this cluster's directory) on first use. */
  private synchronized PlanStore store() {
    if (planStore == null) {
      planStore = new FilePlanStore(planDirectoryOf(planDirectory, id));
    }
    return planStore;
  }

  /**
   * The plan's key in the cluster's ConfigMap store, and where releases before the full cluster id kept plans in
   * --plan-dir (a DNS-1123 name made of the resource group and cluster name; not an identity: two subscriptions may
   * each have the same group and name).
   */
  static String planKeyOf(String cluster) {
    String key = ("mesh-upgrade-" + cluster).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-")
        .replaceAll("-{2,}", "-").replaceAll("[^a-z0-9]+$", "");
    return key.length() > 200 ? key.substring(0, 200).replaceAll("[^a-z0-9]+$", "") : key;
  }

  MeshControlPlane controlPlane() {
    return controlPlane;
  }

  MeshDataPlane dataPlane() {
    return dataPlane;
  }

  /** A MeshUpgrader over this session's adapters, reporting to {@code listener}. */
  MeshUpgrader upgrader(UpgradeListener listener) {
    MeshUpgraderBuilder b = MeshUpgrader.builder()
        .planKey(planKey)
        .controlPlane(controlPlane)
        .dataPlane(dataPlane)
        .planStore(store())
        .lock(lock)
        .holder(LockOptions.holderName())
        .lockTtl(lockOptions.ttl)
        .listener(listener);
    if (lockOptions.takeOver != null) {
      b.takeOver(lockOptions.takeOver);
    }
    return b.build();
  }

  @Override
  public String toString() {
    return id.resourceId();
  }

  @Override
  public void close() {
    if (simulated != null && closeSimulated) {
      simulated.close();
    }
  }
}
