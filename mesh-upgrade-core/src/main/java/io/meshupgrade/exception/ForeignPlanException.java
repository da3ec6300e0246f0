package io.meshupgrade.exception;

import java.util.Objects;

/**
 * The saved plan belongs to another cluster than the one the upgrader works on, or was written by an older release
 * with only {@code resourceGroup/name} and was not adopted explicitly. Thrown (or reported as the refusal) before
 * anything changes.
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class ForeignPlanException extends UpgradeRefusedException {
  private static final long serialVersionUID = 1L;

  /** Serialized: the value of {@link #planCluster()}. */
  private final String planCluster;
  /** Serialized: the value of {@link #cluster()}. */
  private final String cluster;
  /** Serialized: the value of {@link #isLegacy()}. */
  private final boolean legacy;

  /**
   * An exception naming both clusters.
   *
   * @param message what happened and what to do next
   * @param planCluster the cluster id saved in the plan
   * @param cluster the full id of the cluster the upgrader works on
   * @param legacy whether the plan's id is an older {@code resourceGroup/name} without a subscription
   */
  public ForeignPlanException(String message, String planCluster, String cluster, boolean legacy) {
    super(message);
    this.planCluster = Objects.requireNonNull(planCluster, "planCluster");
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.legacy = legacy;
  }

  /** {@return the cluster id saved in the plan} */
  public String planCluster() {
    return planCluster;
  }

  /** {@return the id of the cluster the upgrader works on} */
  public String cluster() {
    return cluster;
  }

  /**
   * {@return whether the plan's id lacks the subscription (written by an older release): adopt it explicitly if it is
   * ours}
   */
  public boolean isLegacy() {
    return legacy;
  }
}
