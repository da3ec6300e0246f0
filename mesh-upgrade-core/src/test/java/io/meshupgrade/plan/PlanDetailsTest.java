package io.meshupgrade.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.model.MeshConfigCopy;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.plan.TransitionTable.Route;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 9: plan details are typed, and checkpoints written by 0.1.0 read the same. */
class PlanDetailsTest {

  private static String resource(String name) throws IOException {
    try (InputStream in = PlanDetailsTest.class.getResourceAsStream("/checkpoints/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void issue9_readsACheckpointWrittenByTheOldFormatWithTypedDetails() throws IOException {
    String old = resource("v1-written-by-0.1.0.json");

    UpgradePlan plan = UpgradePlan.fromCheckpoint(old);

    assertThat(plan.stage()).isEqualTo(UpgradeStage.INJECTION_REVERTED);
    PlanDetails d = plan.details();
    assertThat(d.meshConfigCopy()).contains(MeshConfigCopy.COPIED);
    assertThat(d.revisionsAfter(UpgradeStage.CANARY_STARTED))
        .containsExactly(Revision.parse("asm-1-18"), Revision.parse("asm-1-19"));
    assertThat(d.relabelledNamespaces()).containsExactly("shop", "web");
    assertThat(d.movedTags()).containsExactly("prod-stable");
    assertThat(d.tagNamespaces()).containsExactly("batch");
    assertThat(d.istioInjectionNamespaces()).containsExactly("legacy");
    assertThat(d.repointedTags()).containsExactly("old-tag");
    assertThat(d.repointedNamespaces()).containsExactly("orphan-ns");
    assertThat(d.restartedCount()).isEqualTo(3);
    assertThat(d.restartedWorkloads()).as("0.1.0 recorded only the count").isEmpty();
    assertThat(d.failedRollouts()).containsExactly("Deployment shop/cart: TIMED_OUT (progress deadline exceeded)",
        "Deployment web/front: FAILED");
    assertThat(d.notRestartable()).containsExactly(new WorkloadRef(WorkloadKind.JOB, "shop", "nightly"),
        new WorkloadRef(WorkloadKind.BARE_POD, "web", "debug"));
    assertThat(d.rollbackReason()).contains("health gate failed: rollouts failed");
    assertThat(d.rollbackRoute()).contains(Route.ROLLBACK_FULLY);
    assertThat(d.revertedNamespaces()).containsExactly("shop", "web");
    assertThat(d.revertedTags()).containsExactly("prod-stable");
    assertThat(d.lockTakenOverFrom()).contains("alice@host/3f9a1c");
    assertThat(d.lockTakenOverBy()).contains("bob@host/77aa00");
    assertThat(d.soak()).isEmpty();
    assertThat(d.healthRounds()).isZero();
    assertThat(d.adoption()).isEmpty();
    assertThat(plan.progress()).containsEntry("restarting", "Deployment web/front");
    // and it is written back byte for byte: the format did not change
    assertThat(plan.toCheckpoint()).isEqualTo(old);
  }

  @Test
  void issue9_readsTheRecordedWorkloadsAndTheSoakOfANewPlan() {
    Instant t = Instant.parse("2026-11-26T08:00:00Z");
    UpgradePlan plan = UpgradePlan.builder("p", "rg/c", Revision.parse("asm-1-18"), Revision.parse("asm-1-19"), t)
        .transition(UpgradeStage.MESH_CONFIG_COPIED, t, Map.of("result", "NO_SOURCE"))
        .transition(UpgradeStage.CANARY_STARTED, t, Map.of())
        .transition(UpgradeStage.CONTROL_PLANES_VERIFIED, t, Map.of())
        .transition(UpgradeStage.INJECTION_SWITCHED, t, Map.of("tag", "prod-stable"))
        .transition(UpgradeStage.WORKLOADS_RESTARTED, t, Map.of("restarted", "2",
            "workloads", "DaemonSet kube/agent,StatefulSet shop/db"))
        .transition(UpgradeStage.HEALTH_VERIFIED, t, Map.of("soak", "PT10M", "rounds", "11"))
        .build();

    PlanDetails d = UpgradePlan.fromCheckpoint(plan.toCheckpoint()).details();

    assertThat(d.meshConfigCopy()).contains(MeshConfigCopy.valueOf("NO_SOURCE"));
    assertThat(d.revisionTag()).contains("prod-stable");
    assertThat(d.restartedWorkloads()).containsExactly(WorkloadRef.daemonSet("kube", "agent"),
        WorkloadRef.statefulSet("shop", "db"));
    assertThat(d.soak()).contains(Duration.ofMinutes(10));
    assertThat(d.healthRounds()).isEqualTo(11);
    assertThat(d.rollbackRoute()).isEmpty();
    assertThat(d.relabelledNamespaces()).isEmpty();
    assertThat(d.recorded(UpgradeStage.HEALTH_VERIFIED)).containsEntry("rounds", "11");
  }

  @Test
  void issue9_aWorkloadOfUnknownKindInTheDetailsIsAClearError() {
    assertThatThrownBy(() -> PlanDetails.workload("Rollout shop/cart"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown workload kind 'Rollout'");
    assertThatThrownBy(() -> PlanDetails.workload("cart"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 'Kind namespace/name'");
  }

  @Test
  void issue9_theBuilderChecksEveryTransitionAgainstTheTable() {
    Instant t = Instant.parse("2026-11-26T08:00:00Z");
    UpgradePlanBuilder b = UpgradePlan.builder("p", "rg/c", Revision.parse("asm-1-18"), Revision.parse("asm-1-19"), t)
        .transition(UpgradeStage.COMPLETED, t, Map.of());
    assertThatThrownBy(b::build).hasMessageContaining("legal next stages are");
  }
}
