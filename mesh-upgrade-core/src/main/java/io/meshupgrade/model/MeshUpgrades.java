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
  /**
   * Creates a {@code MeshUpgrades} from its components, checking them.
   *
   * @param profiles the profiles
   * @param upgradeInProgress whether upgrade in progress
   */
  public MeshUpgrades {
    profiles = List.copyOf(Objects.requireNonNull(profiles, "profiles"));
  }

  /** {@return the answer while a canary upgrade is in progress} */
  public static MeshUpgrades inProgress() {
    return new MeshUpgrades(List.of(), true);
  }

  /**
   * {@return the profile of {@code revision}, when ARM returned one}
   *
   * @param revision the revision, e.g. {@code asm-1-19}
   */
  public Optional<MeshUpgradeProfile> profileOf(Revision revision) {
    return profiles.stream().filter(p -> p.revision().equals(revision)).findFirst();
  }

  /** {@return every upgrade offered across the profiles, ascending} */
  public SortedSet<Revision> offeredUpgrades() {
    TreeSet<Revision> all = new TreeSet<>();
    profiles.forEach(p -> all.addAll(p.upgrades()));
    return Collections.unmodifiableSortedSet(all);
  }
}
