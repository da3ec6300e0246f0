package io.meshupgrade.model;

/**
 * The stages of one minor upgrade of one cluster, as the seed procedure describes them. The legal moves between
 * them are one explicit table (see {@link io.meshupgrade.plan.TransitionTable}).
 *
 * <p>Immutable and thread-safe.
 */
public enum UpgradeStage {
  PLANNED,
  /** The shared mesh ConfigMap was copied to the new revision, or there was none to copy. */
  MESH_CONFIG_COPIED,
  CANARY_STARTED,
  CONTROL_PLANES_VERIFIED,
  /** Namespaces relabelled, or the revision tag moved, to the new revision. */
  INJECTION_SWITCHED,
  WORKLOADS_RESTARTED,
  HEALTH_VERIFIED,
  /** Terminal: the old revision is gone; AKS cannot roll back from here. */
  COMPLETED,
  ROLLBACK_STARTED,
  INJECTION_REVERTED,
  WORKLOADS_REVERTED,
  /** Terminal: the new revision is gone and everything runs the old one again. */
  ROLLED_BACK,
  /** Stopped with a reason; resume where it stopped, or roll back. */
  HALTED;

  /** Whether nothing may follow this stage. */
  public boolean isTerminal() {
    return this == COMPLETED || this == ROLLED_BACK;
  }
}
