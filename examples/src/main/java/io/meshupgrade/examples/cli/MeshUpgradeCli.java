package io.meshupgrade.examples.cli;

import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.DanglingInjection;
import io.meshupgrade.exception.ConcurrentUpgradeException;
import io.meshupgrade.exception.ForeignPlanException;
import io.meshupgrade.options.HealthFailurePolicy;
import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.model.MeshUpgradeProfile;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.model.MeshUpgrades;
import io.meshupgrade.plan.PatchRollover;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.report.RollOverReport;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.options.UpgradeOptionsBuilder;
import io.meshupgrade.report.UpgradePreview;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mesh-upgrade}: the {@code az aks mesh} upgrade verbs, plus the whole automated canary upgrade, on a real AKS
 * cluster or, only with {@code --simulated}, on an embedded simulated one. Every usage error (exit 2) is found before
 * any cluster session starts.
 */
@Command(
    name = "mesh-upgrade",
    mixinStandardHelpOptions = true,
    version = "mesh-upgrade 0.1.0-SNAPSHOT",
    description = {
      "Canary upgrades of the AKS Istio-based service mesh add-on, automated and safe.",
      "Name the cluster (--subscription, --resource-group, --cluster), or give --simulated to work on an embedded"
          + " simulated AKS cluster (asm-1-18 installed; asm-1-19 and asm-1-20 offered).",
      "A cluster is identified by its full ARM resource id (subscription, resource group, name): a saved plan of"
          + " another id is refused naming both; a plan of an older release (group and name only) needs --adopt-plan.",
      "When an ARM operation ends Failed, every resume is refused until `repair` re-applies the cluster unchanged."
    },
    subcommands = {
      MeshUpgradeCli.GetUpgrades.class,
      MeshUpgradeCli.GetRevisions.class,
      MeshUpgradeCli.Status.class,
      MeshUpgradeCli.Upgrade.class,
      MeshUpgradeCli.Patch.class,
      MeshUpgradeCli.Repair.class
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:done (completed, nothing to do, or stopped where asked)",
      "1:failed (run again to resume from the checkpoint)",
      "2:usage error",
      "3:refused (nothing changed; the message says why and what to do)",
      "4:health check failed; rolled back",
      "5:halted; both control planes kept; resume or roll back",
      "6:another upgrade run holds the cluster's lock"
    })
public final class MeshUpgradeCli implements Callable<Integer> {

  @Mixin ClusterOptions cluster = new ClusterOptions();

  @Mixin LockOptions lock = new LockOptions();

  @Option(scope = CommandLine.ScopeType.INHERIT, names = {"-v", "--verbose"}, description = "print every stage as it starts and every rollout")
  boolean verbose;

  PrintStream out = System.out;

  /** With --simulated, this running simulated cluster instead of a new one (kept running; tests). */
  io.meshupgrade.testkit.SimulatedAksCluster attached;

