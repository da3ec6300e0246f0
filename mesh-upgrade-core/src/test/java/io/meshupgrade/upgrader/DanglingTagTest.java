package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.R17;
import static io.meshupgrade.upgrader.World.R18;
import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.model.DanglingInjection;
import io.meshupgrade.exception.DanglingInjectionException;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradePreview;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.event.UpgradeEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, item 2: a revision tag pointing at a revision that is no longer installed (its webhook calls a removed
 * istiod with failurePolicy Fail, so every pod creation in its namespaces fails), and namespaces labelled with such a
 * revision. They are reported by plan and status, an upgrade refuses to start while they exist unless asked to
 * repoint them, and no complete leaves anything pointing at a removed revision.
 */
class DanglingTagTest {

  private static final UpgradeOptions REPOINT = UpgradeOptions.builder().repointDanglingTags(true).build();

  /** The world on asm-1-18, with tag prod-stable left at asm-1-17 (gone) and namespace pay using it. */
  private static World withDanglingTag() {
    World w = new World();
    w.dp.tag("prod-stable", R17).namespace("pay", "prod-stable")
        .workload(WorkloadKind.DEPLOYMENT, "pay", "api", 2);
    return w;
  }

  @Test
  void issue8_theFakeRejectsPodCreationInTheNamespacesOfADanglingTag() {
    World w = withDanglingTag();

    assertThat(w.dp.rejectedPodCreations()).containsExactly(Map.entry("pay", 2));
    assertThat(w.dp.snapshot()).noneMatch(p -> p.startsWith("Deployment pay/api"));
  }

  @Test
  void issue8_planReportsTheDanglingTagAndItsNamespacesAndWouldNotChangeTheCluster() {
    World w = withDanglingTag();
    w.dp.namespace("batch", R17.toString());

    UpgradePreview preview = w.upgrader().plan(R19);

    assertThat(preview.dangling().tagNames()).containsExactly("prod-stable");
    assertThat(preview.dangling().namespaces()).containsExactly(Map.entry("batch", "asm-1-17"),
        Map.entry("pay", "prod-stable"));
    assertThat(preview.wouldChangeCluster()).isFalse();
    assertThat(preview.message()).contains("revision tag prod-stable points at asm-1-17, which is not installed")
        .contains("namespace batch is labelled istio.io/rev=asm-1-17").contains("repointDanglingTags");
  }

  @Test
  void issue8_planWithRepointListsTheDanglingTagAmongTheTagsToMove() {
    World w = withDanglingTag();

    UpgradePreview preview = w.upgrader().plan(R19, REPOINT);

    assertThat(preview.wouldChangeCluster()).isTrue();
    assertThat(preview.tagsToMove()).containsExactly("prod-stable");
    assertThat(preview.message()).contains("repoints to asm-1-19");
  }

