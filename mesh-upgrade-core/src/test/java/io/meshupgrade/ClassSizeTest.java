package io.meshupgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Issue 9: no class of the core's main code is over 300 lines, so that a newcomer can read any one of them. */
class ClassSizeTest {

  static final int MAX_LINES = 300;
  private static final Path MAIN = Path.of("src", "main", "java");

  @Test
  void issue9_noCoreMainSourceFileIsOver300Lines() throws IOException {
    List<String> tooLong;
    try (Stream<Path> files = Files.walk(MAIN)) {
      tooLong = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> lines(p) > MAX_LINES)
          .map(p -> MAIN.relativize(p) + " (" + lines(p) + " lines)")
          .sorted().toList();
    }
    assertThat(tooLong).as("core main classes over %d lines: split them", MAX_LINES).isEmpty();
  }

  @Test
  void issue9_theSizeRuleSeesTheCoreSources() throws IOException {
    // guards the rule above against passing vacuously (wrong working directory, moved sources)
    try (Stream<Path> files = Files.walk(MAIN)) {
      assertThat(files.filter(p -> p.toString().endsWith(".java")).count()).isGreaterThan(50);
    }
    assertThat(lines(MAIN.resolve(Path.of("io", "meshupgrade", "MeshUpgrader.java")))).isGreaterThan(50);
  }

  private static long lines(Path p) {
    try (Stream<String> l = Files.lines(p)) {
      return l.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
