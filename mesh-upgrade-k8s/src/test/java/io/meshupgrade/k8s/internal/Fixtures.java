package io.meshupgrade.k8s.internal;

import io.kubernetes.client.util.Yaml;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the real objects copied from shared/reference/k8s-objects into src/test/resources/k8s-objects. */
public final class Fixtures {
  private Fixtures() {}

  public static String text(String file) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/k8s-objects/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first document of a fixture as {@code type}. */
  public static <T> T load(String file, Class<T> type) {
    String text = text(file);
    String first = null;
    for (String doc : text.split("(?m)^---\\s*$")) {
      if (doc.contains("kind:")) {
        first = doc;
        break;
      }
    }
    if (first == null) {
      throw new IllegalArgumentException("fixture " + file + " has no object");
    }
    return Yaml.loadAs(first, type);
  }
}
