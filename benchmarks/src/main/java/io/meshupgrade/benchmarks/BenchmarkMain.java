package io.meshupgrade.benchmarks;

import io.meshupgrade.benchmarks.jmh.JmhBenchmarks;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs the benchmarks and prints a table of the figures and of the ratios against their baselines; writes
 * {@code benchmarks.md} and {@code benchmarks.json} into the output directory.
 *
 * <pre>
 * mvn -B -ntp -q -Pbench -pl benchmarks -am package -DskipTests                     # default sizes, under 3 minutes
 * mvn -B -ntp -q -Pbench -pl benchmarks -am package -DskipTests -Dbench.args=large  # adds N=1000, 100,000 pods
 * mvn -B -ntp -q -Pbench -pl benchmarks -am package -DskipTests -Dbench.args=jmh    # adds the JMH micro-benchmarks
 * </pre>
 *
 * Arguments: {@code --out <dir>} (default {@code target}), {@code large}, {@code jmh}, {@code restarts} /
 * {@code upgrade} / {@code inventory} / {@code jmh-only} (run only those sections).
 */
public final class BenchmarkMain {
  private static final String RESTARTS = "restart API cost";
  private static final String UPGRADE = "upgrade API cost";
  private static final String INVENTORY = "inventory";

  private BenchmarkMain() {}

