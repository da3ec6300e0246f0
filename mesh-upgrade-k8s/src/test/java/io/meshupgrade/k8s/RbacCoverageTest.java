package io.meshupgrade.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The shipped ClusterRole and Role grant exactly what the adapters use: every request of every contract test is
 * checked against them after the test (see {@link SimulatedClusterTest}); here, once all contract tests ran (this
 * class is ordered last), nothing granted is left unused, and ConfigMaps and Leases were only touched in
 * aks-istio-system.
 */
@Order(Integer.MAX_VALUE)
class RbacCoverageTest {
  private static final Set<String> CONTRACT_TESTS = Set.of("ControlPlaneContractTest", "MeshConfigContractTest",
      "NamespacesContractTest", "RevisionTagContractTest", "InventoryContractTest", "RestartContractTest",
      "ProxyImageContractTest", "ConfigMapPlanStoreContractTest", "LeaseUpgradeLockContractTest");

  private static void assumeAllContractTestsRan() {
    assumeTrue(SimulatedClusterTest.RAN.containsAll(CONTRACT_TESTS),
        "runs after all contract tests in the same JVM (mvn verify); ran: " + SimulatedClusterTest.RAN);
  }

  @Test
  void grantsNothingTheAdaptersDoNotUse() {
    assumeAllContractTestsRan();
    List<RbacRole.Grant> unused = RbacRole.shipped().grants().stream()
        .filter(g -> SimulatedClusterTest.USED.stream()
            .noneMatch(u -> g.covers(u.verb(), u.group(), u.resource(), u.namespace())))
        .toList();

    assertThat(unused).isEmpty();
  }

  @Test
  void touchesConfigMapsAndLeasesOnlyInAksIstioSystem() {
    assumeAllContractTestsRan();

    assertThat(SimulatedClusterTest.USED).filteredOn(u -> u.resource().equals("configmaps")
            || u.resource().equals("leases"))
        .isNotEmpty()
        .allSatisfy(u -> assertThat(u.namespace()).as(u.toString()).isEqualTo("aks-istio-system"));
  }

  @Test
  void refusesARequestTheRolesDoNotGrant() {
    RbacRole role = RbacRole.parse("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
        + "metadata: {name: t}\nrules:\n- apiGroups: [\"\"]\n  resources: [namespaces]\n  verbs: [list]\n",
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n"
        + "metadata: {name: t, namespace: aks-istio-system}\nrules:\n- apiGroups: [\"\"]\n  resources: [configmaps]\n"
        + "  verbs: [get]\n");

    assertThat(role.grants("list", "", "namespaces", null)).isTrue();
    assertThat(role.grants("list", "", "namespaces", "shop")).isTrue();
    assertThat(role.grants("patch", "", "namespaces", null)).isFalse();
    assertThat(role.grants("list", "apps", "namespaces", null)).isFalse();
    assertThat(role.grants("list", "", "namespaces/status", null)).isFalse();
    assertThat(role.grants("get", "", "configmaps", "aks-istio-system")).isTrue();
    assertThat(role.grants("get", "", "configmaps", "shop")).isFalse();
    assertThat(role.grants("get", "", "configmaps", null)).isFalse();
  }

  @Test
  void shipsRolesThatGrantNoWildcardsAndNoConfigMapsOrLeasesOutsideAksIstioSystem() {
    RbacRole shipped = RbacRole.shipped();

    assertThat(shipped.grants()).noneMatch(g -> g.verb().equals("*") || g.resource().equals("*")
        || g.group().equals("*"));
    assertThat(shipped.grants("escalate", "rbac.authorization.k8s.io", "clusterroles", null)).isFalse();
    assertThat(shipped.grants("delete", "", "namespaces", null)).isFalse();
    assertThat(shipped.grants("get", "", "secrets", "aks-istio-system")).isFalse();
    for (String verb : List.of("get", "create", "update", "delete")) {
      assertThat(shipped.grants(verb, "", "configmaps", "aks-istio-system")).isTrue();
      assertThat(shipped.grants(verb, "", "configmaps", "shop")).isFalse();
      assertThat(shipped.grants(verb, "", "configmaps", null)).isFalse();
    }
    assertThat(shipped.grants("update", "coordination.k8s.io", "leases", "aks-istio-system")).isTrue();
    assertThat(shipped.grants("update", "coordination.k8s.io", "leases", "default")).isFalse();
  }
}
