package io.meshupgrade.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import io.meshupgrade.model.ControlPlaneStatus;
import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.PodRecord;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionTag;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Read-only checks against a real cluster with the AKS Istio add-on: runs only when MESH_UPGRADE_LIVE_KUBECONFIG
 * names a kubeconfig (and the {@code live} tag is not excluded: the module's {@code live} profile switches on with
 * that variable). It never changes the cluster.
 */
@Tag("live")
@EnabledIfEnvironmentVariable(named = "MESH_UPGRADE_LIVE_KUBECONFIG", matches = ".+")
class LiveClusterTest {
  private static KubernetesMeshDataPlane dataPlane;

  @BeforeAll
  static void connect() throws IOException {
    ApiClient client = Config.fromConfig(System.getenv("MESH_UPGRADE_LIVE_KUBECONFIG"));
    dataPlane = KubernetesMeshDataPlane.builder().apiClient(client).build();
  }

  @Test
  void listsMeshNamespacesSortedByName() {
    List<MeshNamespace> namespaces = dataPlane.meshNamespaces();

    assertThat(namespaces).extracting(MeshNamespace::name).isSorted();
    assertThat(namespaces).allSatisfy(ns ->
        assertThat(ns.revisionLabel().isEmpty() && ns.istioInjectionLabel().isEmpty()).isFalse());
  }

  @Test
  void takesAnInventoryWhoseInjectedPodsAllHaveAProxyImageOrRevision() {
    PodInventory inventory = dataPlane.inventory();

    assertThat(inventory.pods()).allSatisfy(p -> assertThat(p.namespace()).isNotEmpty());
    assertThat(inventory.podsIn(io.meshupgrade.model.SidecarState.INJECTED))
        .allSatisfy(p -> assertThat(p.proxyImage().isEmpty() && p.revisionName().isEmpty()).isFalse());
  }

  @Test
  void findsTheControlPlaneAndProxyImageOfEveryRevisionItsPodsRun() {
    Set<Revision> revisions = new TreeSet<>();
    dataPlane.inventory().pods().stream().map(PodRecord::revision).flatMap(Optional::stream).forEach(revisions::add);
    for (MeshNamespace ns : dataPlane.meshNamespaces()) {
      ns.labelledRevision().ifPresent(revisions::add);
    }
    for (Revision revision : revisions) {
      ControlPlaneStatus status = dataPlane.awaitControlPlane(revision, Set.of(), Duration.ofSeconds(5));
      assertThat(status.components()).isNotEmpty();
      if (status.ready()) {
        assertThat(dataPlane.currentProxyImage(revision)).hasValueSatisfying(i -> assertThat(i).contains("proxyv2"));
      }
    }
  }

  @Test
  void listsRevisionTagsSortedByTag() {
    List<RevisionTag> tags = dataPlane.revisionTags();

    assertThat(tags).extracting(RevisionTag::tag).isSorted();
  }
}
