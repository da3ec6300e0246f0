package io.meshupgrade.k8s;

import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.util.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The shipped ClusterRole ({@code rbac/clusterrole.yaml}), read with client-java's YAML support. */
final class RbacRole {
  static final Path FILE = Path.of("rbac", "clusterrole.yaml");

  private final List<V1PolicyRule> rules;

  private RbacRole(List<V1PolicyRule> rules) {
    this.rules = List.copyOf(rules);
  }

  static RbacRole shipped() {
    try {
      return parse(Files.readString(FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath(), e);
    }
  }

  static RbacRole parse(String yaml) {
    V1ClusterRole role = Yaml.loadAs(yaml, V1ClusterRole.class);
    Objects.requireNonNull(role.getRules(), "rules");
    return new RbacRole(role.getRules());
  }

  /** Whether the role grants {@code verb} on {@code group}/{@code resource} (resource may be "pods/status"). */
  boolean grants(String verb, String group, String resource) {
    for (V1PolicyRule r : rules) {
      if (matches(r.getApiGroups(), group == null ? "" : group) && matches(r.getResources(), resource)
          && matches(r.getVerbs(), verb)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(List<String> allowed, String value) {
    return allowed != null && (allowed.contains(value) || allowed.contains("*"));
  }
}
