package io.meshupgrade.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: every {@code java} sample in the README compiles against the current API, on the test class path (the
 * core, the adapters, the testkit, the JUnit extension and the TCK).
 *
 * <p>A sample that declares classes is compiled as a source file; any other sample is the body of a method of a
 * {@link ReadmeSampleContext}. A sample that starts with imports gets exactly those; one without gets the
 * {@link #PRELUDE} (the library's API packages, the Kubernetes client's builders, {@code java.time},
 * {@code java.nio.file}, JUnit and AssertJ), as a reader's IDE would add them.
 */
class ReadmeSamplesCompileTest {

  static final List<String> PRELUDE = List.of(
      "io.meshupgrade.*", "io.meshupgrade.options.*", "io.meshupgrade.report.*", "io.meshupgrade.model.*",
      "io.meshupgrade.plan.*", "io.meshupgrade.exception.*", "io.meshupgrade.spi.*", "io.meshupgrade.event.*",
      "io.meshupgrade.azure.*", "io.meshupgrade.k8s.*", "io.meshupgrade.testkit.*", "io.meshupgrade.junit.*",
      "io.meshupgrade.tck.*", "io.meshupgrade.tck.fakes.*", "io.kubernetes.client.openapi.ApiClient",
      "io.kubernetes.client.util.ClientBuilder", "io.kubernetes.client.util.Config", "java.time.*",
      "java.nio.file.Path", "java.util.Optional", "org.junit.jupiter.api.Test", "org.junit.jupiter.api.io.TempDir",
      "static org.assertj.core.api.Assertions.assertThat", "static io.meshupgrade.junit.MeshAssertions.*");

  private static final Path README = Path.of("..", "README.md");

  @Test
  void issue9_everyJavaSampleOfTheReadmeCompiles(@TempDir Path out) throws IOException {
    List<Sample> samples = samples(Files.readString(README));
    assertThat(samples).as("java samples in %s", README).hasSizeGreaterThanOrEqualTo(5);

    for (Sample sample : samples) {
      assertThat(compile(sample, out)).as("README sample at line %d:%n%s", sample.line(), sample.code()).isEmpty();
    }
  }

  @Test
  void issue9_aSampleOfARemovedApiDoesNotCompile(@TempDir Path out) {
    // guards the rule above against passing vacuously: the outcome REFUSED was removed (refusals are thrown)
    Sample stale = new Sample(1, "UpgradeReport.Outcome o = UpgradeReport.Outcome.REFUSED;");
    assertThat(compile(stale, out)).singleElement().asString().contains("REFUSED");
    Sample withoutImports = new Sample(1, "import java.util.List;\nRevision r = Revision.parse(\"asm-1-19\");");
    assertThat(compile(withoutImports, out)).isNotEmpty(); // a sample with imports gets only its own
  }

  record Sample(int line, String code) {}

  static List<Sample> samples(String markdown) {
    List<Sample> samples = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].strip().equals("```java")) {
        int start = i + 1;
        StringBuilder code = new StringBuilder();
        for (i = start; i < lines.length && !lines[i].strip().equals("```"); i++) {
          code.append(lines[i]).append('\n');
        }
        samples.add(new Sample(start + 1, code.toString()));
      }
    }
    return samples;
  }

  /** The compiler's errors for one sample (empty: it compiles). */
  static List<String> compile(Sample sample, Path out) {
    List<String> imports = new ArrayList<>();
    List<String> body = new ArrayList<>();
    for (String l : sample.code().split("\n")) {
      (l.startsWith("import ") && body.stream().allMatch(String::isBlank) ? imports : body).add(l);
    }
    String header = imports.isEmpty()
        ? PRELUDE.stream().map(p -> "import " + p + ";").collect(Collectors.joining("\n")) : String.join("\n", imports);
    String name = "ReadmeSample" + sample.line();
    boolean declaresClasses = body.stream().anyMatch(l -> l.matches("^(abstract |final )?class \\w+.*"));
    String source = "package io.meshupgrade.examples.readme.samples;\n" + header + "\n"
        + (declaresClasses ? String.join("\n", body)
            : "abstract class " + name + " extends io.meshupgrade.examples.readme.ReadmeSampleContext {\n"
                + "  void sample() throws Exception {\n" + String.join("\n", body) + "\n  }\n}\n");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> errors = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(errors, Locale.ROOT, null)) {
      JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + name + ".java"),
          JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return source;
        }
      };
      List<String> options = List.of("-proc:none", "-d", out.toString(), "-classpath",
          System.getProperty("java.class.path"));
      javac.getTask(null, files, errors, options, null, List.of(unit)).call();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return errors.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT)).toList();
  }
}
