package io.meshupgrade.plan;

import static io.meshupgrade.Fixtures.k8s;
import static io.meshupgrade.Fixtures.rev;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.Fixtures;
import io.meshupgrade.exception.UpgradeNotAllowedException;
import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.model.UpgradeRule;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpgradeRulesTest {

  private final RevisionCatalog catalog = Fixtures.catalog();

  private static List<Revision> revisions(String spaceSeparated) {
    return spaceSeparated == null || spaceSeparated.isBlank()
        ? List.of() : Arrays.stream(spaceSeparated.trim().split(" ")).map(Revision::parse).toList();
  }

  @ParameterizedTest(name = "[{0}] {1} -> {2} on Kubernetes {3}: {4}")
  @CsvSource(nullValues = "-", value = {
      // policy,           current,  target,   k8s,  outcome
      "ONE_MINOR_AT_A_TIME,  asm-1-18, asm-1-19, 1.26,   ALLOWED",
      "ONE_MINOR_AT_A_TIME,  asm-1-18, asm-1-19, 1.27.4, ALLOWED",
      "ONE_MINOR_AT_A_TIME,  asm-1-19, asm-1-20, 1.28,   ALLOWED",
      "ALLOW_SKIP_ONE_MINOR, asm-1-18, asm-1-20, 1.27,   ALLOWED",
      "ALLOW_SKIP_ONE_MINOR, asm-1-19, asm-1-21, 1.28,   ALLOWED",
      "ONE_MINOR_AT_A_TIME,  asm-1-17, asm-1-18, 1.26,   ALLOWED",
      "ONE_MINOR_AT_A_TIME,  asm-1-17, asm-1-19, 1.28,   ALLOWED",
      "ONE_MINOR_AT_A_TIME,  asm-1-9,  asm-1-18, 1.27,   ALLOWED",
      "ONE_MINOR_AT_A_TIME,  asm-1-18, asm-1-18, 1.26,   NOTHING_TO_DO",
      "ONE_MINOR_AT_A_TIME,  asm-1-17, asm-1-17, 1.31,   NOTHING_TO_DO",
  })
  void allowsOrFindsNothingToDo(UpgradePolicy policy, String current, String target, String k,
      UpgradeDecision.Outcome outcome) {
    UpgradeDecision d = UpgradeRules.of(catalog, policy).check(rev(current), rev(target), k8s(k));

    assertThat(d.outcome()).isEqualTo(outcome);
    assertThat(d.current()).isEqualTo(rev(current));
    assertThat(d.target()).isEqualTo(rev(target));
    assertThat(d.kubernetes()).isEqualTo(k8s(k));
    assertThat(d.refusal()).isEmpty();
    assertThat(d.isRefused()).isFalse();
    assertThat(d.orThrow()).isSameAs(d);
    assertThatCode(() -> UpgradeRules.of(catalog, policy).require(rev(current), rev(target), k8s(k)))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "[{0}] {1} -> {2} on Kubernetes {3}: {4}, allowed [{5}], Kubernetes {6}")
  @CsvSource(nullValues = "-", value = {
      // policy,           current,  target,   k8s,  rule,                                 allowed,           k8s needed, next step
      "ONE_MINOR_AT_A_TIME,  asm-1-19, asm-1-18, 1.27, NO_DOWNGRADE,                          asm-1-20,          -,    keep asm-1-19",
      "ONE_MINOR_AT_A_TIME,  asm-1-18, asm-1-20, 1.27, ONE_MINOR_AT_A_TIME,                   asm-1-19,          -,    the next allowed revision is asm-1-19: upgrade to it first, then continue toward asm-1-20",
      "ALLOW_SKIP_ONE_MINOR, asm-1-18, asm-1-21, 1.27, ONE_MINOR_AT_A_TIME,                   asm-1-19 asm-1-20, -,    choose one of asm-1-19, asm-1-20",
      "ALLOW_SKIP_ONE_MINOR, asm-1-18, asm-1-20, 1.26, KUBERNETES_INCOMPATIBLE,               asm-1-19,          1.27, upgrade the cluster to Kubernetes 1.27 first, or upgrade to asm-1-19 now",
      "ALLOW_SKIP_ONE_MINOR, asm-1-18, asm-1-19, 1.29, KUBERNETES_INCOMPATIBLE,               asm-1-20,          -,    the next allowed revision is asm-1-20",
      "ONE_MINOR_AT_A_TIME,  asm-1-19, asm-1-20, 1.26, NO_COMPATIBLE_REVISION,                -,                 1.27, upgrade the cluster to Kubernetes 1.27 first",
      "ONE_MINOR_AT_A_TIME,  asm-1-20, asm-1-21, 1.27, NO_COMPATIBLE_REVISION,                -,                 1.28, upgrade the cluster to Kubernetes 1.28 first",
      "ONE_MINOR_AT_A_TIME,  asm-1-18, asm-1-19, 1.29, NO_COMPATIBLE_REVISION,                -,                 -,    no upgrade of asm-1-18 is possible on Kubernetes 1.29",
      "ONE_MINOR_AT_A_TIME,  asm-1-18, asm-1-22, 1.27, TARGET_UNSUPPORTED,                    asm-1-19,          -,    the next allowed revision is asm-1-19",
      "ONE_MINOR_AT_A_TIME,  asm-1-21, asm-1-22, 1.30, TARGET_UNSUPPORTED,                    -,                 -,    no upgrade of asm-1-21 is possible",
      "ONE_MINOR_AT_A_TIME,  asm-1-17, asm-1-19, 1.26, UNSUPPORTED_MOVES_TO_LOWEST_SUPPORTED, asm-1-18,          1.28, upgrade the cluster to Kubernetes 1.28 first, or upgrade to asm-1-18 now",
      "ONE_MINOR_AT_A_TIME,  asm-1-17, asm-1-21, 1.28, UNSUPPORTED_MOVES_TO_LOWEST_SUPPORTED, asm-1-19,          1.30, upgrade the cluster to Kubernetes 1.30 first",
      "ONE_MINOR_AT_A_TIME,  asm-1-17, asm-1-22, 1.28, UNSUPPORTED_MOVES_TO_LOWEST_SUPPORTED, asm-1-19,          -,    the next allowed revision is asm-1-19",
      "ONE_MINOR_AT_A_TIME,  asm-1-15, asm-1-18, 1.31, NO_COMPATIBLE_REVISION,                -,                 -,    no upgrade of asm-1-15 is possible on Kubernetes 1.31",
      "ONE_MINOR_AT_A_TIME,  asm-1-15, asm-1-18, 1.25, NO_COMPATIBLE_REVISION,                -,                 1.26, upgrade the cluster to Kubernetes 1.26 first",
      "ONE_MINOR_AT_A_TIME,  asm-1-25, asm-1-26, 1.30, NO_COMPATIBLE_REVISION,                -,                 -,    no upgrade of asm-1-25 is possible",
      "ONE_MINOR_AT_A_TIME,  asm-1-17, asm-1-16, 1.26, NO_DOWNGRADE,                          asm-1-18,          -,    keep asm-1-17",
  })
  void refusesNamingTheRuleTheAlternativesAndWhatToDoNext(UpgradePolicy policy, String current, String target,
      String k, UpgradeRule rule, String allowed, String neededKubernetes, String next) {
    UpgradeRules rules = UpgradeRules.of(catalog, policy);

    UpgradeDecision d = rules.check(rev(current), rev(target), k8s(k));

    assertThat(d.outcome()).isEqualTo(UpgradeDecision.Outcome.REFUSED);
    assertThat(d.isRefused()).isTrue();
    UpgradeNotAllowedException e = d.refusal().orElseThrow();
    assertThat(e.rule()).isEqualTo(rule);
    assertThat(e.current()).isEqualTo(rev(current));
    assertThat(e.requested()).isEqualTo(rev(target));
    assertThat(e.allowed()).containsExactlyElementsOf(revisions(allowed));
    assertThat(e.requiredKubernetes())
        .isEqualTo(Optional.ofNullable(neededKubernetes).map(KubernetesVersion::parse));
    assertThat(e.getMessage())
        .contains("from " + current + " to " + target, "rule " + rule, "Allowed targets: ", "Next: " + next);
    assertThatThrownBy(() -> rules.require(rev(current), rev(target), k8s(k)))
        .isInstanceOf(UpgradeNotAllowedException.class).hasMessage(e.getMessage());
    assertThatThrownBy(d::orThrow).isSameAs(e);
  }

  @Test
  void refusesATargetTheCatalogDoesNotOffer() {
    RevisionCatalog gap = RevisionCatalog.builder()
        .revision("asm-1-19", List.of(), List.of("1.27"))
        .revision("asm-1-20", List.of(), List.of("1.27"))
        .build();

    UpgradeNotAllowedException e = UpgradeRules.of(gap).check(rev("asm-1-19"), rev("asm-1-20"), k8s("1.27"))
        .refusal().orElseThrow();

    assertThat(e.rule()).isEqualTo(UpgradeRule.TARGET_NOT_OFFERED);
    assertThat(e.allowed()).isEmpty();
    assertThat(e.getMessage()).contains("AKS does not offer asm-1-20 as an upgrade of asm-1-19 (offered: none)");
  }

  @ParameterizedTest(name = "[{0}] from {1} on Kubernetes {2}: [{3}]")
  @CsvSource({
      "ONE_MINOR_AT_A_TIME,  asm-1-18, 1.26, asm-1-19",
      "ALLOW_SKIP_ONE_MINOR, asm-1-18, 1.26, asm-1-19",
      "ALLOW_SKIP_ONE_MINOR, asm-1-18, 1.27, asm-1-19 asm-1-20",
      "ALLOW_SKIP_ONE_MINOR, asm-1-19, 1.28, asm-1-20 asm-1-21",
      "ONE_MINOR_AT_A_TIME,  asm-1-19, 1.28, asm-1-20",
      "ONE_MINOR_AT_A_TIME,  asm-1-21, 1.30, ''",
      "ONE_MINOR_AT_A_TIME,  asm-1-17, 1.26, asm-1-18",
      "ONE_MINOR_AT_A_TIME,  asm-1-17, 1.28, asm-1-19",
      "ONE_MINOR_AT_A_TIME,  asm-1-17, 1.31, ''",
      "ONE_MINOR_AT_A_TIME,  asm-1-25, 1.30, ''",
  })
  void listsTheTargetsAllowedInOneHop(UpgradePolicy policy, String current, String k, String allowed) {
    assertThat(UpgradeRules.of(catalog, policy).allowedTargets(rev(current), k8s(k)))
        .containsExactlyElementsOf(revisions(allowed));
  }

  @ParameterizedTest(name = "[{0}] {1} -> {2} within one hop: {3}")
  @CsvSource({
      "ONE_MINOR_AT_A_TIME,  asm-1-18, asm-1-19, true",
      "ONE_MINOR_AT_A_TIME,  asm-1-18, asm-1-20, false",
      "ALLOW_SKIP_ONE_MINOR, asm-1-18, asm-1-20, true",
      "ALLOW_SKIP_ONE_MINOR, asm-1-18, asm-1-21, false",
      "ONE_MINOR_AT_A_TIME,  asm-1-18, asm-1-18, false",
      "ONE_MINOR_AT_A_TIME,  asm-1-18, asm-1-17, false",
      "ONE_MINOR_AT_A_TIME,  asm-1-30, asm-2-0,  true",
      "ONE_MINOR_AT_A_TIME,  asm-1-30, asm-2-1,  false",
      "ALLOW_SKIP_ONE_MINOR, asm-1-30, asm-2-1,  true",
      "ALLOW_SKIP_ONE_MINOR, asm-1-30, asm-3-0,  false",
      "ONE_MINOR_AT_A_TIME,  asm-2-0,  asm-1-30, false",
  })
  void measuresTheStepNumericallyAcrossMajorsToo(UpgradePolicy policy, String current, String target,
      boolean within) {
    assertThat(UpgradeRules.of(catalog, policy).withinStep(rev(current), rev(target))).isEqualTo(within);
  }

  @Test
  void usesTheSeedsOneMinorPolicyByDefault() {
    UpgradeRules rules = UpgradeRules.of(catalog);

    assertThat(rules.policy()).isEqualTo(UpgradePolicy.ONE_MINOR_AT_A_TIME);
    assertThat(rules.catalog()).isSameAs(catalog);
    assertThat(rules.toString()).contains("ONE_MINOR_AT_A_TIME", "asm-1-18");
    assertThat(UpgradePolicy.ALLOW_SKIP_ONE_MINOR.maxMinorsPerHop()).isEqualTo(2);
  }

  @Test
  void explainsEachRefusalInWords() {
    UpgradeRules skip = UpgradeRules.of(catalog, UpgradePolicy.ALLOW_SKIP_ONE_MINOR);

    assertThat(skip.check(rev("asm-1-18"), rev("asm-1-21"), k8s("1.27")).toString())
        .startsWith("REFUSED asm-1-18 -> asm-1-21 on Kubernetes 1.27: ")
        .contains("moves at most 2 minors at a time (policy ALLOW_SKIP_ONE_MINOR)");
    assertThat(UpgradeRules.of(catalog).check(rev("asm-1-18"), rev("asm-1-20"), k8s("1.27")).toString())
        .contains("moves one minor at a time");
    assertThat(skip.check(rev("asm-1-18"), rev("asm-1-20"), k8s("1.26")).toString())
        .contains("asm-1-20 does not run on Kubernetes 1.26 (it runs on 1.27, 1.28, 1.29)");
    assertThat(skip.check(rev("asm-1-18"), rev("asm-1-22"), k8s("1.26")).toString())
        .contains("asm-1-22 is not a revision AKS supports in this region (supported: asm-1-18, asm-1-19");
    assertThat(skip.check(rev("asm-1-17"), rev("asm-1-19"), k8s("1.26")).toString())
        .contains("asm-1-17 is not supported any more; an unsupported revision must move to the lowest");
    assertThat(skip.check(rev("asm-1-17"), rev("asm-1-19"), k8s("1.31")).toString())
        .contains("asm-1-17 is not supported any more and no supported revision above it runs on Kubernetes 1.31");
    assertThat(UpgradeRules.of(catalog).check(rev("asm-1-20"), rev("asm-1-21"), k8s("1.27.3")).toString())
        .contains("no upgrade AKS offers for asm-1-20 runs on Kubernetes 1.27");
    assertThat(skip.check(rev("asm-1-18"), rev("asm-1-19"), k8s("1.27")).toString())
        .isEqualTo("ALLOWED asm-1-18 -> asm-1-19 on Kubernetes 1.27");
  }

  @Test
  void rejectsNullArgumentsNamingThem() {
    UpgradeRules rules = UpgradeRules.of(catalog);
    Revision r = rev("asm-1-18");
    KubernetesVersion k = k8s("1.27");

    assertThatThrownBy(() -> UpgradeRules.of(null)).hasMessage("catalog");
    assertThatThrownBy(() -> UpgradeRules.of(catalog, null)).hasMessage("policy");
    assertThatThrownBy(() -> rules.check(null, r, k)).isInstanceOf(NullPointerException.class).hasMessage("current");
    assertThatThrownBy(() -> rules.check(r, null, k)).hasMessage("target");
    assertThatThrownBy(() -> rules.check(r, r, null)).hasMessage("kubernetes");
    assertThatThrownBy(() -> rules.allowedTargets(null, k)).hasMessage("current");
    assertThatThrownBy(() -> rules.allowedTargets(r, null)).hasMessage("kubernetes");
    assertThatThrownBy(() -> rules.withinStep(null, r)).hasMessage("current");
    assertThatThrownBy(() -> rules.withinStep(r, null)).hasMessage("target");
  }

  @Test
  void decisionsAreValuesComparedByOutcomeRevisionsAndRule() {
    UpgradeRules rules = UpgradeRules.of(catalog);
    UpgradeDecision allowed = rules.check(rev("asm-1-18"), rev("asm-1-19"), k8s("1.27"));
    UpgradeDecision refused = rules.check(rev("asm-1-18"), rev("asm-1-20"), k8s("1.27"));

    assertThat(allowed).isEqualTo(UpgradeDecision.allowed(rev("asm-1-18"), rev("asm-1-19"), k8s("1.27")))
        .hasSameHashCodeAs(UpgradeDecision.allowed(rev("asm-1-18"), rev("asm-1-19"), k8s("1.27")))
        .isNotEqualTo(refused).isNotEqualTo("ALLOWED");
    assertThat(refused).isEqualTo(rules.check(rev("asm-1-18"), rev("asm-1-20"), k8s("1.27")))
        .hasSameHashCodeAs(rules.check(rev("asm-1-18"), rev("asm-1-20"), k8s("1.27")))
        .isNotEqualTo(rules.check(rev("asm-1-18"), rev("asm-1-22"), k8s("1.27")));
    assertThat(allowed.isAllowed()).isTrue();
    assertThat(allowed.isNothingToDo()).isFalse();
    assertThat(UpgradeDecision.nothingToDo(rev("asm-1-18"), k8s("1.27")).isNothingToDo()).isTrue();
    assertThat(UpgradeDecision.nothingToDo(rev("asm-1-18"), k8s("1.27")))
        .isNotEqualTo(UpgradeDecision.allowed(rev("asm-1-18"), rev("asm-1-18"), k8s("1.27")))
        .isNotEqualTo(UpgradeDecision.nothingToDo(rev("asm-1-18"), k8s("1.28")));
    assertThat(refused).isNotEqualTo(allowed);
    assertThatThrownBy(() -> UpgradeDecision.refused(null, k8s("1.27"))).hasMessage("refusal");
  }
}
