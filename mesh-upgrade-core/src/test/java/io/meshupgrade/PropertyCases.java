package io.meshupgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Seeded, shrinking-free cases for property tests, fed to JUnit's {@code @ParameterizedTest}/{@code @MethodSource}.
 *
 * <p>A property with seed {@code S} and {@code tries} {@code N} runs exactly {@code N} cases: first its explicit edge
 * cases (boundaries such as asm-1-9 vs asm-1-10, 0, {@link Integer#MAX_VALUE}), then random ones. Case {@code i} draws
 * from its own {@code new Random(caseSeed(S, i))}, so a case does not depend on the ones before it, and the same seed
 * gives the same cases on every run and machine. {@link Case#check} prefixes any failure with the property, its seed,
 * the case index, the case seed and the value, which is all it takes to replay it: {@link #replay}.
 *
 * <p>The draw helpers ({@link #between(Random, int, int)} and friends) pick a boundary of their range about one time in
 * eight, so the edges are hit often even in random cases.
 */
public final class PropertyCases {

  private PropertyCases() {
  }

  /**
   * The cases of one property.
   *
   * @param property the name printed on failure
   * @param seed the property's fixed seed
   * @param tries the number of cases, edge cases included
   * @param edges explicit edge cases, run first (at most {@code tries})
   * @param generator draws one random case
   */
  public static <T> Stream<Case<T>> cases(String property, long seed, int tries, List<T> edges,
      Function<Random, T> generator) {
    if (edges.size() > tries) {
      throw new IllegalArgumentException(property + ": " + edges.size() + " edge cases exceed " + tries + " tries");
    }
    return IntStream.range(0, tries).mapToObj(i -> {
      long caseSeed = caseSeed(seed, i);
      T value = i < edges.size() ? edges.get(i) : generator.apply(new Random(caseSeed));
      return new Case<>(property, seed, i, i < edges.size(), caseSeed, value);
    });
  }

  /** The cases of a property that has no explicit edge cases beyond what its generator's draws produce. */
  public static <T> Stream<Case<T>> cases(String property, long seed, int tries, Function<Random, T> generator) {
    return cases(property, seed, tries, List.of(), generator);
  }

  /** Draws the random case with the given case seed again (as printed by a failing {@link Case}). */
  public static <T> T replay(long caseSeed, Function<Random, T> generator) {
    return generator.apply(new Random(caseSeed));
  }

  /** SplitMix64's finaliser over the seed and the index: well spread, stable, independent of the order of runs. */
  public static long caseSeed(long seed, int index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** An int in {@code [min, max]}: a boundary (min, min+1, max-1, max, and 0, 9, 10 when in range) one time in eight. */
  public static int between(Random random, int min, int max) {
    return (int) between(random, (long) min, (long) max);
  }

  /** A long in {@code [min, max]} (max must be below {@link Long#MAX_VALUE}), edge-biased like the int variant. */
  public static long between(Random random, long min, long max) {
    if (min > max || max == Long.MAX_VALUE) {
      throw new IllegalArgumentException("bad range [" + min + ", " + max + "]");
    }
    if (random.nextInt(8) == 0) {
      List<Long> edges = new ArrayList<>(List.of(min, max));
      for (long e : new long[] {min + 1, max - 1, 0, 9, 10}) {
        if (e >= min && e <= max) {
          edges.add(e);
        }
      }
      return edges.get(random.nextInt(edges.size()));
    }
    return random.nextLong(min, max + 1);
  }

  /** A list of {@code 0..maxSize} elements (empty and full size one time in eight each). */
  public static <T> List<T> listOf(Random random, int maxSize, Function<Random, T> element) {
    int size = between(random, 0, maxSize);
    List<T> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(element.apply(random));
    }
    return list;
  }

  /** A string of {@code 0..maxLength} chars drawn from {@code chars}. */
  public static String string(Random random, String chars, int maxLength) {
    int length = between(random, 0, maxLength);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(chars.charAt(random.nextInt(chars.length())));
    }
    return b.toString();
  }

  /**
   * A string of {@code 0..maxLength} UTF-16 chars of any kind: printable ASCII, JSON's specials ({@code " \ /}),
   * control chars (NUL, tab, newline, DEL), other BMP chars, and supplementary code points as surrogate pairs.
   */
  public static String anyString(Random random, int maxLength) {
    int length = between(random, 0, maxLength);
    StringBuilder b = new StringBuilder(length);
    while (b.length() < length) {
      switch (random.nextInt(6)) {
        case 0 -> b.append((char) between(random, 0x20, 0x7E));
        case 1 -> b.append("\"\\/".charAt(random.nextInt(3)));
        case 2 -> b.append("\u0000\t\n\r\u001F\u007F".charAt(random.nextInt(6)));
        case 3 -> b.append((char) between(random, 0x80, 0xD7FF));
        case 4 -> b.append((char) between(random, 0xE000, 0xFFFF));
        default -> {
          if (b.length() + 2 <= length) {
            b.appendCodePoint(between(random, 0x10000, Character.MAX_CODE_POINT));
          }
        }
      }
    }
    return b.toString();
  }

  /** One of the given generators, chosen uniformly. */
  @SafeVarargs
  public static <T> T oneOf(Random random, Function<Random, T>... generators) {
    return generators[random.nextInt(generators.length)].apply(random);
  }

  /** A body that may throw, run by {@link Case#check}. */
  @FunctionalInterface
  public interface Body<T> {
    void accept(T value) throws Exception;
  }

  /** One case of a property: its value and what it takes to reproduce it. */
  public record Case<T>(String property, long seed, int index, boolean edge, long caseSeed, T value) {

    /** Runs the property's body on the value; a failure names the property, seed, case and value. */
    public void check(Body<T> body) {
      try {
        body.accept(value);
      } catch (AssertionError | Exception e) {
        throw new AssertionError(describe() + " failed: " + e.getMessage(), e);
      }
    }

    String describe() {
      String origin = edge ? "explicit edge case" : String.format("case seed 0x%016XL", caseSeed);
      return String.format("property %s (seed 0x%016XL), case %d (%s), value <%s>", property, seed, index, origin,
          value);
    }

    @Override
    public String toString() {
      String shown = String.valueOf(value);
      return "#" + index + " " + (shown.length() > 120 ? shown.substring(0, 117) + "..." : shown);
    }
  }
}
