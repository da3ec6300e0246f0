package io.meshupgrade.plan;

import static io.meshupgrade.Fixtures.k8s;
import static io.meshupgrade.Fixtures.rev;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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

class UpgradePathTest {

  private final RevisionCatalog catalog = Fixtures.catalog();

  @Test
  void goesOneMinorAtATimeFromSeventeenToTwenty() {
    RevisionCatalog chain = RevisionCatalog.builder()
        .revision("asm-1-17", List.of("asm-1-18"), List.of("1.27"))
        .revision("asm-1-18", List.of("asm-1-19"), List.of("1.27"))
        .revision("asm-1-19", List.of("asm-1-20"), List.of("1.27"))
        .revision("asm-1-20", List.of(), List.of("1.27"))
        .build();

    UpgradePath path = UpgradePath.find(UpgradeRules.of(chain), rev("asm-1-17"), rev("asm-1-20"), k8s("1.27.3"));

    assertThat(path.hops()).containsExactly(rev("asm-1-18"), rev("asm-1-19"), rev("asm-1-20"));
    assertThat(path.from()).isEqualTo(rev("asm-1-17"));
    assertThat(path.to()).isEqualTo(rev("asm-1-20"));
    assertThat(path.kubernetes()).isEqualTo(k8s("1.27.3"));
    assertThat(path.firstHop()).contains(rev("asm-1-18"));
    assertThat(path.isEmpty()).isFalse();
    assertThat(path).hasToString("asm-1-17 -> asm-1-18 -> asm-1-19 -> asm-1-20 on Kubernetes 1.27.3");
  }

  @ParameterizedTest(name = "[{0}] {1} -> {2} on Kubernetes {3}: [{4}]")
  @CsvSource({
      "ONE_MINOR_AT_A_TIME,  asm-1-18, asm-1-21, 1.28, asm-1-19 asm-1-20 asm-1-21",
      "ALLOW_SKIP_ONE_MINOR, asm-1-18, asm-1-21, 1.28, asm-1-19 asm-1-21",
      "ALLOW_SKIP_ONE_MINOR, asm-1-18, asm-1-20, 1.27, asm-1-20",
      "ONE_MINOR_AT_A_TIME,  asm-1-18, asm-1-19, 1.26, asm-1-19",
      "ONE_MINOR_AT_A_TIME,  asm-1-17, asm-1-19, 1.26, asm-1-18 asm-1-19",
      "ONE_MINOR_AT_A_TIME,  asm-1-17, asm-1-21, 1.28, asm-1-19 asm-1-20 asm-1-21",
      "ONE_MINOR_AT_A_TIME,  asm-1-9,  asm-1-19, 1.27, asm-1-18 asm-1-19",
  })
  void findsTheShortestAllowedPath(UpgradePolicy policy, String from, String to, String k, String hops) {
    UpgradePath path = UpgradePath.find(UpgradeRules.of(catalog, policy), rev(from), rev(to), k8s(k));

    assertThat(path.hops()).containsExactlyElementsOf(Arrays.stream(hops.split(" ")).map(Revision::parse).toList());
  }

  @Test
  void isEmptyWhenAlreadyThere() {
    UpgradePath path = UpgradePath.find(UpgradeRules.of(catalog), rev("asm-1-19"), rev("asm-1-19"), k8s("1.27"));

    assertThat(path.isEmpty()).isTrue();
    assertThat(path.firstHop()).isEmpty();
    assertThat(path).hasToString("asm-1-19 on Kubernetes 1.27");
  }

  @Test
  void refusesADowngrade() {
    assertThatThrownBy(() -> UpgradePath.find(UpgradeRules.of(catalog), rev("asm-1-20"), rev("asm-1-19"), k8s("1.28")))
        .isInstanceOfSatisfying(UpgradeNotAllowedException.class,
            e -> assertThat(e.rule()).isEqualTo(UpgradeRule.NO_DOWNGRADE));
  }

