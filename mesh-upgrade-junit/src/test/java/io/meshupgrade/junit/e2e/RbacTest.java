package io.meshupgrade.junit.e2e;

import static io.meshupgrade.junit.e2e.E2e.ASM_1_19;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.util.Yaml;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.testkit.SimulatedAksCluster;
import io.meshupgrade.testkit.k8s.RequestLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Whole flows over HTTP use only what the shipped ClusterRole (mesh-upgrade-k8s/rbac/clusterrole.yaml) grants, plus
 * what the shipped Role (mesh-upgrade-k8s/rbac/role.yaml: ConfigMaps and Leases) grants in its namespace.
 */
@SimulatedAks(sharedMeshConfig = "accessLogFile: /dev/stdout\n")
class RbacTest {
  private static final Path CLUSTER_ROLE = Path.of("..", "mesh-upgrade-k8s", "rbac", "clusterrole.yaml");
  private static final Path ROLE = Path.of("..", "mesh-upgrade-k8s", "rbac", "role.yaml");

  @Test
  void upgradeRollbackAndPatchRollOverNeedNoMoreThanTheShippedClusterRole(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options, RequestLog requests)
      throws IOException {
    upgrader.plan(ASM_1_19, options);
    upgrader.upgrade(ASM_1_19, options.toBuilder().stopAfter(UpgradeStage.HEALTH_VERIFIED).build());
    assertThat(upgrader.rollback().outcome()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThat(upgrader.upgrade(ASM_1_19, options).outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    cluster.patchRelease("asm-1-19");
    assertThat(upgrader.rollOverPatch(options).restarted()).hasSize(5);

    List<V1PolicyRule> clusterRules = Yaml.loadAs(Files.readString(CLUSTER_ROLE), V1ClusterRole.class).getRules();
    V1Role role = Yaml.loadAs(Files.readString(ROLE), V1Role.class);
    assertThat(clusterRules).isNotEmpty();
    assertThat(role.getRules()).isNotEmpty();
    Set<String> missing = new TreeSet<>();
    for (RequestLog.Entry e : requests.entries()) {
      boolean granted = grants(clusterRules, e)
          || (role.getMetadata().getNamespace().equals(e.namespace()) && grants(role.getRules(), e));
      if (!granted) {
        missing.add(e.verb() + " " + (e.group().isEmpty() ? "" : e.group() + "/") + e.rbacResource()
            + (e.namespace() == null ? "" : " in " + e.namespace()));
      }
    }
    assertThat(requests.size()).isPositive();
    assertThat(missing).as("requests the ClusterRole %s and the Role %s do not grant", CLUSTER_ROLE, ROLE).isEmpty();
  }

  private static boolean grants(List<V1PolicyRule> rules, RequestLog.Entry e) {
    return rules.stream().anyMatch(r -> r.getApiGroups().contains(e.group())
        && r.getResources().contains(e.rbacResource()) && r.getVerbs().contains(e.verb()));
  }
}