  public static void main(String[] args) {
    Path out = Path.of("target");
    List<String> flags = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if ("--out".equals(args[i]) && i + 1 < args.length) {
        out = Path.of(args[++i]);
      } else if (!args[i].isBlank()) {
        flags.addAll(Arrays.asList(args[i].trim().split("[\\s,]+")));
      }
    }
    boolean large = flags.contains("large");
    boolean jmh = flags.contains("jmh") || flags.contains("jmh-only");
    boolean all = !(flags.contains("restarts") || flags.contains("upgrade") || flags.contains("inventory")
        || flags.contains("jmh-only"));
    Figures figures = new Figures();
    PrintStream log = System.out;
    long start = System.nanoTime();
    if (all || flags.contains("restarts")) {
      restarts(figures, large ? List.of(10, 50, 200, 1000) : List.of(10, 50, 200), log);
      restartsInABigCluster(figures, log);
    }
    if (all || flags.contains("upgrade")) {
      upgrades(figures, large ? List.of(10, 50, 200, 1000) : List.of(10, 50, 200), log);
    }
    if (all || flags.contains("inventory")) {
      inventory(figures, large ? List.of(10_000, 50_000, 100_000) : List.of(10_000, 50_000), log);
    }
    if (jmh) {
      JmhBenchmarks.run(figures, log);
    }
    String header = "# mesh-upgrade benchmarks\n\n" + Instant.now() + ", Java " + Runtime.version() + ", "
        + Runtime.getRuntime().availableProcessors() + " cores, max heap "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, took "
        + (System.nanoTime() - start) / 1_000_000_000 + " s. Settings: " + RestartCostBenchmark.Settings.defaults()
        + ". Request counts depend on the timing model only (a scheduling hiccup can add a look at a rollout);"
        + " times are informative and vary with the machine's load.\n";
    log.println();
    log.println(header);
    log.println(figures.markdown());
    figures.write(out, header);
    log.println("written: " + out.resolve("benchmarks.md") + ", " + out.resolve("benchmarks.json"));
  }

  static void restarts(Figures figures, List<Integer> sizes, PrintStream log) {
    RestartCostBenchmark bench = new RestartCostBenchmark(RestartCostBenchmark.Settings.defaults());
    RestartCost first = null;
    for (int n : sizes) {
      RestartCost ours = bench.ours(n);
      RestartCost naive = bench.naive(n);
      log.println("restarts N=" + n + ": ours " + ours + ", naive " + naive);
      figures.add(RESTARTS, "ours, N=" + n + ": requests per workload", ours.perWorkload(), "requests",
          ours.requests() + " requests (" + verbs(ours.byVerb()) + "), " + ours.millis() + " ms");
      figures.add(RESTARTS, "naive, N=" + n + ": requests per workload", naive.perWorkload(), "requests",
          naive.requests() + " requests (" + verbs(naive.byVerb()) + "), " + naive.millis() + " ms");
      figures.add(RESTARTS, "ours / naive, N=" + n, ours.perWorkload() / naive.perWorkload(), "x",
          "target < 1");
      if (first == null) {
        first = ours;
      } else {
        figures.add(RESTARTS, "ours per workload, N=" + n + " / N=" + first.workloads(),
            ours.perWorkload() / first.perWorkload(), "x", "target <= 1.5 (constant per workload)");
      }
    }
  }

  /** N=50 restarted in a cluster with 2,000 other Deployments: what the shared list costs when the cluster is big. */
  static void restartsInABigCluster(Figures figures, PrintStream log) {
    RestartCostBenchmark bench = new RestartCostBenchmark(RestartCostBenchmark.Settings.defaults());
    RestartCost ours = bench.ours(50, 2000);
    RestartCost naive = bench.naive(50, 2000);
    log.println("restarts N=50 among 2,000 other Deployments: ours " + ours + ", naive " + naive);
    figures.add(RESTARTS, "ours, N=50 among 2,000 other Deployments: requests per workload", ours.perWorkload(),
        "requests", ours.requests() + " requests (" + verbs(ours.byVerb()) + "): the first poll pages through every"
            + " Deployment (500 a page), later polls list the namespaces in flight");
    figures.add(RESTARTS, "naive, N=50 among 2,000 other Deployments: requests per workload", naive.perWorkload(),
        "requests", naive.requests() + " requests (" + verbs(naive.byVerb()) + ")");
    figures.add(RESTARTS, "ours / naive, N=50 among 2,000 other Deployments", ours.perWorkload()
        / naive.perWorkload(), "x", "");
  }

  static void upgrades(Figures figures, List<Integer> sizes, PrintStream log) {
    UpgradeCostBenchmark bench = new UpgradeCostBenchmark(RestartCostBenchmark.Settings.defaults());
    UpgradeCost first = null;
    for (int w : sizes) {
      UpgradeCost cost = bench.upgrade(w);
      log.println("upgrade W=" + w + ": " + cost);
      figures.add(UPGRADE, "W=" + w + ": ARM requests per workload", cost.armPerWorkload(), "requests",
          cost.armRequests() + " ARM requests in all");
      figures.add(UPGRADE, "W=" + w + ": Kubernetes requests per workload", cost.kubernetesPerWorkload(), "requests",
          cost.kubernetesRequests() + " requests (" + verbs(cost.kubernetesByVerb()) + "), " + cost.millis() + " ms");
      if (first == null) {
        first = cost;
      } else {
        double marginal = (double) (cost.kubernetesRequests() - first.kubernetesRequests())
            / (cost.workloads() - first.workloads());
        figures.add(UPGRADE, "W=" + first.workloads() + " -> " + w + ": Kubernetes requests per added workload",
            marginal, "requests", "ARM requests added: " + (cost.armRequests() - first.armRequests())
                + " (ARM cost does not grow with workloads)");
      }
    }
  }

  static void inventory(Figures figures, List<Integer> sizes, PrintStream log) {
    InventoryBenchmark bench = new InventoryBenchmark();
    for (int pods : sizes) {
      int repetitions = pods <= 10_000 ? 3 : 1;
      InventoryFigures f = bench.measure(pods, repetitions);
      log.println("inventory " + pods + " pods: " + f);
      String at = String.format(Locale.ROOT, "%,d pods", pods);
      figures.add(INVENTORY, at + ": ours, time", f.oursMillis(), "ms",
          f.oursRequests() + " requests (pages of 500); seeding took " + f.seedMillis() + " ms");
      figures.add(INVENTORY, at + ": baseline, time", f.baselineMillis(), "ms",
          f.baselineRequests() + " request (one unpaginated list)");
      figures.add(INVENTORY, at + ": time ours / baseline", f.timeRatio(), "x",
          repetitions == 1 ? "one run each" : "median of " + repetitions + " runs each");
      figures.add(INVENTORY, at + ": ours, retained heap", f.oursBytes() / 1e6, "MB",
          String.format(Locale.ROOT, "%.0f bytes per pod", (double) f.oursBytes() / pods));
      figures.add(INVENTORY, at + ": baseline, retained heap", f.baselineBytes() / 1e6, "MB",
          String.format(Locale.ROOT, "%.0f bytes per pod", (double) f.baselineBytes() / pods));
      figures.add(INVENTORY, at + ": retained heap ours / baseline", f.memoryRatio(), "x", "target well below 1");
    }
  }

  private static String verbs(Map<String, Long> byVerb) {
    return byVerb.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
  }
}
