package io.meshupgrade.tck;

import io.meshupgrade.model.Revision;
import io.meshupgrade.spi.MeshControlPlane;
import io.meshupgrade.tck.fakes.CallLog;
import io.meshupgrade.tck.fakes.InMemoryMeshControlPlane;
import java.util.List;
import java.util.Set;

/** The TCK against the in-memory control plane. */
class InMemoryMeshControlPlaneTckTest extends MeshControlPlaneContract {
  private InMemoryMeshControlPlane cp;

  @Override
  protected MeshControlPlane givenCluster(List<Revision> installed) {
    cp = new InMemoryMeshControlPlane(new CallLog(), CATALOG, KUBERNETES, installed, Set.of());
    return cp;
  }

  @Override
  protected MeshControlPlane givenClusterWithoutMesh() {
    givenCluster(List.of(ASM_1_18));
    cp.setMeshEnabled(false);
    return cp;
  }

  @Override
  protected int revisionWrites() {
    return cp.writes();
  }

  @Override
  protected void failNextOperation() {
    cp.failNextWrite();
  }
}
