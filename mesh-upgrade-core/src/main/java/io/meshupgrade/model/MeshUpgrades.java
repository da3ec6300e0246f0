package io.meshupgrade.model;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The answer to get-upgrades: the cluster's upgrade profiles, or the fact that ARM reports a mesh upgrade in
 * progress (its 409 {@code ServiceMeshUpgradeInProgress}, which is information, not a failure).
 *
 * <p>Immutable and thread-safe.
 */
public record MeshUpgrades(List<MeshUpgradeProfile> profiles, boolean upgradeInProgress) {
  public MeshUpgrades {
    profiles = List.copyOf(Objects.requireNonNull(profiles, "profiles"));
  }

  /** The answer while a canary upgrade is in progress. */
  public static MeshUpgrades inProgress() {
    return new MeshUpgrades(List.of(), true);
  }

  /** The profile of {@code revision}, when ARM returned one. */
  public Optional<MeshUpgradeProfile> profileOf(Revision revision) {
    return profiles.stream().filter(p -> p.revision().equals(revision)).findFirst();
  }

  /** Every upgrade offered across the profiles, ascending. */
  public SortedSet<Revision> offeredUpgrades() {
    TreeSet<Revision> all = new TreeSet<>();
    profiles.forEach(p -> all.addAll(p.upgrades()));
    return Collections.unmodifiableSortedSet(all);
  }
}
