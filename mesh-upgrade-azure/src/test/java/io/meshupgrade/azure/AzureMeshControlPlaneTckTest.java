package io.meshupgrade.azure;

import io.meshupgrade.model.Revision;
import io.meshupgrade.spi.MeshControlPlane;
import io.meshupgrade.tck.MeshControlPlaneContract;
import io.meshupgrade.testkit.arm.FakeArmServer;
import io.meshupgrade.testkit.arm.FakeCluster;
import io.meshupgrade.testkit.arm.RevisionChange;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * The TCK's control plane contract against {@link AzureMeshControlPlane} over real HTTP, through the SDK pipeline,
 * against the testkit's fake ARM. The adapter's own behaviour (request bodies, eTags, retries, throttling) is pinned
 * by {@link AzureMeshControlPlaneContractTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AzureMeshControlPlaneTckTest extends MeshControlPlaneContract {
  private FakeArmServer server;
  private final List<RevisionChange> changes = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private MeshControlPlane start(FakeCluster cluster) {
    server = FakeArmServer.builder().catalog(AzureMeshControlPlaneContractTest.chain()).cluster(cluster).start();
    server.addRevisionListener(changes::add);
    return AzureMeshControlPlaneContractTest.adapterFor(server).build();
  }

  @Override
  protected MeshControlPlane givenCluster(List<Revision> installed) {
    return start(FakeCluster.builder().kubernetesVersion(KUBERNETES.toString())
        .revisions(installed.stream().map(Revision::toString).toArray(String[]::new)).build());
  }

  @Override
  protected MeshControlPlane givenClusterWithoutMesh() {
    return start(FakeCluster.builder().kubernetesVersion(KUBERNETES.toString()).meshDisabled().build());
  }

  @Override
  protected int revisionWrites() {
    return changes.size();
  }

  @Override
  protected void failNextOperation() {
    server.faults().failNextOperation("IstioUpgradeFailed", "istiod did not become ready");
  }
}
