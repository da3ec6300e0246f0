package io.meshupgrade.model;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One entry of a cluster's meshUpgradeProfiles (what {@code az aks mesh get-upgrades} prints): a revision, the
 * upgrades offered for it, and the Kubernetes minors it is compatible with.
 *
 * <p>Immutable and thread-safe.
 */
public record MeshUpgradeProfile(
    Revision revision, SortedSet<Revision> upgrades, SortedSet<KubernetesVersion> compatibleWith) {
  /**
   * Creates a {@code MeshUpgradeProfile} from its components, checking them.
   *
   * @param revision the revision, e.g. {@code asm-1-19}
   * @param upgrades the upgrades
   * @param compatibleWith the compatible with
   */
  public MeshUpgradeProfile {
    Objects.requireNonNull(revision, "revision");
    upgrades = Collections.unmodifiableSortedSet(new TreeSet<>(upgrades));
    TreeSet<KubernetesVersion> minors = new TreeSet<>();
    compatibleWith.forEach(v -> minors.add(v.toMinor()));
    compatibleWith = Collections.unmodifiableSortedSet(minors);
  }
}
