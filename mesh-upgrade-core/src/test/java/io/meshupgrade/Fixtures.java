package io.meshupgrade;

import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.IngressGateway;
import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.model.MeshUpgradeProfile;
import io.meshupgrade.model.MeshUpgrades;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import java.util.List;
import java.util.Set;

/** Shared test values. */
public final class Fixtures {
  private Fixtures() {}

  /**
   * A region where 1-17 is retired (not listed): 1-18 -> 1-19 (K 1.26-1.27), 1-19 -> 1-20, 1-21 (K 1.26-1.28),
   * 1-20 -> 1-21 (K 1.27-1.29), 1-21 (K 1.28-1.30, newest).
   */
  public static RevisionCatalog catalog() {
    return RevisionCatalog.builder()
        .revision("asm-1-18", List.of("asm-1-19", "asm-1-20"), List.of("1.26", "1.27"))
        .revision("asm-1-19", List.of("asm-1-20", "asm-1-21"), List.of("1.26", "1.27", "1.28"))
        .revision("asm-1-20", List.of("asm-1-21"), List.of("1.27", "1.28", "1.29"))
        .revision("asm-1-21", List.of(), List.of("1.28", "1.29", "1.30"))
        .build();
  }

  public static Revision rev(String name) {
    return Revision.parse(name);
  }

  /** The full ARM id of the fixtures' cluster (subscription A, rg1/cluster1). */
  static final String CLUSTER_ID = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1"
      + "/providers/Microsoft.ContainerService/managedClusters/cluster1";

  public static KubernetesVersion k8s(String version) {
    return KubernetesVersion.parse(version);
  }

  public static ClusterMeshState state(String provisioningState, String kubernetes, String... revisions) {
    return ClusterMeshState.builder().cluster(CLUSTER_ID).meshEnabled(true)
        .revisions(java.util.Arrays.stream(revisions).map(Revision::parse).toList())
        .provisioningState(provisioningState).kubernetesVersion(k8s(kubernetes)).location("westeurope")
        .ingressGateways(Set.of(IngressGateway.EXTERNAL)).eTag("\"etag-1\"").build();
  }

  public static MeshUpgrades profile(String revision, String... upgrades) {
    RevisionCatalog c = catalog();
    Revision r = rev(revision);
    return new MeshUpgrades(List.of(new MeshUpgradeProfile(r,
        new java.util.TreeSet<>(java.util.Arrays.stream(upgrades).map(Revision::parse).toList()),
        c.kubernetesVersionsFor(r))), false);
  }

  public static MeshUpgrades noProfiles() {
    return new MeshUpgrades(List.of(), false);
  }
}