  @Test
  void issue8_statusReportsWhatDangles() {
    World w = withDanglingTag();

    DanglingInjection d = w.upgrader().danglingInjection();

    assertThat(d.installed()).containsExactly(R18);
    assertThat(d.tags()).extracting(RevisionTag::tag, RevisionTag::revision)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("prod-stable", R17));
    assertThat(d.namespaces()).containsExactly(Map.entry("pay", "prod-stable"));
    assertThat(new World().upgrader().danglingInjection().isEmpty()).isTrue();
  }

  @Test
  void issue8_upgradeRefusesWhileATagPointsAtAMissingRevisionAndChangesNothing() {
    World w = withDanglingTag();
    int mutations = w.log.mutations();

    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> w.upgrader().upgrade(R19));

    assertThat(report).as("refused: thrown, nothing changed").isNotNull();
    assertThat(report).isInstanceOfSatisfying(DanglingInjectionException.class,
        e -> assertThat(e.dangling().tagNames()).containsExactly("prod-stable"));
    assertThat(report.getMessage()).contains("nothing was changed").contains("repointDanglingTags");
    assertThat(w.log.mutations()).as("no port mutation").isEqualTo(mutations);
    assertThat(w.cp.installed()).containsExactly(R18);
    assertThat(w.dp.tags()).containsEntry("prod-stable", R17);
    assertThat(w.upgrader().currentPlan()).isEmpty();
  }

  @Test
  void issue8_upgradeRefusesWhileANamespaceIsLabelledWithAMissingRevision() {
    World w = new World();
    w.dp.namespace("batch", R17.toString());

    UpgradeRefusedException report = catchThrowableOfType(UpgradeRefusedException.class, () -> w.upgrader().upgrade(R19));

    assertThat(report).as("refused: thrown, nothing changed").isNotNull();
    assertThat(report).isInstanceOf(DanglingInjectionException.class);
    assertThat(report.getMessage()).contains("namespace batch is labelled istio.io/rev=asm-1-17");
    assertThat(w.cp.installed()).containsExactly(R18);
  }

  @Test
  void issue8_repointDanglingTagsPointsThemAtTheTargetAndTheirWorkloadsComeBack() {
    World w = withDanglingTag();
    w.dp.namespace("batch", R17.toString());

    UpgradeReport report = w.upgrader().upgrade(R19, REPOINT);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R19);
    assertThat(w.dp.tags()).containsExactly(Map.entry("prod-stable", R19));
    assertThat(w.dp.namespaceLabels()).containsEntry("batch", "asm-1-19").containsEntry("pay", "prod-stable");
    assertThat(w.events(UpgradeEvent.TagMoved.class)).extracting(UpgradeEvent.TagMoved::tag)
        .containsExactly("prod-stable");
    assertThat(w.upgrader().currentPlan().orElseThrow().details().repointedTags()).containsExactly("prod-stable");
    assertThat(w.upgrader().currentPlan().orElseThrow().details().repointedNamespaces()).containsExactly("batch");
    assertThat(w.upgrader().danglingInjection().isEmpty()).isTrue();
    // the tag works again: a restart creates the workload's pods on the new revision
    w.dp.restartWorkloads(java.util.List.of(WorkloadRef.deployment("pay", "api")),
        io.meshupgrade.options.RestartOptions.defaults(), io.meshupgrade.spi.MeshDataPlane.RestartListener.NONE);
    assertThat(w.dp.snapshot()).filteredOn(p -> p.startsWith("Deployment pay/api")).hasSize(2)
        .allMatch(p -> p.contains("=asm-1-19@"));
  }

  @Test
  void issue8_aTagLeftAtAMissingRevisionDuringTheRunHaltsBeforeComplete() {
    World w = new World();
    // after the health gate passed, someone points a tag at the long-gone asm-1-17
    UpgradeReport report = w.builder().listener(e -> {
      if (e instanceof UpgradeEvent.StageCompleted c && c.stage() == UpgradeStage.HEALTH_VERIFIED) {
        w.dp.tag("prod-stable", R17).namespace("pay", "prod-stable");
      }
    }).build().upgrade(R19);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.HALTED);
    assertThat(report.message()).contains("cannot complete asm-1-18 -> asm-1-19")
        .contains("revision tag prod-stable points at asm-1-17");
    assertThat(w.cp.installed()).as("nothing was removed").containsExactly(R18, R19);
    assertThat(w.dp.tags()).containsEntry("prod-stable", R17);
  }

  @Test
  void issue8_completeRefusesATagThatWouldDangleAndChangesNothing() {
    World w = new World();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.HEALTH_VERIFIED).build());
    w.dp.tag("prod-stable", R17).namespace("pay", "prod-stable");
    int mutations = w.log.mutations();

    assertThatThrownBy(() -> w.upgrader().complete()).isInstanceOfSatisfying(DanglingInjectionException.class,
        e -> assertThat(e.dangling().tagNames()).containsExactly("prod-stable"))
        .hasMessageContaining("cannot complete asm-1-18 -> asm-1-19 (nothing was changed)");
    assertThat(w.log.mutations()).isEqualTo(mutations);
    assertThat(w.cp.installed()).containsExactly(R18, R19);
  }

  @Test
  void issue8_completeWithRepointMovesTheTagBeforeRemovingTheOldRevision() {
    World w = new World();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.HEALTH_VERIFIED).build());
    w.dp.tag("prod-stable", R17).namespace("pay", "prod-stable");

    UpgradeReport report = w.upgrader().complete(REPOINT);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R19);
    assertThat(w.dp.tags()).containsExactly(Map.entry("prod-stable", R19));
    assertThat(report.warnings()).isEmpty();
    assertThat(w.upgrader().currentPlan().orElseThrow().details().recorded(UpgradeStage.COMPLETED))
        .containsEntry("repointed", "prod-stable;");
    assertThat(w.upgrader().currentPlan().orElseThrow().details().repointedTags()).containsExactly("prod-stable");
    assertThat(w.upgrader().currentPlan().orElseThrow().details().repointedNamespaces()).isEmpty();
  }

  @Test
  void issue8_aForcedCompleteDoesNotLeaveATagAtTheRevisionItRemoves() {
    World w = new World();
    w.dp.tag("prod-stable", R18).namespace("pay", "prod-stable");
    w.upgrader().upgrade(R19, UpgradeOptions.builder().stopAfter(UpgradeStage.CONTROL_PLANES_VERIFIED).build());

    // force skips the injection switch: before the fix the tag stayed at asm-1-18, removed by complete
    assertThatThrownBy(() -> w.upgrader().forceComplete("jobs run tonight"))
        .isInstanceOf(DanglingInjectionException.class)
        .hasMessageContaining("revision tag prod-stable points at asm-1-18")
        .hasMessageContaining("namespace shop is labelled istio.io/rev=asm-1-18");
    assertThat(w.cp.installed()).containsExactly(R18, R19);

    UpgradeReport forced = w.upgrader().forceComplete("jobs run tonight", REPOINT);

    assertThat(forced.outcome()).as(forced.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.cp.installed()).containsExactly(R19);
    assertThat(w.dp.tags()).containsExactly(Map.entry("prod-stable", R19));
    assertThat(w.dp.namespaceLabels()).containsEntry("shop", "asm-1-19").containsEntry("web", "asm-1-19");
    assertThat(w.upgrader().danglingInjection().isEmpty()).isTrue();
  }
}
