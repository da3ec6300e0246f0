package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.R18;
import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradePreview;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Namespaces injected by the old revision directly and through revision tags, in the same cluster: switching
 * injection moves both, whichever mode the options choose, and rollback moves both back.
 */
class MixedInjectionTest {

  /** shop injected through tag prod-stable, web labelled asm-1-18 directly. */
  private static World mixed() {
    World w = new World();
    w.dp.tag("prod-stable", R18);
    w.dp.relabelNamespaces(List.of("shop"), "prod-stable");
    return w;
  }

  @Test
  void issue5TagModeAlsoRelabelsNamespacesLabelledWithTheOldRevisionDirectly() {
    World w = mixed();

    UpgradeReport report = w.upgrader().upgrade(R19, UpgradeOptions.builder().revisionTag("prod-stable").build());

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.dp.tags()).containsEntry("prod-stable", R19);
    assertThat(w.dp.namespaceLabels()).containsEntry("shop", "prod-stable").containsEntry("web", "asm-1-19");
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-19", 7, "", 1));
  }

  @Test
  void issue5RelabelModeAlsoMovesTagsPointingAtTheOldRevision() {
    World w = mixed();

    UpgradeReport report = w.upgrader().upgrade(R19);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(w.dp.tags()).containsEntry("prod-stable", R19);
    assertThat(w.dp.namespaceLabels()).containsEntry("shop", "prod-stable").containsEntry("web", "asm-1-19");
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-19", 7, "", 1));
  }

  @Test
  void issue5RollbackMovesBothBack() {
    World w = mixed();
    w.upgrader().upgrade(R19, UpgradeOptions.builder().revisionTag("prod-stable")
        .stopAfter(UpgradeStage.HEALTH_VERIFIED).build());

    UpgradeReport report = w.upgrader().rollback();

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.ROLLED_BACK);
    assertThat(w.dp.tags()).containsEntry("prod-stable", R18);
    assertThat(w.dp.namespaceLabels()).containsEntry("shop", "prod-stable").containsEntry("web", "asm-1-18");
    assertThat(w.dp.podsPerRevision()).isEqualTo(Map.of("asm-1-18", 7, "", 1));
  }

  @Test
  void issue5TheDryRunListsTheNamespacesToRelabelAndTheTagsToMoveInEitherMode() {
    World w = mixed();

    UpgradePreview byTag = w.upgrader().plan(R19, UpgradeOptions.builder().revisionTag("prod-stable").build());
    UpgradePreview byLabel = w.upgrader().plan(R19);

    assertThat(byTag.namespacesToRelabel()).containsExactly("web");
    assertThat(byLabel.namespacesToRelabel()).containsExactly("web");
    assertThat(byTag.message()).contains("relabel 1 namespaces [web]").contains("move tags [prod-stable]");
    assertThat(byLabel.message()).contains("relabel 1 namespaces [web]").contains("move tags [prod-stable]");
    assertThat(byTag.tagsToMove()).containsExactly("prod-stable");
    assertThat(byLabel.tagsToMove()).containsExactly("prod-stable");
  }
}
