package io.meshupgrade.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.util.Yaml;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The shipped ClusterRole grants exactly what the adapters use: every request of every contract test is checked
 * against it after the test (see {@link SimulatedClusterTest}); here, once all contract tests ran (this class is
 * ordered last), nothing granted is left unused.
 */
@Order(Integer.MAX_VALUE)
class RbacCoverageTest {
  private static final Set<String> CONTRACT_TESTS = Set.of("ControlPlaneContractTest", "MeshConfigContractTest",
      "NamespacesContractTest", "RevisionTagContractTest", "InventoryContractTest", "RestartContractTest",
      "ProxyImageContractTest", "ConfigMapPlanStoreContractTest", "LeaseUpgradeLockContractTest");

  @Test
  void grantsNothingTheAdaptersDoNotUse() throws Exception {
    assumeTrue(SimulatedClusterTest.RAN.containsAll(CONTRACT_TESTS),
        "runs after all contract tests in the same JVM (mvn verify); ran: " + SimulatedClusterTest.RAN);
    V1ClusterRole role = Yaml.loadAs(Files.readString(RbacRole.FILE), V1ClusterRole.class);
    Set<String> granted = new TreeSet<>();
    for (V1PolicyRule rule : role.getRules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(SimulatedClusterTest.key(verb, group, resource));
          }
        }
      }
    }

    assertThat(new TreeSet<>(SimulatedClusterTest.USED)).isEqualTo(granted);
  }

  @Test
  void refusesARequestTheRoleDoesNotGrant() {
    RbacRole role = RbacRole.parse("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
        + "metadata: {name: t}\nrules:\n- apiGroups: [\"\"]\n  resources: [namespaces]\n  verbs: [list]\n");

    assertThat(role.grants("list", "", "namespaces")).isTrue();
    assertThat(role.grants("patch", "", "namespaces")).isFalse();
    assertThat(role.grants("list", "apps", "namespaces")).isFalse();
    assertThat(role.grants("list", "", "namespaces/status")).isFalse();
  }

  @Test
  void shipsARoleThatGrantsNoWildcards() {
    RbacRole shipped = RbacRole.shipped();

    assertThat(shipped.grants("escalate", "rbac.authorization.k8s.io", "clusterroles")).isFalse();
    assertThat(shipped.grants("delete", "", "namespaces")).isFalse();
    assertThat(shipped.grants("get", "", "secrets")).isFalse();
  }
}
