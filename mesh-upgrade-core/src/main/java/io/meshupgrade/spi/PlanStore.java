package io.meshupgrade.spi;

import java.util.Optional;

/**
 * Where a run keeps its checkpoint after every transition, so that a run that died can resume. Implementations
 * must be thread-safe.
 */
public interface PlanStore {

  /** The checkpoint saved under {@code key}, if any. */
  Optional<Checkpoint> load(String key);

  /**
   * Saves {@code json} under {@code key} if the stored version is still {@code expectedVersion} (empty: nothing
   * stored yet).
   *
   * @return the new checkpoint with its new version
   * @throws io.meshupgrade.CheckpointException if the stored version differs (another run wrote)
   */
  Checkpoint save(String key, String json, Optional<String> expectedVersion);

  /** Removes the checkpoint under {@code key}; nothing when absent. */
  void delete(String key);
}
