package io.meshupgrade.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What the inventory keeps of one pod: only what the upgrade needs, not the whole object. Build one with
 * {@link #builder()}; a field added later gets a default in the builder, so no caller breaks.
 *
 * <p>Immutable and thread-safe.
 */
public final class PodRecord {

  private final String namespace;
  private final String name;
  private final WorkloadRef owner;
  private final SidecarState sidecar;
  private final String revisionName;
  private final String proxyImage;

  private PodRecord(Builder b) {
    this.namespace = Objects.requireNonNull(b.namespace, "namespace");
    this.name = Objects.requireNonNull(b.name, "name");
    this.owner = Objects.requireNonNull(b.owner, "owner");
    this.sidecar = Objects.requireNonNull(b.sidecar, "sidecar");
    this.revisionName = b.revisionName == null ? "" : b.revisionName;
    this.proxyImage = b.proxyImage == null ? "" : b.proxyImage;
  }

  /**
   * A builder with no namespace, name, owner or sidecar state yet (required), no revision and no proxy image.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this record's values.
   *
   * @return a new builder, initialised with every value of this record
   */
  public Builder toBuilder() {
    return new Builder().namespace(namespace).name(name).owner(owner).sidecar(sidecar).revisionName(revisionName)
        .proxyImage(proxyImage);
  }

  /**
   * The pod's namespace.
   *
   * @return the namespace name; never null
   */
  public String namespace() {
    return namespace;
  }

  /**
   * The pod's name.
   *
   * @return the pod name; never null
   */
  public String name() {
    return name;
  }

  /**
   * The workload that owns it (for a bare pod, the pod itself).
   *
   * @return the owning workload; never null
   */
  public WorkloadRef owner() {
    return owner;
  }

  /**
   * Whether it runs a sidecar.
   *
   * @return the sidecar state; never null
   */
  public SidecarState sidecar() {
    return sidecar;
  }

  /**
   * The revision its sidecar runs (from {@code sidecar.istio.io/status}, else the {@code istio.io/rev} annotation),
   * or "" when unknown; may be a non-AKS name such as {@code default}.
   *
   * @return the sidecar's revision name; "" when unknown, never null
   */
  public String revisionName() {
    return revisionName;
  }

  /**
   * The istio-proxy image (container or native sidecar), or "".
   *
   * @return the proxy image reference; "" when the pod has no proxy, never null
   */
  public String proxyImage() {
    return proxyImage;
  }

  /**
   * The sidecar's revision when it is an AKS revision name.
   *
   * @return the parsed revision; empty when {@link #revisionName()} is not an AKS revision name
   */
  public Optional<Revision> revision() {
    return Revision.isRevision(revisionName) ? Optional.of(Revision.parse(revisionName)) : Optional.empty();
  }

  /**
   * Whether this pod's sidecar runs {@code revision}.
   *
   * @param revision the revision looked for; not null
   * @return true when the sidecar is injected and its revision name is {@code revision}
   */
  public boolean runs(Revision revision) {
    return sidecar == SidecarState.INJECTED && revisionName.equals(revision.toString());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PodRecord p && p.namespace.equals(namespace) && p.name.equals(name) && p.owner.equals(owner)
        && p.sidecar == sidecar && p.revisionName.equals(revisionName) && p.proxyImage.equals(proxyImage);
  }

  @Override
  public int hashCode() {
    return Objects.hash(namespace, name, owner, sidecar, revisionName, proxyImage);
  }

  @Override
  public String toString() {
    return "PodRecord[namespace=" + namespace + ", name=" + name + ", owner=" + owner + ", sidecar=" + sidecar
        + ", revisionName=" + revisionName + ", proxyImage=" + proxyImage + "]";
  }

  /** Builds a {@link PodRecord}; not thread-safe. */
  public static final class Builder {
    private String namespace;
    private String name;
    private WorkloadRef owner;
    private SidecarState sidecar;
    private String revisionName = "";
    private String proxyImage = "";

    private Builder() {}

    /**
     * The pod's namespace (required).
     *
     * @param namespace the namespace name
     * @return this builder
     */
    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /**
     * The pod's name (required).
     *
     * @param name the pod name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * The workload that owns it; for a bare pod, the pod itself (required).
     *
     * @param owner the owning workload
     * @return this builder
     */
    public Builder owner(WorkloadRef owner) {
      this.owner = owner;
      return this;
    }

    /**
     * Whether it runs a sidecar (required).
     *
     * @param sidecar the sidecar state
     * @return this builder
     */
    public Builder sidecar(SidecarState sidecar) {
      this.sidecar = sidecar;
      return this;
    }

    /**
     * The revision its sidecar runs; {@code null} or "" when unknown.
     *
     * @param revisionName the sidecar's revision name, or {@code null} or "" when unknown
     * @return this builder
     */
    public Builder revisionName(String revisionName) {
      this.revisionName = revisionName;
      return this;
    }

    /**
     * The istio-proxy image; {@code null} or "" when none.
     *
     * @param proxyImage the proxy image reference, or {@code null} or "" when none
     * @return this builder
     */
    public Builder proxyImage(String proxyImage) {
      this.proxyImage = proxyImage;
      return this;
    }

    /**
     * The record.
     *
     * @return a new immutable record with this builder's values
     * @throws NullPointerException naming a missing required value
     */
    public PodRecord build() {
      return new PodRecord(this);
    }
  }
}
