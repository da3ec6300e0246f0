package io.meshupgrade.options;

/**
 * What {@link io.meshupgrade.MeshUpgrader#upgrade} does when the health gate fails.
 *
 * <p>Immutable and thread-safe.
 */
public enum HealthFailurePolicy {
  /**
   * The default: move injection and workloads back to the old revision, then halt with both control planes kept.
   * Nothing is lost; calling {@code upgrade} again retries the hop, {@code rollback} finishes the rollback.
   */
  ROLLBACK_WORKLOADS_AND_HALT,
  /** Move injection and workloads back, then remove the new revision (ARM rollback). */
  ROLLBACK_FULLY,
  /** Halt where it failed and change nothing more: a person decides. */
  HALT
}
