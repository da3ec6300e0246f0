package io.meshupgrade.k8s;

import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.util.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The shipped permissions: the ClusterRole of {@code rbac/clusterrole.yaml} (every namespace and the cluster scope)
 * and the Role of {@code rbac/role.yaml} (its own namespace only), read with client-java's YAML support.
 */
final class RbacRole {
  static final Path CLUSTER_ROLE_FILE = Path.of("rbac", "clusterrole.yaml");
  static final Path ROLE_FILE = Path.of("rbac", "role.yaml");
  static final List<Path> FILES = List.of(CLUSTER_ROLE_FILE, ROLE_FILE);

  /**
   * One granted (verb, resource).
   *
   * @param namespace the Role's namespace, or null for a ClusterRole (every namespace and the cluster scope)
   */
  record Grant(String verb, String group, String resource, String namespace) {
    boolean covers(String verb, String group, String resource, String namespace) {
      return matches(this.verb, verb) && matches(this.group, group == null ? "" : group)
          && matches(this.resource, resource) && (this.namespace == null || this.namespace.equals(namespace));
    }

    private static boolean matches(String granted, String value) {
      return granted.equals("*") || granted.equals(value);
    }
  }

  private final List<Grant> grants;

  private RbacRole(List<Grant> grants) {
    this.grants = List.copyOf(grants);
  }

  static RbacRole shipped() {
    List<String> docs = new ArrayList<>();
    for (Path file : FILES) {
      try {
        docs.add(Files.readString(file));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
      }
    }
    return parse(docs.toArray(String[]::new));
  }

  /** Parses ClusterRole and Role documents. */
  static RbacRole parse(String... yamls) {
    List<Grant> grants = new ArrayList<>();
    for (String yaml : yamls) {
      Object o;
      try {
        o = Yaml.load(yaml);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (o instanceof V1ClusterRole cr) {
        add(grants, Objects.requireNonNull(cr.getRules(), "rules"), null);
      } else if (o instanceof V1Role r) {
        add(grants, Objects.requireNonNull(r.getRules(), "rules"),
            Objects.requireNonNull(r.getMetadata().getNamespace(), "metadata.namespace of a Role"));
      } else {
        throw new IllegalArgumentException("expected a ClusterRole or a Role, got " + o);
      }
    }
    return new RbacRole(grants);
  }

  private static void add(List<Grant> grants, List<V1PolicyRule> rules, String namespace) {
    for (V1PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            grants.add(new Grant(verb, group, resource, namespace));
          }
        }
      }
    }
  }

  /** Every single grant. */
  List<Grant> grants() {
    return grants;
  }

  /**
   * Whether {@code verb} on {@code group}/{@code resource} (resource may be "pods/status") is granted in
   * {@code namespace} (null: the cluster scope, or a list across all namespaces).
   */
  boolean grants(String verb, String group, String resource, String namespace) {
    return grants.stream().anyMatch(g -> g.covers(verb, group, resource, namespace));
  }
}
