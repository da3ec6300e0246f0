package io.meshupgrade.plan;

import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.exception.UpgradeNotAllowedException;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.MeshUpgrades;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a cluster stands with respect to a desired mesh revision (seed step 1, "check which revisions are available for the cluster as upgrade targets"), classified purely from
 * what was observed: ARM's view of the cluster ({@link ClusterMeshState}), its get-upgrades answer
 * ({@link MeshUpgrades}) and what AKS supports in the region ({@link RevisionCatalog}).
 *
 * <p>Exactly one of:
 * <ul>
 *   <li>{@link NothingToDo}: the target is the only installed revision;
 *   <li>{@link StartCanary}: one revision is installed and the rules allow moving to the target;
 *   <li>{@link ResumeCanary}: two revisions are installed and the higher is the target (a run died mid-way);
 *   <li>{@link StaleCanary}: two revisions are installed and the higher is not the target: that canary must be
 *       completed or rolled back first;
 *   <li>{@link Refused}: the upgrade must not proceed, with a {@link Reason} and a message saying what to do.
 * </ul>
 *
 * <p>Revisions are compared numerically. All implementations are immutable and thread-safe.
 */
public sealed interface Situation
    permits Situation.NothingToDo, Situation.StartCanary, Situation.ResumeCanary, Situation.StaleCanary,
        Situation.Refused {

  /**
   * Classifies the cluster with the default policy, {@link UpgradePolicy#ONE_MINOR_AT_A_TIME}.
   *
   * @param state ARM's view of the cluster
   * @param upgrades the cluster's get-upgrades answer (the revisions its upgrade profile offers)
   * @param catalog the revisions AKS supports in the cluster's region
   * @param target the revision the cluster should end on
   * @return exactly one situation, never null
   * @throws NullPointerException if an argument is null
   * @see #classify(ClusterMeshState, MeshUpgrades, RevisionCatalog, Revision, UpgradePolicy)
   */
  static Situation classify(
      ClusterMeshState state, MeshUpgrades upgrades, RevisionCatalog catalog, Revision target) {
    return classify(state, upgrades, catalog, target, UpgradePolicy.ONE_MINOR_AT_A_TIME);
  }

  /**
   * Classifies the cluster. In order: the add-on must be enabled ({@link Reason#MESH_DISABLED}), at least one
   * ({@link Reason#NO_REVISION_INSTALLED}) and at most two ({@link Reason#MORE_THAN_TWO_REVISIONS}) revisions
   * installed, the cluster Succeeded ({@link Reason#CLUSTER_NOT_SUCCEEDED}). With two revisions
   * {@code [from, to]}: {@code to == target} resumes, {@code target < from} is a {@link Reason#DOWNGRADE}, anything
   * else is a stale canary. With one revision {@code current}: the target itself is nothing to do, a lower one is
   * a {@link Reason#DOWNGRADE}, ARM reporting an upgrade in progress is {@link Reason#UPGRADE_STATE_UNCLEAR}; then
   * {@link UpgradeRules} decide ({@link Reason#UPGRADE_NOT_ALLOWED}) and, for a supported current revision, the
   * cluster's own upgrade profile must offer the target when ARM returned one ({@link Reason#TARGET_NOT_OFFERED}).
   * An unsupported current revision may move to the lowest supported compatible revision even when no profile
   * offers it.
   *
   * @param state ARM's view of the cluster
   * @param upgrades the cluster's get-upgrades answer (the revisions its upgrade profile offers)
   * @param catalog the revisions AKS supports in the cluster's region
   * @param target the revision the cluster should end on
   * @param policy how far one hop may move
   * @return exactly one situation, never null
   * @throws NullPointerException if an argument is null
   */
  static Situation classify(
      ClusterMeshState state, MeshUpgrades upgrades, RevisionCatalog catalog, Revision target,
      UpgradePolicy policy) {
    return SituationClassifier.classify(state, upgrades, catalog, target, policy);
  }

  /**
   * The revision the caller wants the cluster to end on.
   *
   * @return the target revision; never null
   */
  Revision target();

  /**
   * A one-line account of the situation that says what happens or what to do next.
   *
   * @return the message; never null
   */
  String message();

  /**
   * The target is the only installed revision: nothing to do.
   *
   * @param target the installed revision
   * @param message what was found
   */
  record NothingToDo(Revision target, String message) implements Situation {
    /**
     * Checks for nulls.
     *
     * @param target the installed revision
     * @param message what was found
     */
    public NothingToDo {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * One revision is installed and the rules allow a canary upgrade from it to the target.
   *
   * @param from the installed revision
   * @param target the revision to start
   * @param message what happens next
   */
  record StartCanary(Revision from, Revision target, String message) implements Situation {
    /**
     * Checks for nulls.
     *
     * @param from the installed revision
     * @param target the revision to start
     * @param message what happens next
     */
    public StartCanary {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Two revisions are installed and the higher one is the target: a canary toward the target is in progress
   * (an earlier run stopped part-way) and can be resumed.
   *
   * @param from the lower installed revision
   * @param target the higher installed revision, the target
   * @param message what happens next
   */
  record ResumeCanary(Revision from, Revision target, String message) implements Situation {
    /**
     * Checks for nulls.
     *
     * @param from the lower installed revision
     * @param target the higher installed revision, the target
     * @param message what happens next
     */
    public ResumeCanary {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Two revisions are installed and the higher one is not the target: that canary must be completed (to
   * {@code to}) or rolled back (to {@code from}) before anything else.
   *
   * @param from the lower installed revision
   * @param to the higher installed revision
   * @param target the revision the caller asked for
   * @param message what to do next
   */
  record StaleCanary(Revision from, Revision to, Revision target, String message) implements Situation {
    /**
     * Checks for nulls.
     *
     * @param from the lower installed revision
     * @param to the higher installed revision
     * @param target the revision the caller asked for
     * @param message what to do next
     */
    public StaleCanary {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(message, "message");
    }

    /**
     * Whether rolling the canary back leaves exactly the target installed.
     *
     * @return true when the lower installed revision is the target
     */
    public boolean rollbackReachesTarget() {
      return from.equals(target);
    }

    /**
     * The refusal to upgrade while this canary is in the way.
     *
     * @return a new refusal carrying {@link #message()}
     */
    public UpgradeRefusedException toException() {
      return new UpgradeRefusedException(message);
    }
  }

  /** Why an upgrade was refused. */
  enum Reason {
    /** The Istio add-on is not enabled on the cluster. */
    MESH_DISABLED,
    /** The add-on is enabled but no revision is installed. */
    NO_REVISION_INSTALLED,
    /** More than two revisions are installed (ARM allows at most two). */
    MORE_THAN_TWO_REVISIONS,
    /** The cluster's provisioningState is not Succeeded. */
    CLUSTER_NOT_SUCCEEDED,
    /** One revision is installed, yet ARM reports a mesh upgrade in progress. */
    UPGRADE_STATE_UNCLEAR,
    /** The target is below what is installed. */
    DOWNGRADE,
    /** The cluster's upgrade profile does not offer the target. */
    TARGET_NOT_OFFERED,
    /** An {@link io.meshupgrade.model.UpgradeRule} forbids the move; see {@link Refused#violation()}. */
    UPGRADE_NOT_ALLOWED
  }

  /**
   * The upgrade must not proceed.
   *
   * @param reason why
   * @param target the revision the caller asked for
   * @param error the typed exception to throw for it, whose message says what was found and what to do next:
   *     {@link io.meshupgrade.exception.MeshNotEnabledException} for {@link Reason#MESH_DISABLED}, {@link io.meshupgrade.exception.ClusterNotReadyException} for
   *     {@link Reason#CLUSTER_NOT_SUCCEEDED}, {@link UpgradeNotAllowedException} when a rule was broken
   *     ({@link Reason#DOWNGRADE}, {@link Reason#TARGET_NOT_OFFERED}, {@link Reason#UPGRADE_NOT_ALLOWED}),
   *     else {@link UpgradeRefusedException}
   */
  record Refused(Reason reason, Revision target, UpgradeRefusedException error) implements Situation {
    /**
     * Checks for nulls.
     *
     * @param reason why
     * @param target the revision the caller asked for
     * @param error the typed exception to throw for it
     */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(error, "error");
    }

    /** The error's message. */
    @Override
    public String message() {
      return error.getMessage();
    }

    /**
     * The broken rule, when a rule was broken.
     *
     * @return the error as an {@link UpgradeNotAllowedException}; empty when no rule was broken
     */
    public Optional<UpgradeNotAllowedException> violation() {
      return error instanceof UpgradeNotAllowedException v ? Optional.of(v) : Optional.empty();
    }
  }
}
