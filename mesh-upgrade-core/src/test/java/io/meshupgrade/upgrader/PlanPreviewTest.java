package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.CART;
import static io.meshupgrade.upgrader.World.R18;
import static io.meshupgrade.upgrader.World.R19;
import static io.meshupgrade.upgrader.World.R20;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.plan.Situation;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradePreview;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanPreviewTest {

  @Test
  void theDryRunDescribesTheUpgradeAndChangesNothing() {
    World w = new World();
    w.dp.workload(WorkloadKind.JOB, "shop", "nightly", 1);
    List<String> before = w.dp.snapshot();

    UpgradePreview preview = w.upgrader().plan(R19);

    assertThat(w.log.mutations()).as("no port mutation, no checkpoint").isZero();
    assertThat(w.lock.acquisitions()).as("not even the lock").isZero();
    assertThat(w.dp.snapshot()).isEqualTo(before);
    assertThat(w.cp.writes()).isZero();
    assertThat(w.upgrader().currentPlan()).isEmpty();
    assertThat(w.events).isEmpty();

    assertThat(preview.situation()).isInstanceOf(Situation.StartCanary.class);
    assertThat(preview.ruleCheck().orElseThrow().isAllowed()).isTrue();
    assertThat(preview.hops()).containsExactly(R19);
    assertThat(preview.installed()).containsExactly(R18);
    assertThat(preview.steps()).containsExactly(UpgradeStage.MESH_CONFIG_COPIED, UpgradeStage.CANARY_STARTED,
        UpgradeStage.CONTROL_PLANES_VERIFIED, UpgradeStage.INJECTION_SWITCHED, UpgradeStage.WORKLOADS_RESTARTED,
        UpgradeStage.HEALTH_VERIFIED, UpgradeStage.COMPLETED);
    assertThat(preview.switchBy()).isEqualTo("relabel");
    assertThat(preview.namespacesToRelabel()).containsExactly("shop", "web");
    assertThat(preview.workloadsToRestart()).containsExactlyElementsOf(World.MESHED);
    assertThat(preview.notRestartable()).containsExactly(new WorkloadRef(WorkloadKind.JOB, "shop", "nightly"));
    assertThat(preview.podsOnOldByNamespace()).isEqualTo(Map.of("shop", 4, "web", 4));
    assertThat(preview.namespacesWithIstioInjection()).containsExactly("legacy");
    assertThat(preview.podsPerRevision()).isEqualTo(Map.of("asm-1-18", 8, "", 1));
    assertThat(preview.wouldChangeCluster()).isTrue();
    assertThat(preview.message()).contains("would upgrade asm-1-18 -> asm-1-19").contains("relabel 2 namespaces")
        .contains("restart 4 workloads").contains("cannot be restarted").contains("legacy")
        .contains("Job shop/nightly").contains("delete their pods").contains("forceComplete");
  }

  @Test
  void theDryRunListsEveryHopOfAMultiHopUpgrade() {
    World w = new World();

    UpgradePreview preview = w.upgrader().plan(R20, UpgradeOptions.builder().revisionTag("prod-stable").build());

    assertThat(preview.hops()).containsExactly(R19, R20);
    assertThat(preview.switchBy()).isEqualTo("tag:prod-stable");
    assertThat(preview.namespacesToRelabel()).as("labelled asm-1-18 directly: relabelled in tag mode too")
        .containsExactly("shop", "web");
    assertThat(preview.message()).contains("move tags [prod-stable]");
    assertThat(preview.tagsToMove()).containsExactly("prod-stable");
    assertThat(w.log.mutations()).isZero();
  }

  @Test
  void theDryRunOfAPlanInProgressListsOnlyTheStepsLeft() {
    World w = new World();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.INJECTION_SWITCHED).build());
    int mutations = w.log.mutations();

    UpgradePreview preview = w.upgrader().plan(R19,
        UpgradeOptions.builder().stopAfter(UpgradeStage.HEALTH_VERIFIED).build());

    assertThat(preview.planInProgress()).isPresent();
    assertThat(preview.situation()).isInstanceOf(Situation.ResumeCanary.class);
    assertThat(preview.ruleCheck()).isEmpty();
    assertThat(preview.steps()).containsExactly(UpgradeStage.WORKLOADS_RESTARTED, UpgradeStage.HEALTH_VERIFIED);
    assertThat(preview.workloadsToRestart()).contains(CART);
    assertThat(w.log.mutations()).isEqualTo(mutations);
  }

  @Test
  void theDryRunSaysWhenThereIsNothingToDo() {
    World w = new World(R19);

    UpgradePreview preview = w.upgrader().plan(R19);

    assertThat(preview.situation()).isInstanceOf(Situation.NothingToDo.class);
    assertThat(preview.steps()).isEmpty();
    assertThat(preview.hops()).isEmpty();
    assertThat(preview.wouldChangeCluster()).isFalse();
  }

  @Test
  void theDryRunReportsARefusalAndItsRule() {
    World w = new World();

    UpgradePreview preview = w.upgrader().plan(io.meshupgrade.model.Revision.parse("asm-1-25"));

    assertThat(preview.pathRefusal()).isPresent();
    assertThat(preview.steps()).isEmpty();
    assertThat(preview.message()).isEqualTo(preview.pathRefusal().orElseThrow().getMessage());
  }

  @Test
  void theDryRunOfAStaleCanaryExplainsIt() {
    World w = new World();
    w.cp.setRevisions(List.of(World.R17, R19)); // asm-1-17 goes to asm-1-20 through asm-1-18, not asm-1-19

    UpgradePreview preview = w.upgrader().plan(R20);

    assertThat(preview.situation()).isInstanceOf(Situation.StaleCanary.class);
    assertThat(preview.steps()).isEmpty();
    assertThat(preview.message()).isEqualTo(preview.situation().message());
  }
}
