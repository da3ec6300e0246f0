package io.meshupgrade.junit.e2e;

import static io.meshupgrade.junit.e2e.E2e.ASM_1_19;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.util.Yaml;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.UpgradeOptions;
import io.meshupgrade.UpgradeReport;
import io.meshupgrade.UpgradeStage;
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

/** Whole flows over HTTP use only what the shipped ClusterRole (mesh-upgrade-k8s/rbac/clusterrole.yaml) grants. */
@SimulatedAks(sharedMeshConfig = "accessLogFile: /dev/stdout\n")
class RbacTest {
  private static final Path ROLE = Path.of("..", "mesh-upgrade-k8s", "rbac", "clusterrole.yaml");

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

    List<V1PolicyRule> rules = Yaml.loadAs(Files.readString(ROLE), V1ClusterRole.class).getRules();
    assertThat(rules).isNotEmpty();
    Set<String> missing = new TreeSet<>();
    for (RequestLog.Entry e : requests.entries()) {
      boolean granted = rules.stream().anyMatch(r -> r.getApiGroups().contains(e.group())
          && r.getResources().contains(e.rbacResource()) && r.getVerbs().contains(e.verb()));
      if (!granted) {
        missing.add(e.verb() + " " + (e.group().isEmpty() ? "" : e.group() + "/") + e.rbacResource());
      }
    }
    assertThat(requests.size()).isPositive();
    assertThat(missing).as("requests the ClusterRole %s does not grant", ROLE).isEmpty();
  }
}
