package io.meshupgrade.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiguresTest {

  @Test
  void writesTheFiguresAsAMarkdownTableAndAsJson(@TempDir Path dir) throws Exception {
    Figures f = new Figures()
        .add("restart API cost", "ours, N=10: requests per workload", 2.3, "requests", "23 \"requests\"")
        .add("inventory", "10,000 pods: ours / baseline", 0.0401, "x", "a|b");

    f.write(dir, "# header");

    assertThat(Files.readString(dir.resolve("benchmarks.md")))
        .startsWith("# header\n")
        .contains("| restart API cost | ours, N=10: requests per workload | 2.30 | requests | 23 \"requests\" |")
        .contains("| 0.040 | x | a\\|b |");
    assertThat(Files.readString(dir.resolve("benchmarks.json")))
        .contains("{\"section\": \"restart API cost\", \"name\": \"ours, N=10: requests per workload\","
            + " \"value\": 2.30, \"unit\": \"requests\", \"note\": \"23 \\\"requests\\\"\"}");
  }
}
