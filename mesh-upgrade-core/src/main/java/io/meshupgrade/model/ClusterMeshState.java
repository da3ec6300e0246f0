package io.meshupgrade.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What ARM says about a cluster's mesh: whether the add-on is enabled, the installed revisions, the cluster's
 * provisioning state and Kubernetes version, its location, the enabled ingress gateways and the eTag. Build one with
 * {@link #builder()}; a field added later gets a default in the builder, so no caller breaks.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClusterMeshState {

  private final String cluster;
  private final boolean meshEnabled;
  private final List<Revision> revisions;
  private final String provisioningState;
  private final KubernetesVersion kubernetesVersion;
  private final String location;
  private final Set<IngressGateway> ingressGateways;
  private final String eTag;
  private final SupportPlan supportPlan;

  private ClusterMeshState(Builder b) {
    this.cluster = Objects.requireNonNull(b.cluster, "cluster");
    this.meshEnabled = b.meshEnabled;
    List<Revision> sorted = new ArrayList<>(Objects.requireNonNull(b.revisions, "revisions"));
    Collections.sort(sorted);
    this.revisions = Collections.unmodifiableList(sorted);
    this.provisioningState = Objects.requireNonNull(b.provisioningState, "provisioningState");
    this.kubernetesVersion = Objects.requireNonNull(b.kubernetesVersion, "kubernetesVersion");
    this.location = Objects.requireNonNull(b.location, "location");
    Set<IngressGateway> gateways = Objects.requireNonNull(b.ingressGateways, "ingressGateways");
    this.ingressGateways = Collections.unmodifiableSet(
        gateways.isEmpty() ? EnumSet.noneOf(IngressGateway.class) : EnumSet.copyOf(gateways));
    this.eTag = b.eTag == null ? "" : b.eTag;
    this.supportPlan = Objects.requireNonNull(b.supportPlan, "supportPlan");
  }

  /**
   * A builder with no cluster, provisioning state, Kubernetes version or location yet (required), the mesh disabled,
   * no revisions, no gateways and no eTag.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this state's values.
   *
   * @return a new builder, initialised with every value of this state
   */
  public Builder toBuilder() {
    return new Builder().cluster(cluster).meshEnabled(meshEnabled).revisions(revisions)
        .provisioningState(provisioningState).kubernetesVersion(kubernetesVersion).location(location)
        .ingressGateways(ingressGateways).eTag(eTag).supportPlan(supportPlan);
  }

  /**
   * The cluster's identity: its full ARM resource id
   * ({@code /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>},
   * see {@link ClusterId}); saved in every plan and compared, ignoring case, before a saved plan is applied.
   *
   * @return the cluster's resource id as ARM gave it (or the adapter's name for the cluster); never null
   */
  public String cluster() {
    return cluster;
  }

  /**
   * Whether serviceMeshProfile.mode is Istio.
   *
   * @return true when the Istio add-on is enabled
   */
  public boolean meshEnabled() {
    return meshEnabled;
  }

  /**
   * The installed revisions, ascending (one, or two during a canary).
   *
   * @return the installed revisions, unmodifiable; empty when the mesh is disabled
   */
  public List<Revision> revisions() {
    return revisions;
  }

  /**
   * The cluster's provisioningState, e.g. Succeeded, Updating, Failed.
   *
   * @return the provisioning state as ARM spells it; never null
   */
  public String provisioningState() {
    return provisioningState;
  }

  /**
   * The cluster's current Kubernetes version.
   *
   * @return the Kubernetes version of the control plane; never null
   */
  public KubernetesVersion kubernetesVersion() {
    return kubernetesVersion;
  }

  /**
   * The Azure region, e.g. westeurope.
   *
   * @return the cluster's location; never null
   */
  public String location() {
    return location;
  }

  /**
   * The enabled ingress gateways.
   *
   * @return the enabled gateways, unmodifiable; empty when none is enabled
   */
  public Set<IngressGateway> ingressGateways() {
    return ingressGateways;
  }

  /**
   * The cluster's eTag, or "" when ARM gave none.
   *
   * @return the eTag, used for optimistic concurrency; "" when unknown, never null
   */
  public String eTag() {
    return eTag;
  }

  /**
   * The cluster's id, or empty when {@link #cluster()} is not a full resource id (an adapter that has none).
   *
   * @return the parsed resource id; empty when {@link #cluster()} does not parse
   */
  public Optional<ClusterId> clusterId() {
    return ClusterId.tryParse(cluster);
  }

  /**
   * Whether provisioningState is Failed (case-insensitive): the last operation failed; see repair.
   *
   * @return true when the cluster is Failed and needs a repair
   */
  public boolean isFailed() {
    return "Failed".equalsIgnoreCase(provisioningState);
  }

  /**
   * Whether provisioningState is Succeeded (case-insensitive, as ARM is).
   *
   * @return true when the cluster is Succeeded, so ready for an operation
   */
  public boolean isSucceeded() {
    return "Succeeded".equalsIgnoreCase(provisioningState);
  }

  /**
   * Whether two revisions are installed (a canary upgrade is in progress).
   *
   * @return true when at least two revisions are installed
   */
  public boolean isCanaryInProgress() {
    return revisions.size() >= 2;
  }

  /**
   * The lowest installed revision.
   *
   * @return the lowest revision (the old one during a canary); empty when none is installed
   */
  public Optional<Revision> lowestRevision() {
    return revisions.isEmpty() ? Optional.empty() : Optional.of(revisions.get(0));
  }

  /**
   * The highest installed revision.
   *
   * @return the highest revision (the canary during a canary); empty when none is installed
   */
  public Optional<Revision> highestRevision() {
    return revisions.isEmpty() ? Optional.empty() : Optional.of(revisions.get(revisions.size() - 1));
  }

  /**
   * This state with other revisions (for fakes and tests).
   *
   * @param newRevisions the installed revisions, in any order; not null
   * @return a copy of this state whose revisions are {@code newRevisions}, sorted
   */
  public ClusterMeshState withRevisions(List<Revision> newRevisions) {
    return toBuilder().revisions(newRevisions).build();
  }

  /**
   * The cluster's support plan ({@code properties.supportPlan}), which picks the Kubernetes compatibility list of
   * each revision; {@link SupportPlan#KUBERNETES_OFFICIAL} when ARM reports none.
   *
   * @return the support plan
   */
  public SupportPlan supportPlan() {
    return supportPlan;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClusterMeshState s && s.cluster.equals(cluster) && s.meshEnabled == meshEnabled
        && s.revisions.equals(revisions) && s.provisioningState.equals(provisioningState)
        && s.kubernetesVersion.equals(kubernetesVersion) && s.location.equals(location)
        && s.ingressGateways.equals(ingressGateways) && s.eTag.equals(eTag) && s.supportPlan.equals(supportPlan);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cluster, meshEnabled, revisions, provisioningState, kubernetesVersion, location,
        ingressGateways, eTag, supportPlan);
  }

  @Override
  public String toString() {
    return "ClusterMeshState[cluster=" + cluster + ", meshEnabled=" + meshEnabled + ", revisions=" + revisions
        + ", provisioningState=" + provisioningState + ", kubernetesVersion=" + kubernetesVersion + ", location="
        + location + ", ingressGateways=" + ingressGateways + ", eTag=" + eTag + ", supportPlan="
        + supportPlan + "]";
  }

  /** Builds a {@link ClusterMeshState}; not thread-safe. */
  public static final class Builder {
    private String cluster;
    private boolean meshEnabled;
    private List<Revision> revisions = List.of();
    private String provisioningState;
    private KubernetesVersion kubernetesVersion;
    private String location;
    private Set<IngressGateway> ingressGateways = Set.of();
    private String eTag = "";
    private SupportPlan supportPlan = SupportPlan.KUBERNETES_OFFICIAL;

    private Builder() {}

    /**
     * The cluster's full ARM resource id (required; see {@link ClusterMeshState#cluster()}).
     *
     * @param cluster the cluster's resource id
     * @return this builder
     */
    public Builder cluster(String cluster) {
      this.cluster = cluster;
      return this;
    }

    /**
     * The cluster's id (sets {@link #cluster(String)} to its full resource id).
     *
     * @param cluster the parsed cluster id; not null
     * @return this builder
     */
    public Builder cluster(ClusterId cluster) {
      this.cluster = Objects.requireNonNull(cluster, "cluster").resourceId();
      return this;
    }

    /**
     * Whether serviceMeshProfile.mode is Istio (default no).
     *
     * @param enabled true when the Istio add-on is enabled
     * @return this builder
     */
    public Builder meshEnabled(boolean enabled) {
      this.meshEnabled = enabled;
      return this;
    }

    /**
     * The installed revisions, in any order (sorted by {@link #build()}; null throws NPE).
     *
     * @param revisions the installed revisions; empty when the mesh is disabled
     * @return this builder
     */
    public Builder revisions(List<Revision> revisions) {
      this.revisions = revisions;
      return this;
    }

    /**
     * The cluster's provisioningState (required).
     *
     * @param state the provisioning state as ARM spells it, e.g. Succeeded
     * @return this builder
     */
    public Builder provisioningState(String state) {
      this.provisioningState = state;
      return this;
    }

    /**
     * The cluster's current Kubernetes version (required).
     *
     * @param version the Kubernetes version of the control plane
     * @return this builder
     */
    public Builder kubernetesVersion(KubernetesVersion version) {
      this.kubernetesVersion = version;
      return this;
    }

    /**
     * The Azure region (required).
     *
     * @param location the cluster's location, e.g. westeurope
     * @return this builder
     */
    public Builder location(String location) {
      this.location = location;
      return this;
    }

    /**
     * The enabled ingress gateways (default none; null throws NPE).
     *
     * @param gateways the enabled gateways; empty when none
     * @return this builder
     */
    public Builder ingressGateways(Set<IngressGateway> gateways) {
      this.ingressGateways = gateways;
      return this;
    }

    /**
     * The cluster's eTag; {@code null} or "" when ARM gave none.
     *
     * @param eTag the eTag, or {@code null} or "" when unknown
     * @return this builder
     */
    public Builder eTag(String eTag) {
      this.eTag = eTag;
      return this;
    }

    /**
     * Sets the cluster's support plan (default {@link SupportPlan#KUBERNETES_OFFICIAL}).
     *
     * @param plan the plan; null throws NPE on {@link #build()}
     * @return this builder
     */
    public Builder supportPlan(SupportPlan plan) {
      this.supportPlan = plan;
      return this;
    }

    /**
     * The state.
     *
     * @return a new immutable state with this builder's values, revisions sorted
     * @throws NullPointerException naming a missing required value or a null revision or gateway
     */
    public ClusterMeshState build() {
      return new ClusterMeshState(this);
    }
  }
}
