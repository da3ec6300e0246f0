package io.meshupgrade.spi;

import java.util.Optional;

/**
 * Where a run keeps its checkpoint after every transition, so that a run that died can resume. Implementations
 * must be thread-safe.
 */
public interface PlanStore {

  /**
   * {@return the checkpoint saved under {@code key}, if any}
   *
   * @param key the key the plan is saved under (a DNS-1123 name)
   */
  Optional<Checkpoint> load(String key);

  /**
   * Saves {@code json} under {@code key} if the stored version is still {@code expectedVersion} (empty: nothing
   * stored yet). A store never hands out the same version twice for a key, not even after {@link #delete}, so a
   * run holding the version of a deleted plan cannot overwrite a newer one.
   *
   * @param key the key the plan is saved under (a DNS-1123 name)
   * @param json the JSON text
   * @param expectedVersion the expected version
   * @return the new checkpoint with its new version
   * @throws io.meshupgrade.exception.CheckpointException if the stored version differs (another run wrote)
   */
  Checkpoint save(String key, String json, Optional<String> expectedVersion);

  /**
   * Removes the checkpoint under {@code key}; nothing when absent.
   *
   * @param key the key the plan is saved under (a DNS-1123 name)
   */
  void delete(String key);
}
