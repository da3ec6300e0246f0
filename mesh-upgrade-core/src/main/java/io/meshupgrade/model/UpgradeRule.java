package io.meshupgrade.model;

/**
 * The rules an upgrade request is checked against; a refusal names the one it broke.
 *
 * <p>Immutable and thread-safe.
 */
public enum UpgradeRule {
  /** A supported revision moves one minor at a time (or two, under {@link io.meshupgrade.plan.UpgradePolicy#ALLOW_SKIP_ONE_MINOR}). */
  ONE_MINOR_AT_A_TIME,
  /** The target must be an upgrade that the catalog offers for the current revision. */
  TARGET_NOT_OFFERED,
  /** An unsupported current revision must move to the lowest supported revision compatible with Kubernetes. */
  UNSUPPORTED_MOVES_TO_LOWEST_SUPPORTED,
  /** Revisions never move down. */
  NO_DOWNGRADE,
  /** The target must run on the cluster's Kubernetes version. */
  KUBERNETES_INCOMPATIBLE,
  /** Nothing the catalog offers runs on the cluster's Kubernetes version. */
  NO_COMPATIBLE_REVISION,
  /** The target is not a supported revision at all. */
  TARGET_UNSUPPORTED
}
