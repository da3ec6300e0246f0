package io.meshupgrade.spi;

import java.util.Objects;

/**
 * A saved plan: its JSON text and the store's version of it (for compare-and-set).
 *
 * <p>Immutable and thread-safe.
 *
 * @param json the plan's checkpoint text ({@link io.meshupgrade.plan.UpgradePlan#toCheckpoint()})
 * @param version an opaque version the store assigned (a resourceVersion, a counter), never reused for a key
 */
public record Checkpoint(String json, String version) {
  /**
   * Creates a {@code Checkpoint} from its components, checking them.
   *
   * @param json the plan's checkpoint text ({@link io.meshupgrade.plan.UpgradePlan#toCheckpoint()})
   * @param version an opaque version the store assigned (a resourceVersion, a counter), never reused for a key
   */
  public Checkpoint {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(version, "version");
  }
}
