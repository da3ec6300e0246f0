package io.meshupgrade.model;

/**
 * The stages of one minor upgrade of one cluster, as the seed procedure describes them. The legal moves between
 * them are one explicit table (see {@link io.meshupgrade.plan.TransitionTable}).
 *
 * <p>Immutable and thread-safe.
 */
public enum UpgradeStage {
  /** The plan exists; nothing has changed in the cluster yet. */
  PLANNED,
  /** The shared mesh ConfigMap was copied to the new revision, or there was none to copy. */
  MESH_CONFIG_COPIED,
  /** The new revision was asked for (ARM upgrade start); it now runs next to the old one. */
  CANARY_STARTED,
  /** Both revisions' control planes (istiod and the gateways) are ready. */
  CONTROL_PLANES_VERIFIED,
  /** Namespaces relabelled, or the revision tag moved, to the new revision. */
  INJECTION_SWITCHED,
  /** The workloads of the switched namespaces were restarted onto the new revision. */
  WORKLOADS_RESTARTED,
  /** The health gate passed on the new revision. */
  HEALTH_VERIFIED,
  /** Terminal: the old revision is gone; AKS cannot roll back from here. */
  COMPLETED,
  /** A rollback began; nothing has been reverted yet. */
  ROLLBACK_STARTED,
  /** Namespaces relabelled, or the revision tag moved, back to the old revision. */
  INJECTION_REVERTED,
  /** The workloads were restarted back onto the old revision. */
  WORKLOADS_REVERTED,
  /** Terminal: the new revision is gone and everything runs the old one again. */
  ROLLED_BACK,
  /** Stopped with a reason; resume where it stopped, or roll back. */
  HALTED;

  /** {@return whether nothing may follow this stage} */
  public boolean isTerminal() {
    return this == COMPLETED || this == ROLLED_BACK;
  }
}
