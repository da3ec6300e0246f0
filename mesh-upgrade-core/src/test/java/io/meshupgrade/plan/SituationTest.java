package io.meshupgrade.plan;

import static io.meshupgrade.Fixtures.k8s;
import static io.meshupgrade.Fixtures.rev;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.Fixtures;
import io.meshupgrade.exception.ClusterNotReadyException;
import io.meshupgrade.exception.MeshNotEnabledException;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.MeshUpgradeProfile;
import io.meshupgrade.model.MeshUpgrades;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.model.UpgradeRule;
import io.meshupgrade.plan.Situation.Reason;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SituationTest {

  private final RevisionCatalog catalog = Fixtures.catalog();

  private static MeshUpgrades upgrades(String installed, String offers, boolean inProgress) {
    if (inProgress) {
      return MeshUpgrades.inProgress();
    }
    if (offers == null) {
      return new MeshUpgrades(List.of(), false);
    }
    Revision current = rev(installed.trim().split(" ")[0]);
    TreeSet<Revision> offered = new TreeSet<>();
    Arrays.stream(offers.trim().split(" ")).filter(s -> !s.isEmpty()).map(Revision::parse).forEach(offered::add);
    return new MeshUpgrades(List.of(new MeshUpgradeProfile(current, offered, new TreeSet<>())), false);
  }

  @ParameterizedTest(name = "[{5}] {0} ({1}, Kubernetes {2}) toward {3}, offers [{4}]: {7}")
  @CsvSource(nullValues = "-", value = {
      // installed,        state,      k8s,  target,   offers,            policy,               in progress, expected,      message
      "asm-1-19,           Succeeded,  1.27, asm-1-19, asm-1-20,          ONE_MINOR_AT_A_TIME,  false, NothingToDo,   already runs asm-1-19 only: nothing to do",
      "asm-1-18,           Succeeded,  1.27, asm-1-19, asm-1-19 asm-1-20, ONE_MINOR_AT_A_TIME,  false, StartCanary,   runs asm-1-18: starting a canary upgrade to asm-1-19",
      "asm-1-18,           succeeded,  1.27, asm-1-19, -,                 ONE_MINOR_AT_A_TIME,  false, StartCanary,   starting a canary upgrade to asm-1-19",
      "asm-1-18,           Succeeded,  1.27, asm-1-20, asm-1-19 asm-1-20, ALLOW_SKIP_ONE_MINOR, false, StartCanary,   starting a canary upgrade to asm-1-20",
      "asm-1-17,           Succeeded,  1.26, asm-1-18, '',                ONE_MINOR_AT_A_TIME,  false, StartCanary,   runs asm-1-17: starting a canary upgrade to asm-1-18",
      "asm-1-17,           Succeeded,  1.28, asm-1-19, -,                 ONE_MINOR_AT_A_TIME,  false, StartCanary,   starting a canary upgrade to asm-1-19",
      "asm-1-18 asm-1-19,  Succeeded,  1.27, asm-1-19, -,                 ONE_MINOR_AT_A_TIME,  true,  ResumeCanary,  canary upgrade asm-1-18 -> asm-1-19 in progress: resuming it",
      "asm-1-9 asm-1-10,   Succeeded,  1.27, asm-1-10, -,                 ONE_MINOR_AT_A_TIME,  true,  ResumeCanary,  canary upgrade asm-1-9 -> asm-1-10 in progress",
      "asm-1-18 asm-1-19,  Succeeded,  1.27, asm-1-18, -,                 ONE_MINOR_AT_A_TIME,  true,  StaleCanary,   does not lead to asm-1-18: roll it back to reach asm-1-18 first",
      "asm-1-18 asm-1-19,  Succeeded,  1.27, asm-1-20, -,                 ONE_MINOR_AT_A_TIME,  true,  StaleCanary,   complete it to asm-1-19 (once every workload runs asm-1-19), then upgrade to asm-1-20 first",
      "asm-1-18 asm-1-20,  Succeeded,  1.27, asm-1-19, -,                 ALLOW_SKIP_ONE_MINOR, true,  StaleCanary,   complete it to asm-1-20 or roll it back to asm-1-18; asm-1-19 lies between them",
      "asm-1-9 asm-1-10,   Succeeded,  1.27, asm-1-11, -,                 ONE_MINOR_AT_A_TIME,  true,  StaleCanary,   complete it to asm-1-10",
      "asm-1-19 asm-1-20,  Succeeded,  1.27, asm-1-18, -,                 ONE_MINOR_AT_A_TIME,  true,  DOWNGRADE,     cannot move the mesh of cluster /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/cluster1 down to asm-1-18",
      "asm-1-19,           Succeeded,  1.27, asm-1-18, asm-1-20,          ONE_MINOR_AT_A_TIME,  false, DOWNGRADE,     rule NO_DOWNGRADE",
      "asm-1-10,           Succeeded,  1.27, asm-1-9,  -,                 ONE_MINOR_AT_A_TIME,  false, DOWNGRADE,     rule NO_DOWNGRADE",
      "asm-1-18,           Succeeded,  1.27, asm-1-20, asm-1-19 asm-1-20, ONE_MINOR_AT_A_TIME,  false, UPGRADE_NOT_ALLOWED, rule ONE_MINOR_AT_A_TIME",
      "asm-1-17,           Succeeded,  1.26, asm-1-19, asm-1-19,          ONE_MINOR_AT_A_TIME,  false, UPGRADE_NOT_ALLOWED, rule UNSUPPORTED_MOVES_TO_LOWEST_SUPPORTED",
      "asm-1-19,           Succeeded,  1.26, asm-1-20, asm-1-20,          ONE_MINOR_AT_A_TIME,  false, UPGRADE_NOT_ALLOWED, upgrade the cluster to Kubernetes 1.27 first",
      "asm-1-18,           Succeeded,  1.27, asm-1-19, '',                ONE_MINOR_AT_A_TIME,  false, TARGET_NOT_OFFERED,  the cluster's upgrade profile does not offer it (offered: none). Next: read the cluster's upgrades again later",
      "asm-1-18,           Succeeded,  1.27, asm-1-20, asm-1-19,          ALLOW_SKIP_ONE_MINOR, false, TARGET_NOT_OFFERED,  Next: upgrade to asm-1-19 instead",
      "asm-1-18,           Succeeded,  1.27, asm-1-19, -,                 ONE_MINOR_AT_A_TIME,  true,  UPGRADE_STATE_UNCLEAR, has only asm-1-18 installed, yet ARM reports a mesh upgrade in progress",
      "asm-1-18,           Updating,   1.27, asm-1-19, asm-1-19,          ONE_MINOR_AT_A_TIME,  false, CLUSTER_NOT_SUCCEEDED, is Updating, not Succeeded",
      "asm-1-18 asm-1-19,  Failed,     1.27, asm-1-19, -,                 ONE_MINOR_AT_A_TIME,  true,  CLUSTER_NOT_SUCCEEDED, is Failed, not Succeeded",
      "asm-1-18 asm-1-19 asm-1-20, Succeeded, 1.27, asm-1-20, -,          ONE_MINOR_AT_A_TIME,  false, MORE_THAN_TWO_REVISIONS, reports 3 installed revisions [asm-1-18, asm-1-19, asm-1-20]",
  })
  void classifiesTheObservedCluster(String installed, String provisioningState, String k, String target,
      String offers, UpgradePolicy policy, boolean inProgress, String expected, String message) {
    ClusterMeshState state = Fixtures.state(provisioningState, k, installed.trim().split(" "));

    Situation s = Situation.classify(state, upgrades(installed, offers, inProgress), catalog, rev(target), policy);

    assertThat(s.target()).isEqualTo(rev(target));
    assertThat(s.message()).contains(message);
    if (s instanceof Situation.Refused r) {
      assertThat(r.reason()).hasToString(expected);
      assertThat(r.error().getMessage()).isEqualTo(r.message());
    } else {
      assertThat(s.getClass().getSimpleName()).isEqualTo(expected);
    }
  }

  @Test
  void startsACanaryFromTheInstalledRevision() {
    Situation s = Situation.classify(Fixtures.state("Succeeded", "1.27", "asm-1-18"),
        Fixtures.profile("asm-1-18", "asm-1-19"), catalog, rev("asm-1-19"));

    assertThat(s).isEqualTo(new Situation.StartCanary(rev("asm-1-18"), rev("asm-1-19"),
        "cluster /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/cluster1 runs asm-1-18: starting a canary upgrade to asm-1-19"));
  }

  @Test
  void resumesACanaryBetweenTheInstalledRevisions() {
    Situation s = Situation.classify(Fixtures.state("Succeeded", "1.27", "asm-1-19", "asm-1-18"),
        MeshUpgrades.inProgress(), catalog, rev("asm-1-19"));

    assertThat(s).isInstanceOfSatisfying(Situation.ResumeCanary.class, r -> {
      assertThat(r.from()).isEqualTo(rev("asm-1-18"));
      assertThat(r.target()).isEqualTo(rev("asm-1-19"));
    });
  }

  @Test
  void reportsAStaleCanaryWithItsRevisionsAndARefusal() {
    Situation s = Situation.classify(Fixtures.state("Succeeded", "1.27", "asm-1-18", "asm-1-19"),
        MeshUpgrades.inProgress(), catalog, rev("asm-1-20"));

    assertThat(s).isInstanceOfSatisfying(Situation.StaleCanary.class, stale -> {
      assertThat(stale.from()).isEqualTo(rev("asm-1-18"));
      assertThat(stale.to()).isEqualTo(rev("asm-1-19"));
      assertThat(stale.target()).isEqualTo(rev("asm-1-20"));
      assertThat(stale.rollbackReachesTarget()).isFalse();
      assertThat(stale.toException()).isInstanceOf(UpgradeRefusedException.class).hasMessage(stale.message());
    });
    Situation back = Situation.classify(Fixtures.state("Succeeded", "1.27", "asm-1-18", "asm-1-19"),
        MeshUpgrades.inProgress(), catalog, rev("asm-1-18"));
    assertThat(((Situation.StaleCanary) back).rollbackReachesTarget()).isTrue();
  }

  @Test
  void refusesADisabledMeshWithMeshNotEnabledException() {
    ClusterMeshState disabled = ClusterMeshState.builder().cluster("rg1/off").meshEnabled(false)
        .provisioningState("Succeeded").kubernetesVersion(k8s("1.28")).location("westeurope").eTag(null).build();

    Situation s = Situation.classify(disabled, Fixtures.noProfiles(), catalog, rev("asm-1-20"));

    assertThat(s).isInstanceOfSatisfying(Situation.Refused.class, r -> {
      assertThat(r.reason()).isEqualTo(Reason.MESH_DISABLED);
      assertThat(r.error()).isInstanceOf(MeshNotEnabledException.class)
          .hasMessageContaining("Istio has not been enabled for cluster rg1/off")
          .hasMessageContaining("az aks mesh enable");
      assertThat(r.violation()).isEmpty();
    });
  }

  @Test
  void refusesAnEnabledMeshWithoutRevisions() {
    Situation s = Situation.classify(Fixtures.state("Succeeded", "1.28").withRevisions(List.of()),
        Fixtures.noProfiles(), catalog, rev("asm-1-20"));

    assertThat(s).isInstanceOfSatisfying(Situation.Refused.class, r -> {
      assertThat(r.reason()).isEqualTo(Reason.NO_REVISION_INSTALLED);
      assertThat(r.error()).isInstanceOf(UpgradeRefusedException.class).hasMessageContaining("no revision installed");
    });
  }

  @Test
  void refusesABusyClusterWithClusterNotReadyException() {
    Situation s = Situation.classify(Fixtures.state("Updating", "1.27", "asm-1-18"),
        Fixtures.profile("asm-1-18", "asm-1-19"), catalog, rev("asm-1-19"));

    assertThat(((Situation.Refused) s).error()).isInstanceOfSatisfying(ClusterNotReadyException.class,
        e -> assertThat(e.provisioningState()).isEqualTo("Updating"));
  }

  @Test
  void carriesTheRuleViolationOfARefusedUpgrade() {
    Situation s = Situation.classify(Fixtures.state("Succeeded", "1.27", "asm-1-18"),
        Fixtures.profile("asm-1-18", "asm-1-19"), catalog, rev("asm-1-20"));

    Situation.Refused r = (Situation.Refused) s;
    assertThat(r.violation()).hasValueSatisfying(v -> {
      assertThat(v.rule()).isEqualTo(UpgradeRule.ONE_MINOR_AT_A_TIME);
      assertThat(v.allowed()).containsExactly(rev("asm-1-19"));
    });
    assertThat(r.error()).isSameAs(r.violation().orElseThrow());
  }

  @Test
  void refusesATargetTheCatalogDoesNotOfferAsTargetNotOffered() {
    RevisionCatalog gap = RevisionCatalog.builder()
        .revision("asm-1-19", List.of(), List.of("1.27"))
        .revision("asm-1-20", List.of(), List.of("1.27"))
        .build();

    Situation s = Situation.classify(Fixtures.state("Succeeded", "1.27", "asm-1-19"), Fixtures.noProfiles(), gap,
        rev("asm-1-20"));

    assertThat(((Situation.Refused) s).reason()).isEqualTo(Reason.TARGET_NOT_OFFERED);
    assertThat(((Situation.Refused) s).violation().orElseThrow().rule()).isEqualTo(UpgradeRule.TARGET_NOT_OFFERED);
  }

  @Test
  void letsAnUnsupportedRevisionMoveToTheLowestSupportedOneEvenWhenTheProfileOffersOthers() {
    Situation s = Situation.classify(Fixtures.state("Succeeded", "1.26", "asm-1-17"),
        new MeshUpgrades(List.of(new MeshUpgradeProfile(rev("asm-1-17"), new TreeSet<>(List.of(rev("asm-1-19"))),
            new TreeSet<>())), false),
        catalog, rev("asm-1-18"));

    assertThat(s).isInstanceOf(Situation.StartCanary.class);
  }

  @Test
  void rejectsNullsNamingThem() {
    ClusterMeshState state = Fixtures.state("Succeeded", "1.27", "asm-1-18");
    MeshUpgrades up = Fixtures.noProfiles();
    Revision t = rev("asm-1-19");

    assertThatThrownBy(() -> Situation.classify(null, up, catalog, t)).hasMessage("state");
    assertThatThrownBy(() -> Situation.classify(state, null, catalog, t)).hasMessage("upgrades");
    assertThatThrownBy(() -> Situation.classify(state, up, null, t)).hasMessage("catalog");
    assertThatThrownBy(() -> Situation.classify(state, up, catalog, null)).hasMessage("target");
    assertThatThrownBy(() -> Situation.classify(state, up, catalog, t, null)).hasMessage("policy");
    assertThatThrownBy(() -> new Situation.NothingToDo(null, "m")).hasMessage("target");
    assertThatThrownBy(() -> new Situation.NothingToDo(t, null)).hasMessage("message");
    assertThatThrownBy(() -> new Situation.StartCanary(null, t, "m")).hasMessage("from");
    assertThatThrownBy(() -> new Situation.StartCanary(t, null, "m")).hasMessage("target");
    assertThatThrownBy(() -> new Situation.StartCanary(t, t, null)).hasMessage("message");
    assertThatThrownBy(() -> new Situation.ResumeCanary(null, t, "m")).hasMessage("from");
    assertThatThrownBy(() -> new Situation.ResumeCanary(t, null, "m")).hasMessage("target");
    assertThatThrownBy(() -> new Situation.ResumeCanary(t, t, null)).hasMessage("message");
    assertThatThrownBy(() -> new Situation.StaleCanary(null, t, t, "m")).hasMessage("from");
    assertThatThrownBy(() -> new Situation.StaleCanary(t, null, t, "m")).hasMessage("to");
    assertThatThrownBy(() -> new Situation.StaleCanary(t, t, null, "m")).hasMessage("target");
    assertThatThrownBy(() -> new Situation.StaleCanary(t, t, t, null)).hasMessage("message");
    UpgradeRefusedException e = new UpgradeRefusedException("no");
    assertThatThrownBy(() -> new Situation.Refused(null, t, e)).hasMessage("reason");
    assertThatThrownBy(() -> new Situation.Refused(Reason.DOWNGRADE, null, e)).hasMessage("target");
    assertThatThrownBy(() -> new Situation.Refused(Reason.DOWNGRADE, t, null)).hasMessage("error");
  }
}
