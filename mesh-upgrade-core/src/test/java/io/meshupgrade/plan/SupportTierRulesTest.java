package io.meshupgrade.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.model.SupportPlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 10 §1: the cluster's support plan picks the Kubernetes compatibility list of each revision. */
class SupportTierRulesTest {

  private static final Revision ASM_1_25 = Revision.parse("asm-1-25");
  private static final Revision ASM_1_26 = Revision.parse("asm-1-26");

  /** The values of MeshRevisionProfile.2026-tiers.json (asm-1-25 and asm-1-26). */
  private static RevisionCatalog catalog2026() {
    return RevisionCatalog.builder()
        .revision("asm-1-25", List.of("asm-1-26", "asm-1-27"), Map.of(
            "KubernetesOfficial", List.of("1.29", "1.30", "1.31", "1.32", "1.33"),
            "AKSLongTermSupport", List.of("1.28", "1.29", "1.30", "1.31", "1.32", "1.33")))
        .revision("asm-1-26", List.of("asm-1-27"), Map.of(
            "KubernetesOfficial", List.of("1.29", "1.30", "1.31", "1.32", "1.33", "1.34"),
            "AKSLongTermSupport", List.of("1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34")))
        .revision("asm-1-27", List.of(), Map.of(
            "KubernetesOfficial", List.of("1.29", "1.30", "1.31", "1.32", "1.33", "1.34"),
            "AKSLongTermSupport", List.of("1.29", "1.30", "1.31", "1.32", "1.33", "1.34")))
        .build();
  }

  @Test
  void issue10_standardTierClusterOn130IsOfferedAsm126() {
    UpgradeRules rules = UpgradeRules.of(catalog2026(), UpgradePolicy.ONE_MINOR_AT_A_TIME,
        SupportPlan.KUBERNETES_OFFICIAL);
    assertThat(rules.allowedTargets(ASM_1_25, KubernetesVersion.parse("1.30.4"))).containsExactly(ASM_1_26);
    assertThat(rules.check(ASM_1_25, ASM_1_26, KubernetesVersion.parse("1.30")).outcome())
        .isEqualTo(UpgradeDecision.Outcome.ALLOWED);
  }

  @Test
  void issue10_ltsClusterOn128IsOfferedAsm126OnlyViaItsLtsList() {
    KubernetesVersion k128 = KubernetesVersion.parse("1.28.9");
    UpgradeRules lts = UpgradeRules.of(catalog2026(), UpgradePolicy.ONE_MINOR_AT_A_TIME,
        SupportPlan.AKS_LONG_TERM_SUPPORT);
    assertThat(lts.allowedTargets(ASM_1_25, k128)).containsExactly(ASM_1_26);

    UpgradeRules standard = UpgradeRules.of(catalog2026(), UpgradePolicy.ONE_MINOR_AT_A_TIME,
        SupportPlan.KUBERNETES_OFFICIAL);
    UpgradeDecision refused = standard.check(ASM_1_25, ASM_1_26, k128);
    assertThat(refused.outcome()).isEqualTo(UpgradeDecision.Outcome.REFUSED);
    assertThat(refused.refusal().orElseThrow().getMessage()).contains("support plan KubernetesOfficial");
  }
}
