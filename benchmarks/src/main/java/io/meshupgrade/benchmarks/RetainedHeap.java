package io.meshupgrade.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.function.Supplier;

/**
 * Measures the heap a result keeps alive: full GCs until the used heap settles, the heap used before, build the result
 * and hold it, full GCs until it settles again, the heap used after; the difference is what the result retains
 * (garbage made while building it is collected first, so it does not count). Run it while nothing else allocates:
 * the benchmark's simulator is idle between requests. {@code System.gc()} must not be disabled
 * ({@code -XX:+DisableExplicitGC}). Accurate to about a megabyte, so meaningful for results of several megabytes.
 * Not thread-safe.
 */
public final class RetainedHeap {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private RetainedHeap() {}

  /**
   * A result and what it retains.
   *
   * @param value the result (still referenced, so still retained)
   * @param bytes bytes retained by the result
   * @param nanos time to build it (informative only)
   */
  public record Measured<T>(T value, long bytes, long nanos) {}

  /** Builds the result with {@code supplier} and measures what it retains. */
  public static <T> Measured<T> of(Supplier<T> supplier) {
    long before = settledHeap();
    long start = System.nanoTime();
    T value = supplier.get();
    long nanos = System.nanoTime() - start;
    long after = settledHeap();
    java.lang.ref.Reference.reachabilityFence(value);
    return new Measured<>(value, Math.max(0, after - before), nanos);
  }

  /** The used heap after full GCs, once two consecutive readings differ by less than 256 KB (at most 6 GCs). */
  public static long settledHeap() {
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 6; i++) {
      System.gc();
      long used = MEMORY.getHeapMemoryUsage().getUsed();
      if (Math.abs(last - used) < 256 * 1024) {
        return used;
      }
      last = used;
    }
    return last;
  }
}
