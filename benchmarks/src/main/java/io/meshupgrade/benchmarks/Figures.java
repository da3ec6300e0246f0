package io.meshupgrade.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The figures of one benchmark run, in the order measured, rendered as a Markdown table and as JSON. Thread-safe.
 */
public final class Figures {

  /**
   * One measured figure.
   *
   * @param section e.g. {@code restart API cost}
   * @param name what was measured, e.g. {@code ours, N=200: requests per workload}
   * @param value the value
   * @param unit e.g. {@code requests}, {@code ms}, {@code MB}, {@code x} (a ratio)
   * @param note how to read it, or ""
   */
  public record Figure(String section, String name, double value, String unit, String note) {
    public Figure {
      Objects.requireNonNull(section, "section");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(unit, "unit");
      note = note == null ? "" : note;
    }

    /** The value with up to three significant decimals, e.g. {@code 2.15}, {@code 420}, {@code 0.062}. */
    public String formattedValue() {
      double abs = Math.abs(value);
      if (value == Math.rint(value) && abs < 1e15) {
        return String.format(Locale.ROOT, "%d", (long) value);
      }
      if (abs >= 100) {
        return String.format(Locale.ROOT, "%.0f", value);
      }
      if (abs >= 1) {
        return String.format(Locale.ROOT, "%.2f", value);
      }
      return String.format(Locale.ROOT, "%.3f", value);
    }
  }

  private final List<Figure> figures = new ArrayList<>();

  /** Adds a figure. */
  public synchronized Figures add(String section, String name, double value, String unit, String note) {
    figures.add(new Figure(section, name, value, unit, note));
    return this;
  }

  /** Every figure so far, in order (unmodifiable snapshot). */
  public synchronized List<Figure> all() {
    return Collections.unmodifiableList(new ArrayList<>(figures));
  }

  /** A Markdown table: section, figure, value, unit, note. */
  public synchronized String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("| section | figure | value | unit | note |\n|---|---|---:|---|---|\n");
    for (Figure f : figures) {
      b.append("| ").append(f.section()).append(" | ").append(f.name()).append(" | ").append(f.formattedValue())
          .append(" | ").append(f.unit()).append(" | ").append(f.note().replace("|", "\\|")).append(" |\n");
    }
    return b.toString();
  }

  /** The figures as a JSON array of objects {section, name, value, unit, note}. */
  public synchronized String json() {
    StringBuilder b = new StringBuilder("[\n");
    for (int i = 0; i < figures.size(); i++) {
      Figure f = figures.get(i);
      b.append("  {\"section\": ").append(quote(f.section())).append(", \"name\": ").append(quote(f.name()))
          .append(", \"value\": ").append(Double.isFinite(f.value()) ? f.formattedValue() : "null")
          .append(", \"unit\": ").append(quote(f.unit())).append(", \"note\": ").append(quote(f.note()))
          .append(i + 1 < figures.size() ? "},\n" : "}\n");
    }
    return b.append("]\n").toString();
  }

  /** Writes {@code benchmarks.md} (with {@code header} above the table) and {@code benchmarks.json} into {@code dir}. */
  public void write(Path dir, String header) {
    Objects.requireNonNull(dir, "dir");
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("benchmarks.md"), header + "\n" + markdown(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("benchmarks.json"), json(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark figures to " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
