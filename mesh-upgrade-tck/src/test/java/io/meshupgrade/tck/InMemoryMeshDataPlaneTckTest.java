package io.meshupgrade.tck;

import io.meshupgrade.model.Revision;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.spi.MeshDataPlane;
import io.meshupgrade.tck.fakes.CallLog;
import io.meshupgrade.tck.fakes.InMemoryMeshDataPlane;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The TCK against the in-memory data plane (it models only the mesh namespaces: plain ones are left out). */
class InMemoryMeshDataPlaneTckTest extends MeshDataPlaneContract {
  private final List<Revision> installed = new CopyOnWriteArrayList<>();
  private InMemoryMeshDataPlane dp;

  @Override
  protected MeshDataPlane givenCluster(Cluster cluster) {
    dp = new InMemoryMeshDataPlane(new CallLog(), () -> List.copyOf(installed));
    cluster.revisions().forEach(this::installRevision);
    cluster.namespaces().forEach(dp::namespace);
    cluster.legacyNamespaces().forEach(n -> dp.namespace(n, "", "enabled"));
    cluster.tags().forEach(dp::tag);
    cluster.sharedMeshConfigs().forEach(dp::meshConfig);
    for (WorkloadRef d : cluster.deployments()) {
      dp.workload(WorkloadKind.DEPLOYMENT, d.namespace(), d.name(), cluster.replicas(d));
    }
    return dp;
  }

  @Override
  protected Optional<String> sharedMeshConfig(Revision revision) {
    return Optional.ofNullable(dp.meshConfigs().get(revision));
  }

  @Override
  protected void installRevision(Revision revision, String proxyImage) {
    installed.add(revision);
    dp.setProxyImage(revision, proxyImage);
  }
}
