package io.meshupgrade.plan;

import io.meshupgrade.exception.ClusterNotReadyException;
import io.meshupgrade.exception.MeshNotEnabledException;
import io.meshupgrade.exception.UpgradeNotAllowedException;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.model.MeshUpgradeProfile;
import io.meshupgrade.model.MeshUpgrades;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.model.UpgradeRule;
import io.meshupgrade.plan.Situation.Reason;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The decision table behind {@link Situation#classify}. Stateless; not API.
 *
 * <p>Thread-safe (stateless).
 */
final class SituationClassifier {

  private SituationClassifier() {}

  /** See {@link Situation#classify(ClusterMeshState, MeshUpgrades, RevisionCatalog, Revision, UpgradePolicy)}. */
  public static Situation classify(
      ClusterMeshState state, MeshUpgrades upgrades, RevisionCatalog catalog, Revision target,
      UpgradePolicy policy) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(upgrades, "upgrades");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(policy, "policy");
    String cluster = state.cluster();
    List<Revision> installed = state.revisions();
    if (!state.meshEnabled()) {
      return new Situation.Refused(Reason.MESH_DISABLED, target, new MeshNotEnabledException(cluster));
    }
    if (installed.isEmpty()) {
      return refused(Reason.NO_REVISION_INSTALLED, target, "cluster " + cluster
          + " has the mesh add-on enabled but no revision installed: wait for the add-on to finish installing, "
          + "or re-enable it (az aks mesh enable), then try again");
    }
    if (installed.size() > 2) {
      return refused(Reason.MORE_THAN_TWO_REVISIONS, target, "cluster " + cluster + " reports " + installed.size()
          + " installed revisions " + installed + " but AKS allows at most two: fix the cluster's "
          + "serviceMeshProfile (complete or roll back to one revision) before upgrading");
    }
    if (!state.isSucceeded()) {
      return new Situation.Refused(Reason.CLUSTER_NOT_SUCCEEDED, target,
          new ClusterNotReadyException(cluster, state.provisioningState()));
    }
    return installed.size() == 2
        ? twoRevisions(cluster, installed.get(0), installed.get(1), target)
        : oneRevision(state, upgrades, UpgradeRules.of(catalog, policy, state.supportPlan()), installed.get(0), target);
  }

  private static Situation twoRevisions(String cluster, Revision from, Revision to, Revision target) {
    if (to.equals(target)) {
      return new Situation.ResumeCanary(from, to, "cluster " + cluster + " has a canary upgrade " + from + " -> "
          + to + " in progress: resuming it");
    }
    if (target.isBefore(from)) {
      return new Situation.Refused(Reason.DOWNGRADE, target, new UpgradeNotAllowedException(
          UpgradeRule.NO_DOWNGRADE, from, target, new TreeSet<>(), null,
          "cannot move the mesh of cluster " + cluster + " down to " + target + ": revisions " + from + " and " + to
              + " are installed and revisions never move down. Next: finish the canary (complete to " + to
              + " or roll back to " + from + ") and keep that revision"));
    }
    String next = from.equals(target)
        ? "roll it back to reach " + target
        : target.isAfter(to)
            ? "complete it to " + to + " (once every workload runs " + to + "), then upgrade to " + target
            : "complete it to " + to + " or roll it back to " + from + "; " + target + " lies between them";
    return new Situation.StaleCanary(from, to, target, "cluster " + cluster + " has a canary upgrade " + from
        + " -> " + to + " in progress that does not lead to " + target + ": " + next + " first");
  }

  private static Situation oneRevision(
      ClusterMeshState state, MeshUpgrades upgrades, UpgradeRules rules, Revision current, Revision target) {
    String cluster = state.cluster();
    KubernetesVersion k = state.kubernetesVersion();
    if (current.equals(target)) {
      return new Situation.NothingToDo(target, "cluster " + cluster + " already runs " + target
          + " only: nothing to do");
    }
    UpgradeDecision decision = rules.check(current, target, k);
    if (decision.isRefused()) {
      UpgradeNotAllowedException v = decision.refusal().orElseThrow();
      Reason reason = switch (v.rule()) {
        case NO_DOWNGRADE -> Reason.DOWNGRADE;
        case TARGET_NOT_OFFERED -> Reason.TARGET_NOT_OFFERED;
        default -> Reason.UPGRADE_NOT_ALLOWED;
      };
      return new Situation.Refused(reason, target, v);
    }
    if (upgrades.upgradeInProgress()) {
      return refused(Reason.UPGRADE_STATE_UNCLEAR, target, "cluster " + cluster + " has only " + current
          + " installed, yet ARM reports a mesh upgrade in progress: wait for the running operation to finish, "
          + "then read the cluster again");
    }
    Optional<MeshUpgradeProfile> profile = upgrades.profileOf(current);
    if (rules.catalog().supports(current) && profile.isPresent() && !profile.get().upgrades().contains(target)) {
      SortedSet<Revision> alternatives = new TreeSet<>(rules.allowedTargets(current, k));
      alternatives.retainAll(profile.get().upgrades());
      return new Situation.Refused(Reason.TARGET_NOT_OFFERED, target, new UpgradeNotAllowedException(
          UpgradeRule.TARGET_NOT_OFFERED, current, target, alternatives, null,
          "cannot upgrade the mesh of cluster " + cluster + " from " + current + " to " + target
              + " (rule TARGET_NOT_OFFERED): the cluster's upgrade profile does not offer it (offered: "
              + (profile.get().upgrades().isEmpty() ? "none" : profile.get().upgrades()) + "). Next: "
              + (alternatives.isEmpty()
                  ? "read the cluster's upgrades again later (az aks mesh get-upgrades)"
                  : "upgrade to " + alternatives.first() + " instead")));
    }
    return new Situation.StartCanary(current, target, "cluster " + cluster + " runs " + current
        + ": starting a canary upgrade to " + target);
  }

  private static Situation refused(Reason reason, Revision target, String message) {
    return new Situation.Refused(reason, target, new UpgradeRefusedException(message));
  }
}
