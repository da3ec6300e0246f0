package io.meshupgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: no class of the core's main code is over 300 lines of code, so that a newcomer can read any one of them.
 * Lines of code are the lines left once comments and blank lines are removed: the javadoc that doclint requires of
 * every public member is there to help that reader, and is not counted against the class.
 */
class ClassSizeTest {

  static final int MAX_LINES = 300;
  private static final Path MAIN = Path.of("src", "main", "java");

  @Test
  void issue9_noCoreMainSourceFileIsOver300Lines() throws IOException {
    List<String> tooLong;
    try (Stream<Path> files = Files.walk(MAIN)) {
      tooLong = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> lines(p) > MAX_LINES)
          .map(p -> MAIN.relativize(p) + " (" + lines(p) + " lines of code)")
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
    try {
      return linesOfCode(Files.readString(p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines of {@code source} that hold code once block and line comments are removed (string-literal aware). */
  static long linesOfCode(String source) {
    StringBuilder code = new StringBuilder();
    boolean block = false;
    boolean string = false;
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      char n = i + 1 < source.length() ? source.charAt(i + 1) : 0;
      if (block) {
        if (c == '*' && n == '/') {
          block = false;
          i++;
        } else if (c == '\n') {
          code.append('\n');
        }
      } else if (string) {
        code.append(c);
        if (c == '\\') {
          code.append(n);
          i++;
        } else if (c == '"') {
          string = false;
        }
      } else if (c == '/' && n == '*') {
        block = true;
        i++;
      } else if (c == '/' && n == '/') {
        while (i < source.length() && source.charAt(i) != '\n') {
          i++;
        }
        code.append('\n');
      } else {
        if (c == '"') {
          string = true;
        }
        code.append(c);
      }
    }
    return code.toString().lines().filter(l -> !l.isBlank()).count();
  }

  @Test
  void issue9_linesOfCodeLeaveOutCommentsAndBlankLinesOnly() {
    String source = "/** A class.\n * More.\n */\nclass A {\n\n  // a note\n  String s = \"// not a comment\";\n"
        + "  /* inline */ int x; // trailing\n  char c = '\"'; String t = \"a \\\" /* b\";\n}\n";
    assertThat(linesOfCode(source)).isEqualTo(5);
  }
}
