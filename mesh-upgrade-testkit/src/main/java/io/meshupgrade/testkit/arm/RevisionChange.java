package io.meshupgrade.testkit.arm;

import java.util.List;
import java.util.Objects;

/**
 * The installed mesh revisions of the fake cluster changed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param before revisions installed before (empty when the mesh was disabled)
 * @param after revisions installed now (empty when the mesh is disabled)
 */
public record RevisionChange(List<String> before, List<String> after) {

  /**
   * Copies the lists.
   *
   * @param before revisions installed before (empty when the mesh was disabled)
   * @param after revisions installed now (empty when the mesh is disabled)
   */
  public RevisionChange {
    before = List.copyOf(Objects.requireNonNull(before, "before"));
    after = List.copyOf(Objects.requireNonNull(after, "after"));
  }

  /**
   * Revisions that were added.
   *
   * @return revisions in {@link #after()} but not in {@link #before()}
   */
  public List<String> added() {
    return after.stream().filter(r -> !before.contains(r)).toList();
  }

  /**
   * Revisions that were removed.
   *
   * @return revisions in {@link #before()} but not in {@link #after()}
   */
  public List<String> removed() {
    return before.stream().filter(r -> !after.contains(r)).toList();
  }
}