  /** Runs the program and exits with its exit code. */
  public static void main(String[] args) {
    if (java.util.Arrays.asList(args).contains("-v") || java.util.Arrays.asList(args).contains("--verbose")) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the program; returns its exit code (for tests and embedding). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, null);
  }

  /**
   * Runs the program with --simulated meaning {@code attached}, a simulated cluster the caller keeps running across
   * several runs (so that one test can fail an operation, repair and resume); null for a new one each run.
   */
  static int run(String[] args, PrintStream out, PrintStream err, io.meshupgrade.testkit.SimulatedAksCluster attached) {
    MeshUpgradeCli cli = new MeshUpgradeCli();
    cli.out = out;
    cli.attached = attached;
    CommandLine cmd = new CommandLine(cli);
    cmd.registerConverter(Duration.class, new IsoDurationConverter());
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      int code = exitCodeOf(ex);
      err.println("mesh-upgrade: " + ex.getMessage());
      if (ex instanceof UpgradeRefusedException) {
        err.println("mesh-upgrade: refused (" + ex.getClass().getSimpleName() + "); nothing was changed");
      }
      if (ex instanceof ConcurrentUpgradeException locked) {
        err.println("mesh-upgrade: if " + locked.holder() + " is gone (crashed, killed), run again with --take-over "
            + locked.holder() + "; otherwise wait for it (its lease expires one --lock-ttl after its last renewal)");
      }
      if (code == ExitCodes.FAILED && cli.verbose) {
        ex.printStackTrace(err);
      }
      return code;
    });
    return cmd.execute(args);
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(out);
    return ExitCodes.USAGE;
  }

  static int exitCodeOf(Exception ex) {
    if (ex instanceof ConcurrentUpgradeException) {
      return ExitCodes.LOCKED;
    }
    if (ex instanceof UpgradeRefusedException) {
      return ExitCodes.REFUSED; // every refusal, whatever the call: nothing was changed
    }
    if (ex instanceof IllegalArgumentException) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.FAILED;
  }

  ClusterSession open() {
    return attached != null && cluster.simulated ? ClusterSession.attached(attached, cluster, lock, out)
        : ClusterSession.open(cluster, lock, out);
  }

  /** The usage errors of the cluster and lock options, found before anything starts. */
  void validate() {
    cluster.validate();
    lock.validate();
  }

  /**
   * Validates the options (the verb has validated its own), opens the cluster, runs {@code work} on it, closes it
   * (stopping the embedded cluster); returns the exit code.
   */
  int onCluster(java.util.function.ToIntFunction<ClusterSession> work) {
    validate();
    try (ClusterSession s = open()) {
      return work.applyAsInt(s);
    }
  }

  /**
   * The upgrader of a verb that works on the saved plan: a plan an older release kept under --plan-dir by group and
   * name only is refused first (exit 3, naming --adopt-plan), or with --adopt-plan moved to this cluster's place.
   */
  MeshUpgrader upgrader(ClusterSession session) {
    session.claimLegacyPlan(cluster.adoptPlan).ifPresent(out::println);
    return plainUpgrader(session);
  }

  /** The upgrader, without looking for an older plan (verbs that do not use the plan). */
  MeshUpgrader plainUpgrader(ClusterSession session) {
    return session.upgrader(new ProgressPrinter(out, verbose));
  }

  /** {@code options} with --adopt-plan applied. */
  UpgradeOptions adopt(UpgradeOptions options) {
    return cluster.adoptPlan ? options.toBuilder().adoptLegacyPlan(true).build() : options;
  }

  /** {@code az aks mesh get-upgrades}. */
  @Command(name = "get-upgrades", description = "The upgrades AKS offers for the installed revision.")
  static final class GetUpgrades implements Callable<Integer> {
    @ParentCommand MeshUpgradeCli root;

    @Override
    public Integer call() {
      return root.onCluster(s -> {
        ClusterMeshState state = s.controlPlane().readMeshState();
        MeshUpgrades upgrades = s.controlPlane().getUpgrades();
        root.out.println("installed: " + state.revisions() + " on Kubernetes " + state.kubernetesVersion());
        if (upgrades.upgradeInProgress()) {
          root.out.println("a mesh upgrade is in progress (" + state.revisions()
              + "): complete or roll it back before asking for the next one");
          return ExitCodes.SUCCESS;
        }
        for (MeshUpgradeProfile p : upgrades.profiles()) {
          root.out.println(p.revision() + " -> " + (p.upgrades().isEmpty() ? "(none: newest)" : p.upgrades())
              + "   compatible with Kubernetes " + p.compatibleWith());
        }
        return ExitCodes.SUCCESS;
      });
    }
  }

  /** {@code az aks mesh get-revisions}. */
  @Command(name = "get-revisions", description = "The revisions AKS supports in the cluster's region.")
  static final class GetRevisions implements Callable<Integer> {
    @ParentCommand MeshUpgradeCli root;

    @Override
    public Integer call() {
      return root.onCluster(s -> {
        RevisionCatalog catalog = s.controlPlane().getRevisions();
        root.out.printf("%-10s %-22s %s%n", "REVISION", "UPGRADES", "KUBERNETES");
        for (RevisionCatalog.Entry e : catalog.entries()) {
          root.out.printf("%-10s %-22s %s%n", e.revision(), e.upgrades(), e.compatibleWith());
        }
        return ExitCodes.SUCCESS;
      });
    }
  }

  /** Where the mesh stands: revisions, namespaces and pods per revision, stale proxies, the saved plan. */
  @Command(name = "status", description = "Revisions, namespaces and pods per revision, stale proxies, plan stage.")
  static final class Status implements Callable<Integer> {
    @ParentCommand MeshUpgradeCli root;

    @Override
    public Integer call() {
      return root.onCluster(s -> {
        PrintStream out = root.out;
        ClusterMeshState state = s.controlPlane().readMeshState();
        out.println("cluster:     " + state.cluster() + " (" + state.location() + ", Kubernetes "
            + state.kubernetesVersion() + ", " + state.provisioningState() + ")");
        out.println("mesh:        " + (state.meshEnabled() ? "enabled" : "NOT enabled"));
        out.println("revisions:   " + state.revisions() + (state.isCanaryInProgress() ? "  (canary in progress)" : ""));
        MeshUpgrader upgrader;
        try {
          upgrader = root.upgrader(s);
        } catch (ForeignPlanException e) {
          out.println("WARNING:     " + e.getMessage());
          upgrader = root.plainUpgrader(s);
        }
        out.println("plan:        " + upgrader.currentPlan()
            .map(p -> p.from() + " -> " + p.to() + " at " + p.stage()
                + p.haltReason().map(r -> " (" + r + ")").orElse(""))
            .orElse("none saved"));
        Map<String, List<String>> byLabel = new java.util.TreeMap<>();
        List<String> skipped = new ArrayList<>();
        for (MeshNamespace ns : s.dataPlane().meshNamespaces()) {
          if (ns.hasIstioInjectionLabel()) {
            skipped.add(ns.name());
          }
          if (!ns.revisionLabel().isEmpty()) {
            byLabel.computeIfAbsent(ns.revisionLabel(), k -> new ArrayList<>()).add(ns.name());
          }
        }
        byLabel.forEach((label, names) -> out.println("namespaces:  istio.io/rev=" + label + ": " + names));
        if (!skipped.isEmpty()) {
          out.println("WARNING:     namespaces labelled istio-injection (AKS does not inject them): " + skipped);
        }
        DanglingInjection dangling = upgrader.danglingInjection();
        if (!dangling.isEmpty()) {
          out.println("WARNING:     " + dangling.describe() + " (fix them, or upgrade with --repoint-dangling-tags)");
        }
        PodInventory inventory = s.dataPlane().inventory();
        out.println("pods:        " + ReportPrinter.pods(inventory.countByRevision()));
        for (Revision r : state.revisions()) {
          Optional<String> image = s.dataPlane().currentProxyImage(r);
          if (image.isPresent()) {
            List<PatchRollover.StaleWorkload> stale = PatchRollover.staleWorkloads(r, image.get(), inventory);
            out.println("proxies:     " + r + " injects " + image.get() + "; " + stale.size()
                + " workload(s) run an older proxy" + (stale.isEmpty() ? "" : " (run `patch`)"));
          }
        }
        return ExitCodes.SUCCESS;
      });
    }
  }

  /** Options shared by the upgrade verbs that restart workloads. */
  static final class RunOptions {
    @Option(names = "--tag", description = "also point this revision tag at the new revision (created when absent)")
    String tag;

    @Option(names = "--concurrency", description = "rollouts at once (default: ${DEFAULT-VALUE})", defaultValue = "10")
    int concurrency = 10;

    @Option(names = "--namespace-order", split = ",", description = "namespaces to restart first, in this order")
    List<String> namespaceOrder = new ArrayList<>();

    @Option(names = "--batch-size", description = "restart in batches of this many workloads (0: one batch)",
        defaultValue = "0")
    int batchSize = 0;

    @Option(names = "--batch-pause", description = "pause between batches (default: ${DEFAULT-VALUE})",
        defaultValue = "PT0S")
    Duration batchPause = Duration.ZERO;

    @Option(names = "--rollout-timeout", description = "how long to wait for the rollouts (default: ${DEFAULT-VALUE})",
        defaultValue = "PT10M")
    Duration rolloutTimeout = Duration.ofMinutes(10);

    @Option(names = "--soak", description = "how long to keep evaluating health checks (default: ${DEFAULT-VALUE})",
        defaultValue = "PT0S")
    Duration soak = Duration.ZERO;

    @Option(names = "--on-health-failure", description = "ROLLBACK_WORKLOADS_AND_HALT, ROLLBACK_FULLY or HALT "
        + "(default: ${DEFAULT-VALUE})", defaultValue = "ROLLBACK_WORKLOADS_AND_HALT")
    HealthFailurePolicy onHealthFailure = HealthFailurePolicy.ROLLBACK_WORKLOADS_AND_HALT;

    @Option(names = "--overwrite-mesh-config", description = "replace a different shared mesh config of the target")
    boolean overwriteMeshConfig;

    @Option(names = "--repoint-dangling-tags", description = "point revision tags (and relabel namespaces) that point "
        + "at a revision no longer installed at the new revision; without it the upgrade refuses while any exist")
    boolean repointDanglingTags;

    /** Throws a usage error saying what to type; called before any cluster session starts. */
    RunOptions validate() {
      if (concurrency < 1) {
        throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency
            + "; e.g. --concurrency 10");
      }
      if (batchSize < 0) {
        throw new IllegalArgumentException("--batch-size must be 0 (one batch) or a positive number of workloads,"
            + " got " + batchSize + "; e.g. --batch-size 5");
      }
      requireNotNegative("--batch-pause", batchPause);
      requireNotNegative("--soak", soak);
      if (rolloutTimeout.isNegative() || rolloutTimeout.isZero()) {
        throw new IllegalArgumentException("--rollout-timeout must be positive, got " + rolloutTimeout + "; "
            + IsoDurationConverter.HINT);
      }
      if (tag != null && tag.isBlank()) {
        throw new IllegalArgumentException("--tag needs a revision tag name, e.g. --tag prod-stable");
      }
      for (String ns : namespaceOrder) {
        if (ns.isBlank()) {
          throw new IllegalArgumentException("--namespace-order has an empty name: give namespaces separated by "
              + "commas, e.g. --namespace-order payments,shop");
        }
      }
      return this;
    }

    private static void requireNotNegative(String option, Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException(option + " must not be negative, got " + d + "; "
            + IsoDurationConverter.HINT);
      }
    }

    /**
     * Throws a usage error when --namespace-order names a namespace the cluster does not have (checked against the
     * inventory and the mesh namespaces, before any change): a typo would otherwise be ignored silently.
     */
    RunOptions requireKnownNamespaces(ClusterSession s) {
      if (namespaceOrder.isEmpty()) {
        return this;
      }
      java.util.SortedSet<String> known = new java.util.TreeSet<>();
      s.dataPlane().inventory().pods().forEach(p -> known.add(p.namespace()));
      s.dataPlane().meshNamespaces().forEach(n -> known.add(n.name()));
      List<String> unknown = namespaceOrder.stream().filter(n -> !known.contains(n)).distinct().toList();
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException("--namespace-order names namespace(s) " + unknown + " that this cluster "
            + "does not have; nothing was changed. Known namespaces: " + known + "; check the spelling");
      }
      return this;
    }

    UpgradeOptions toOptions(Optional<UpgradeStage> stopAfter) {
      UpgradeOptionsBuilder b = UpgradeOptions.builder()
          .concurrency(concurrency)
          .namespaceOrder(namespaceOrder)
          .rolloutTimeout(rolloutTimeout)
          .soak(soak, soak.isZero() ? Duration.ofSeconds(1) : soak.dividedBy(10).isZero()
              ? Duration.ofMillis(100) : soak.dividedBy(10))
          .onHealthFailure(onHealthFailure)
          .overwriteMeshConfig(overwriteMeshConfig)
          .repointDanglingTags(repointDanglingTags);
      if (tag != null) {
        b.revisionTag(tag);
      }
      if (batchSize > 0) {
        b.batches(batchSize, batchPause);
      }
      stopAfter.ifPresent(b::stopAfter);
      return b.build();
    }
  }

  /** {@code az aks mesh upgrade ...} and the automated run. */
  @Command(name = "upgrade", description = "Start, run, complete or roll back a canary upgrade.",
      subcommands = {Upgrade.Run.class, Upgrade.Plan.class, Upgrade.Start.class, Upgrade.Complete.class,
          Upgrade.Rollback.class})
  static final class Upgrade implements Callable<Integer> {
    @ParentCommand MeshUpgradeCli root;

    @Override
    public Integer call() {
      new CommandLine(this).usage(root.out);
      return ExitCodes.USAGE;
    }

    /** Parses --revision before anything starts (a usage error quoting the input). */
    static void validateRevision(String revision) {
      if (revision != null) {
        Revision.parse(revision);
      }
    }

    /** Resolves the target: the given revision, else the lowest upgrade ARM offers. */
    static Revision target(ClusterSession s, String revision) {
      if (revision != null) {
        return Revision.parse(revision);
      }
      ClusterMeshState state = s.controlPlane().readMeshState();
      if (state.isCanaryInProgress()) {
        return state.highestRevision().orElseThrow();
      }
      MeshUpgrades upgrades = s.controlPlane().getUpgrades();
      return upgrades.offeredUpgrades().stream().findFirst().orElseThrow(() -> new UpgradeRefusedException(
          "no upgrade is offered for " + state.revisions() + ": the mesh is on the newest revision AKS supports"));
    }

    /** The whole automated flow. */
    @Command(name = "run", description = "The whole canary upgrade: copy mesh config, start, verify, switch "
        + "injection, restart workloads, health gate, complete (resumes a saved plan).")
    static final class Run implements Callable<Integer> {
      @ParentCommand Upgrade upgrade;

      @Option(names = {"-r", "--revision"}, description = "target revision (default: the lowest offered upgrade); "
          + "several minors away runs one canary per minor")
      String revision;

      @Option(names = "--stop-after", description = "stop after this stage, e.g. INJECTION_SWITCHED")
      UpgradeStage stopAfter;

      @ArgGroup(exclusive = false) RunOptions run = new RunOptions();

      @Override
      public Integer call() {
        MeshUpgradeCli root = upgrade.root;
        validateRevision(revision);
        run.validate();
        return root.onCluster(s -> {
          run.requireKnownNamespaces(s);
          Revision target = target(s, revision);
          UpgradeReport report = root.upgrader(s).upgrade(target,
              root.adopt(run.toOptions(Optional.ofNullable(stopAfter))));
          ReportPrinter.print(report, root.out);
          return ReportPrinter.exitCode(report);
        });
      }
    }

    /** Dry run. */
    @Command(name = "plan", description = "Dry run: what `upgrade run` would do. Changes nothing.")
    static final class Plan implements Callable<Integer> {
      @ParentCommand Upgrade upgrade;

      @Option(names = {"-r", "--revision"}, description = "target revision (default: the lowest offered upgrade)")
      String revision;

      @ArgGroup(exclusive = false) RunOptions run = new RunOptions();

      @Override
      public Integer call() {
        MeshUpgradeCli root = upgrade.root;
        validateRevision(revision);
        run.validate();
        return root.onCluster(s -> {
          run.requireKnownNamespaces(s);
          UpgradePreview preview = root.upgrader(s).plan(target(s, revision),
              root.adopt(run.toOptions(Optional.empty())));
          ReportPrinter.print(preview, root.out);
          return preview.pathRefusal().isPresent() ? ExitCodes.REFUSED : ExitCodes.SUCCESS;
        });
      }
    }

    /** {@code az aks mesh upgrade start}, plus the check that both control planes run. */
    @Command(name = "start", description = "Copy the mesh config, start the canary and verify both control planes; "
        + "then stop (continue with `upgrade run`, or `complete` / `rollback`).")
    static final class Start implements Callable<Integer> {
      @ParentCommand Upgrade upgrade;

      @Option(names = {"-r", "--revision"}, description = "target revision (default: the lowest offered upgrade)")
      String revision;

      @Override
      public Integer call() {
        MeshUpgradeCli root = upgrade.root;
        validateRevision(revision);
        // the defaults of the run options (a RunOptions made here is not filled in by the parser)
        UpgradeOptions options = root.adopt(new RunOptions().validate()
            .toOptions(Optional.of(UpgradeStage.CONTROL_PLANES_VERIFIED)));
        return root.onCluster(s -> {
          UpgradeReport report = root.upgrader(s).upgrade(target(s, revision), options);
          ReportPrinter.print(report, root.out);
          return ReportPrinter.exitCode(report);
        });
      }
    }

    /** {@code az aks mesh upgrade complete}, refused while pods still use the old revision. */
    @Command(name = "complete", description = "Remove the old revision. Refused while any pod, namespace or tag still "
        + "uses it, unless --force with --reason.")
    static final class Complete implements Callable<Integer> {
      @ParentCommand Upgrade upgrade;

      @Option(names = "--force", description = "complete even though workloads would leave the mesh")
      boolean force;

      @Option(names = "--reason", description = "why forcing is acceptable (recorded in the plan)")
      String reason;

      @ArgGroup(exclusive = false) RunOptions run = new RunOptions();

      @Override
      public Integer call() {
        MeshUpgradeCli root = upgrade.root;
        if (force && (reason == null || reason.isBlank())) {
          throw new IllegalArgumentException("--force needs --reason \"...\": say why detaching workloads is fine");
        }
        run.validate();
        return root.onCluster(s -> {
          run.requireKnownNamespaces(s);
          MeshUpgrader upgrader = root.upgrader(s);
          UpgradeOptions options = root.adopt(run.toOptions(Optional.empty()));
          UpgradeReport report = force ? upgrader.forceComplete(reason, options) : upgrader.complete(options);
          ReportPrinter.print(report, root.out);
          return ReportPrinter.exitCode(report);
        });
      }
    }

    /** {@code az aks mesh upgrade rollback}, after moving injection and workloads back. */
    @Command(name = "rollback", description = "Move injection and workloads back, then remove the new revision.")
    static final class Rollback implements Callable<Integer> {
      @ParentCommand Upgrade upgrade;

      @ArgGroup(exclusive = false) RunOptions run = new RunOptions();

      @Override
      public Integer call() {
        MeshUpgradeCli root = upgrade.root;
        run.validate();
        return root.onCluster(s -> {
          run.requireKnownNamespaces(s);
          UpgradeReport report = root.upgrader(s).rollback(root.adopt(run.toOptions(Optional.empty())));
          ReportPrinter.print(report, root.out);
          return report.outcome() == UpgradeReport.Outcome.ROLLED_BACK ? ExitCodes.SUCCESS
              : ReportPrinter.exitCode(report);
        });
      }
    }
  }

  /** Patch roll-over. */
  @Command(name = "patch", description = "Restart the workloads whose proxy is older than their revision's current "
      + "patch release.")
  static final class Patch implements Callable<Integer> {
    @ParentCommand MeshUpgradeCli root;

    @ArgGroup(exclusive = false) RunOptions run = new RunOptions();

    @Override
    public Integer call() {
      run.validate();
      return root.onCluster(s -> {
        run.requireKnownNamespaces(s);
        RollOverReport report = root.upgrader(s).rollOverPatch(root.adopt(run.toOptions(Optional.empty())));
        ReportPrinter.print(report, root.out);
        return report.allSucceeded() ? ExitCodes.SUCCESS : ExitCodes.HALTED;
      });
    }
  }

  /** Repairs a cluster left Failed by a failed ARM operation, as AKS recovers one; the plan is kept as it is. */
  @Command(name = "repair", description = {
      "Repair a cluster whose last ARM operation failed (provisioningState Failed): re-apply its current body"
          + " unchanged (a reconcile PUT with If-Match, as `az aks update` without arguments does), wait for it,"
          + " print the state. The saved plan is kept: resume with `upgrade run`, `upgrade complete` or"
          + " `upgrade rollback` afterwards.",
      "Refused (exit 3) when the cluster is not Failed; exit 1 when the reconcile fails too."})
  static final class Repair implements Callable<Integer> {
    @ParentCommand MeshUpgradeCli root;

    @Override
    public Integer call() {
      return root.onCluster(s -> {
        PrintStream out = root.out;
        ClusterMeshState before = s.controlPlane().readMeshState();
        out.println("cluster:     " + before.cluster() + " is " + before.provisioningState() + ", revisions "
            + before.revisions());
        if (before.isFailed()) {
          out.println("repairing:   re-applying the cluster unchanged (reconcile PUT with If-Match "
              + before.eTag() + ") and waiting for the operation...");
        }
        ClusterMeshState after = root.plainUpgrader(s).repair();
        out.println("repaired:    " + after.cluster() + " is " + after.provisioningState() + ", revisions "
            + after.revisions() + (after.isCanaryInProgress() ? " (canary in progress)" : ""));
        out.println("next:        resume with `upgrade run` (or `upgrade complete` / `upgrade rollback`); the saved"
            + " plan was kept as it is");
        return ExitCodes.SUCCESS;
      });
    }
  }
}
