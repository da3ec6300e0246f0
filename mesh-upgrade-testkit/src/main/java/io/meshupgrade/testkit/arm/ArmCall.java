package io.meshupgrade.testkit.arm;

/**
 * The kinds of request the fake ARM server understands; used to aim injected faults and to filter the request log.
 *
 * <p>Thread-safe (an enum).
 */
public enum ArmCall {
  /** {@code GET .../managedClusters/{name}}. */
  GET_CLUSTER,
  /** {@code PUT .../managedClusters/{name}}. */
  PUT_CLUSTER,
  /** {@code GET .../managedClusters/{name}/meshUpgradeProfiles}. */
  LIST_MESH_UPGRADE_PROFILES,
  /** {@code GET .../managedClusters/{name}/meshUpgradeProfiles/{mode}}. */
  GET_MESH_UPGRADE_PROFILE,
  /** {@code GET /subscriptions/{sub}/providers/Microsoft.ContainerService/locations/{loc}/meshRevisionProfiles}. */
  LIST_MESH_REVISION_PROFILES,
  /** {@code GET .../locations/{loc}/meshRevisionProfiles/{mode}}. */
  GET_MESH_REVISION_PROFILE,
  /** {@code GET .../locations/{loc}/operations/{id}}: the {@code Azure-AsyncOperation} status URL. */
  OPERATION_STATUS,
  /** Any path the fake does not serve. */
  UNKNOWN,
  /** Matches every call when aiming a fault; never recorded. */
  ANY;

  /**
   * Whether a fault aimed at this call applies to a request of kind {@code actual}.
   *
   * @param actual the kind of the incoming request
   * @return true when this is {@link #ANY} or equal to {@code actual}
   */
  public boolean matches(ArmCall actual) {
    return this == ANY || this == actual;
  }
}
