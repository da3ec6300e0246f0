package io.meshupgrade.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What the inventory keeps of one pod: only what the upgrade needs, not the whole object.
 *
 * <p>Immutable and thread-safe.
 *
 * @param namespace the pod's namespace
 * @param name the pod's name
 * @param owner the workload that owns it (for a bare pod, the pod itself)
 * @param sidecar whether it runs a sidecar
 * @param revisionName the revision its sidecar runs (from {@code sidecar.istio.io/status}, else the
 *     {@code istio.io/rev} annotation), or "" when unknown; may be a non-AKS name such as {@code default}
 * @param proxyImage the istio-proxy image (container or native sidecar), or ""
 */
public record PodRecord(
    String namespace, String name, WorkloadRef owner, SidecarState sidecar, String revisionName, String proxyImage) {
  /**
   * Creates a {@code PodRecord} from its components, checking them.
   *
   * @param namespace the pod's namespace
   * @param name the pod's name
   * @param owner the workload that owns it (for a bare pod, the pod itself)
   * @param sidecar whether it runs a sidecar
   * @param revisionName the revision its sidecar runs (from {@code sidecar.istio.io/status}, else the {@code
   *     istio.io/rev} annotation), or "" when unknown; may be a non-AKS name such as {@code default}
   * @param proxyImage the istio-proxy image (container or native sidecar), or ""
   */
  public PodRecord {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(sidecar, "sidecar");
    revisionName = revisionName == null ? "" : revisionName;
    proxyImage = proxyImage == null ? "" : proxyImage;
  }

  /** {@return the sidecar's revision when it is an AKS revision name} */
  public Optional<Revision> revision() {
    return Revision.isRevision(revisionName) ? Optional.of(Revision.parse(revisionName)) : Optional.empty();
  }

  /**
   * {@return whether this pod's sidecar runs {@code revision}}
   *
   * @param revision the revision, e.g. {@code asm-1-19}
   */
  public boolean runs(Revision revision) {
    return sidecar == SidecarState.INJECTED && revisionName.equals(revision.toString());
  }
}
