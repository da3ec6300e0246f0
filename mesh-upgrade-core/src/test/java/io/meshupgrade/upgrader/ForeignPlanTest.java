package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.R18;
import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A saved plan is only ever applied to the cluster it was made for. */
class ForeignPlanTest {

  private static void saveForeignPlan(World w, UpgradeStage stage) {
    UpgradePlan other = UpgradePlan.create("other-plan", "rg2/cluster2", R18, R19, w.clock).toBuilder()
        .transition(UpgradeStage.MESH_CONFIG_COPIED, w.clock.instant(), Map.of("result", "COPIED")).build();
    if (stage != UpgradeStage.MESH_CONFIG_COPIED) {
      other = other.toBuilder().transition(UpgradeStage.CANARY_STARTED, w.clock.instant(), Map.of()).build();
    }
    w.store.save(MeshUpgrader.DEFAULT_PLAN_KEY, other.toCheckpoint(), Optional.empty());
  }

  @Test
  void issue5AnUpgradeRefusesAPlanSavedForAnotherClusterAndChangesNothing() {
    World w = new World();
    saveForeignPlan(w, UpgradeStage.MESH_CONFIG_COPIED);
    int mutations = w.log.mutations();

    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> w.upgrader().upgrade(R19));

    assertThat(report).as("refused: thrown, nothing changed").isNotNull();
    assertThat(report).isInstanceOf(io.meshupgrade.exception.ForeignPlanException.class);
    assertThat(report.getMessage()).contains("rg2/cluster2").contains("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/cluster1").contains("plan key")
        .contains("delete");
    assertThat(w.log.mutations()).as("no port mutation, no checkpoint").isEqualTo(mutations);
    assertThat(w.cp.installed()).containsExactly(R18);
  }

  @Test
  void issue5CompleteAndRollbackRefuseAPlanSavedForAnotherCluster() {
    World w = new World();
    w.cp.setRevisions(List.of(R18, R19));
    saveForeignPlan(w, UpgradeStage.CANARY_STARTED);
    int mutations = w.log.mutations();

    assertThatThrownBy(() -> w.upgrader().complete()).isInstanceOf(io.meshupgrade.exception.ForeignPlanException.class)
        .hasMessageContaining("rg2/cluster2");
    assertThatThrownBy(() -> w.upgrader().rollback()).isInstanceOf(io.meshupgrade.exception.ForeignPlanException.class)
        .hasMessageContaining("rg2/cluster2");
    assertThat(w.log.mutations()).isEqualTo(mutations);
    assertThat(w.cp.installed()).containsExactly(R18, R19);
  }
}