  @ParameterizedTest(name = "[{0}] {1} -> {2} on Kubernetes {3} is blocked at {4} -> {5} ({6}, Kubernetes {7})")
  @CsvSource(nullValues = "-", value = {
      "ONE_MINOR_AT_A_TIME,  asm-1-19, asm-1-21, 1.26, asm-1-19, asm-1-20, NO_COMPATIBLE_REVISION, 1.27",
      "ONE_MINOR_AT_A_TIME,  asm-1-18, asm-1-21, 1.27, asm-1-20, asm-1-21, NO_COMPATIBLE_REVISION, 1.28",
      "ALLOW_SKIP_ONE_MINOR, asm-1-18, asm-1-21, 1.26, asm-1-19, asm-1-20, NO_COMPATIBLE_REVISION, 1.27",
      "ONE_MINOR_AT_A_TIME,  asm-1-15, asm-1-18, 1.25, asm-1-15, asm-1-18, NO_COMPATIBLE_REVISION, 1.26",
      "ONE_MINOR_AT_A_TIME,  asm-1-17, asm-1-21, 1.31, asm-1-17, asm-1-18, NO_COMPATIBLE_REVISION, -",
      "ONE_MINOR_AT_A_TIME,  asm-1-21, asm-1-22, 1.30, asm-1-21, asm-1-22, TARGET_UNSUPPORTED,     -",
      "ONE_MINOR_AT_A_TIME,  asm-1-20, asm-1-23, 1.29, asm-1-21, asm-1-22, TARGET_UNSUPPORTED,     -",
      "ONE_MINOR_AT_A_TIME,  asm-1-21, asm-2-1,  1.30, asm-1-21, asm-2-1,  TARGET_UNSUPPORTED,     -",
      "ONE_MINOR_AT_A_TIME,  asm-1-25, asm-1-27, 1.30, asm-1-25, asm-1-26, NO_COMPATIBLE_REVISION, -",
  })
  void namesTheHopThatBlocksAndTheKubernetesUpgradeItNeeds(UpgradePolicy policy, String from, String to, String k,
      String hopFrom, String hopTo, UpgradeRule rule, String kubernetesNeeded) {
    UpgradeNotAllowedException e = catchThrowableOfType(UpgradeNotAllowedException.class,
        () -> UpgradePath.find(UpgradeRules.of(catalog, policy), rev(from), rev(to), k8s(k)));

    assertThat(e.current()).isEqualTo(rev(hopFrom));
    assertThat(e.requested()).isEqualTo(rev(hopTo));
    assertThat(e.rule()).isEqualTo(rule);
    assertThat(e.requiredKubernetes()).isEqualTo(Optional.ofNullable(kubernetesNeeded).map(KubernetesVersion::parse));
    assertThat(e.getMessage())
        .startsWith("no allowed upgrade path from " + from + " to " + to + " on Kubernetes " + k)
        .contains("the hop " + hopFrom + " -> " + hopTo + " is blocked")
        .contains(kubernetesNeeded == null ? "Next: " : "upgrade the cluster to Kubernetes " + kubernetesNeeded);
    if (!hopFrom.equals(from)) {
      assertThat(e.getMessage()).contains("(the path gets as far as " + hopFrom + ")");
    }
  }

  @Test
  void rejectsNullsNamingThem() {
    UpgradeRules rules = UpgradeRules.of(catalog);
    Revision r = rev("asm-1-18");
    KubernetesVersion k = k8s("1.27");

    assertThatThrownBy(() -> UpgradePath.find(null, r, r, k)).hasMessage("rules");
    assertThatThrownBy(() -> UpgradePath.find(rules, null, r, k)).hasMessage("current");
    assertThatThrownBy(() -> UpgradePath.find(rules, r, null, k)).hasMessage("desired");
    assertThatThrownBy(() -> UpgradePath.find(rules, r, r, null)).hasMessage("kubernetes");
    assertThatThrownBy(() -> new UpgradePath(null, r, k, List.of())).hasMessage("from");
    assertThatThrownBy(() -> new UpgradePath(r, null, k, List.of())).hasMessage("to");
    assertThatThrownBy(() -> new UpgradePath(r, r, null, List.of())).hasMessage("kubernetes");
    assertThatThrownBy(() -> new UpgradePath(r, r, k, null)).hasMessage("hops");
  }
}
