package io.meshupgrade.benchmarks.jmh;

import io.meshupgrade.model.Revision;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@link Revision#parse}, and {@link Revision#isRevision} of a non-AKS name (called per pod by
 * {@code PodRecord.revision()}), against
 * baselines: a hand-written parse without a regular expression, and a bare regex match for rejecting a non-AKS
 * revision name such as {@code default} (which {@code isRevision} rejects by catching the exception of
 * {@code parse}). State per thread; not thread-safe.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RevisionBenchmark {
  private static final Pattern FORM = Pattern.compile("asm-(0|[1-9][0-9]*)-(0|[1-9][0-9]*)");
  private final String[] names = {"asm-1-17", "asm-1-18", "asm-1-19", "asm-1-20", "asm-1-21", "asm-2-0", "asm-1-9",
      "asm-1-22"};
  private int i;

  @Benchmark
  public Revision parse() {
    return Revision.parse(names[i++ & 7]);
  }

  /** Baseline: split by hand, two Integer.parseInt, no regex, no object. */
  @Benchmark
  public long parseBaselineByHand() {
    String s = names[i++ & 7];
    int dash = s.indexOf('-', 4);
    if (!s.startsWith("asm-") || dash < 0) {
      throw new IllegalArgumentException(s);
    }
    return ((long) Integer.parseInt(s, 4, dash, 10) << 32) | Integer.parseInt(s, dash + 1, s.length(), 10);
  }

  @Benchmark
  public boolean isRevision() {
    return Revision.isRevision((i++ & 1) == 0 ? "default" : "prod-stable");
  }

  /** Baseline: the same answer from a regex match, without an exception. */
  @Benchmark
  public boolean isRevisionBaselineRegex() {
    return FORM.matcher((i++ & 1) == 0 ? "default" : "prod-stable").matches();
  }
}
