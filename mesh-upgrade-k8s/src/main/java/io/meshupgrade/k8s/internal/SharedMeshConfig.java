package io.meshupgrade.k8s.internal;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meshupgrade.exception.MeshConfigConflictException;
import io.meshupgrade.model.MeshConfigCopy;
import io.meshupgrade.exception.RemoteCallException;
import io.meshupgrade.model.Revision;
import io.meshupgrade.k8s.internal.KubeCalls.Op;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's shared mesh ConfigMaps {@code istio-shared-configmap-<rev>}: copy to a new revision, delete a removed
 * revision's. Names are only ever built by {@link Names#sharedMeshConfigMap}, so the AKS-owned {@code istio-<rev>}
 * cannot be touched. Thread-safe.
 */
public final class SharedMeshConfig {
  private static final Logger LOG = LoggerFactory.getLogger(SharedMeshConfig.class);

  private final Cluster cluster;

  public SharedMeshConfig(Cluster cluster) {
    this.cluster = cluster;
  }

  /** See {@link io.meshupgrade.spi.MeshDataPlane#copySharedMeshConfig}. */
  public MeshConfigCopy copy(Revision from, Revision to, boolean overwrite) {
    if (from.equals(to)) {
      throw new IllegalArgumentException("cannot copy the shared mesh config of " + from + " onto itself:"
          + " expected two different revisions");
    }
    String ns = cluster.systemNamespace();
    String source = Names.sharedMeshConfigMap(from);
    String target = Names.sharedMeshConfigMap(to);
    Optional<V1ConfigMap> src = cluster.readConfigMap(source);
    if (src.isEmpty()) {
      LOG.info("no {} in {}: nothing to copy", source, ns);
      return MeshConfigCopy.NO_SOURCE;
    }
    return cluster.calls().retryOnConflict(() -> {
      Optional<V1ConfigMap> existing = cluster.readConfigMap(target);
      if (existing.isEmpty()) {
        V1ConfigMap copy = new V1ConfigMap().apiVersion("v1").kind("ConfigMap")
            .metadata(new V1ObjectMeta().name(target).namespace(ns)
                .annotations(Map.of("meshupgrade.io/copied-from", source)))
            .data(src.get().getData()).binaryData(src.get().getBinaryData());
        try {
          cluster.calls().execute(Op.of("create", "configmaps", ns, target),
              () -> cluster.core().createNamespacedConfigMap(ns, copy).execute());
        } catch (RemoteCallException e) {
          throw Cluster.asConflict(e);
        }
        LOG.info("copied {} to {}", source, target);
        return MeshConfigCopy.COPIED;
      }
      V1ConfigMap current = existing.get();
      if (sameData(current, src.get())) {
        return MeshConfigCopy.ALREADY_PRESENT;
      }
      if (!overwrite) {
        throw new MeshConfigConflictException("ConfigMap " + ns + "/" + target + " already exists with data that"
            + " differs from " + source + ": compare them, then delete " + target
            + " or ask for overwrite to replace it with the copy");
      }
      current.setData(src.get().getData());
      current.setBinaryData(src.get().getBinaryData());
      cluster.calls().execute(Op.of("update", "configmaps", ns, target),
          () -> cluster.core().replaceNamespacedConfigMap(target, ns, current).execute());
      LOG.info("overwrote {} with the data of {}", target, source);
      return MeshConfigCopy.OVERWRITTEN;
    });
  }

  /** See {@link io.meshupgrade.spi.MeshDataPlane#deleteSharedMeshConfig}. */
  public boolean delete(Revision revision) {
    String ns = cluster.systemNamespace();
    String name = Names.sharedMeshConfigMap(revision);
    try {
      cluster.calls().execute(Op.of("delete", "configmaps", ns, name),
          () -> cluster.core().deleteNamespacedConfigMap(name, ns).execute());
      LOG.info("deleted {}/{}", ns, name);
      return true;
    } catch (RemoteCallException e) {
      if (KubeCalls.isNotFound(e)) {
        return false;
      }
      throw e;
    }
  }

  private static boolean sameData(V1ConfigMap a, V1ConfigMap b) {
    return Objects.equals(emptyIfNull(a.getData()), emptyIfNull(b.getData()))
        && Objects.equals(emptyIfNull(a.getBinaryData()), emptyIfNull(b.getBinaryData()));
  }

  private static <V> Map<String, V> emptyIfNull(Map<String, V> m) {
    return m == null ? Map.of() : m;
  }
}
