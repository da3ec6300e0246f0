package io.meshupgrade.benchmarks.jmh;

import io.meshupgrade.benchmarks.Figures;
import java.io.PrintStream;

/** Runs the JMH micro-benchmarks of this package with short settings and adds their scores to the figures. */
public final class JmhBenchmarks {
  private JmhBenchmarks() {}

  public static void run(Figures figures, PrintStream log) {
    throw new UnsupportedOperationException("not yet");
  }
}
