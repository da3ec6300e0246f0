package io.meshupgrade.benchmarks.jmh;

import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.benchmarks.Figures;
import java.io.PrintStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks of this package with short settings (one fork, 2 x 0.5 s warm-up, 3 x 1 s measurement) and
 * adds each score, and each ratio to its baseline ({@code xBaselineY} next to {@code x}), to the figures. Not
 * thread-safe.
 */
public final class JmhBenchmarks {
  private static final String SECTION = "JMH (average time per call)";

  private JmhBenchmarks() {}

  /** Runs them; the scores go to {@code figures}, JMH's own output to {@code log}. */
  public static void run(Figures figures, PrintStream log) {
    Options options = new OptionsBuilder()
        .include(JmhBenchmarks.class.getPackageName() + "\\..*Benchmark\\..*")
        .forks(1)
        .warmupIterations(2)
        .warmupTime(TimeValue.milliseconds(500))
        .measurementIterations(3)
        .measurementTime(TimeValue.seconds(1))
        .jvmArgs("-Xms512m", "-Xmx1g") // not the host JVM's options: its -Xms2g would clash with -Xmx1g
        .build();
    Collection<RunResult> results;
    try {
      results = new Runner(options).run();
    } catch (RunnerException e) {
      throw new MeshUpgradeException("JMH failed: " + e.getMessage() + "; run the module's build first (the"
          + " annotation processor writes META-INF/BenchmarkList)", e);
    }
    if (results.isEmpty()) {
      throw new MeshUpgradeException("JMH ran no benchmark (see its output above: a forked JVM that failed to start?);"
          + " fix the cause and run again");
    }
    Map<String, RunResult> byName = new HashMap<>();
    for (RunResult r : results) {
      String label = label(r);
      byName.put(label, r);
      figures.add(SECTION, label, r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreUnit(),
          String.format(java.util.Locale.ROOT, "+- %.3g (99.9%%)", r.getPrimaryResult().getScoreError()));
    }
    byName.keySet().stream().sorted().forEach(label -> {
      int at = label.indexOf("Baseline");
      if (at < 0) {
        return;
      }
      String ours = label.substring(0, at);
      RunResult o = byName.get(ours);
      if (o != null) {
        figures.add(SECTION, ours + " / " + label, o.getPrimaryResult().getScore()
            / byName.get(label).getPrimaryResult().getScore(), "x", "ours / baseline");
      }
    });
    log.println("JMH: " + results.size() + " benchmarks");
  }

  private static String label(RunResult r) {
    String full = r.getParams().getBenchmark();
    String[] parts = full.split("\\.");
    return parts[parts.length - 2] + "." + parts[parts.length - 1];
  }
}
