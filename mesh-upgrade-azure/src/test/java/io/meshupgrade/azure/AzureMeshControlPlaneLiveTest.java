package io.meshupgrade.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.MeshUpgrades;
import io.meshupgrade.model.RevisionCatalog;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Against a real AKS cluster, with DefaultAzureCredential. Runs only when AZURE_SUBSCRIPTION_ID,
 * AKS_RESOURCE_GROUP and AKS_CLUSTER_NAME are set (skipped otherwise), and only with the {@code live} group
 * ({@code mvn -pl mesh-upgrade-azure -am verify -Plive}); the default build excludes it. Writes nothing: the
 * only mutation it calls is an idempotent one that must not PUT.
 */
@Tag("live")
class AzureMeshControlPlaneLiveTest {

  private AzureMeshControlPlane arm;
  private String cluster;

  @BeforeEach
  void connect() {
    String subscription = System.getenv("AZURE_SUBSCRIPTION_ID");
    String group = System.getenv("AKS_RESOURCE_GROUP");
    String name = System.getenv("AKS_CLUSTER_NAME");
    assumeTrue(isSet(subscription) && isSet(group) && isSet(name),
        "set AZURE_SUBSCRIPTION_ID, AKS_RESOURCE_GROUP and AKS_CLUSTER_NAME to run against a real cluster");
    cluster = new io.meshupgrade.model.ClusterId(subscription, group, name).resourceId();
    arm = AzureMeshControlPlane.builder()
        .subscriptionId(subscription)
        .resourceGroup(group)
        .clusterName(name)
        .operationTimeout(Duration.ofMinutes(5))
        .conflictTimeout(Duration.ofMinutes(1))
        .build();
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  @Test
  void readsTheRealClustersMeshState() {
    ClusterMeshState state = arm.readMeshState();

    assertThat(state.cluster()).isEqualToIgnoringCase(cluster); // the full id (issue 8), as ARM spells it
    assertThat(state.location()).isNotBlank();
    assertThat(state.eTag()).isNotBlank();
    assertThat(state.revisions().size()).isLessThanOrEqualTo(2);
  }

  @Test
  void listsTheRevisionsOfTheClustersRegion() {
    RevisionCatalog catalog = arm.getRevisions();

    assertThat(catalog.revisions()).isNotEmpty();
  }

  @Test
  void listsTheUpgradesOfTheInstalledRevision() {
    ClusterMeshState state = arm.readMeshState();
    assumeTrue(state.meshEnabled(), "the Istio add-on is not enabled on " + cluster);

    MeshUpgrades upgrades = arm.getUpgrades();

    assertThat(upgrades.upgradeInProgress() || !upgrades.profiles().isEmpty()).isTrue();
  }

  @Test
  void startingAnInstalledRevisionWritesNothing() {
    ClusterMeshState before = arm.readMeshState();
    assumeTrue(before.meshEnabled() && before.isSucceeded(), cluster + " has no settled mesh to check");

    ClusterMeshState after = arm.startCanary(before.highestRevision().orElseThrow());

    assertThat(after.revisions()).isEqualTo(before.revisions());
    assertThat(after.eTag()).isEqualTo(before.eTag());
  }
}
