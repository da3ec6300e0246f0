package io.meshupgrade.tck.fakes;

import io.meshupgrade.exception.CheckpointException;
import io.meshupgrade.spi.Checkpoint;
import io.meshupgrade.spi.PlanStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** A {@link PlanStore} in memory with compare-and-set by a version counter. */
public final class InMemoryPlanStore implements PlanStore {

  /** A DNS-1123 subdomain, as every store can use it as an object or file name. */
  private static final Pattern KEY = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  private final Map<String, Checkpoint> saved = new HashMap<>();
  private final CallLog log;
  private long counter;
  private int saves;

  /**
   * Creates an empty store.
   *
   * @param log the world's call log: {@code store.load} is recorded as a read, {@code store.save} and
   *     {@code store.delete} as mutations
   */
  public InMemoryPlanStore(CallLog log) {
    this.log = log;
  }

  @Override
  public synchronized Optional<Checkpoint> load(String key) {
    checkKey(key);
    log.call("store.load", false);
    return Optional.ofNullable(saved.get(key));
  }

  @Override
  public synchronized Checkpoint save(String key, String json, Optional<String> expectedVersion) {
    checkKey(key);
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
    log.call("store.save", true);
    Optional<String> current = Optional.ofNullable(saved.get(key)).map(Checkpoint::version);
    if (!current.equals(expectedVersion)) {
      throw new CheckpointException("version conflict on " + key + ": stored " + current + ", expected "
          + expectedVersion);
    }
    Checkpoint c = new Checkpoint(json, Long.toString(++counter));
    saved.put(key, c);
    saves++;
    return c;
  }

  @Override
  public synchronized void delete(String key) {
    checkKey(key);
    log.call("store.delete", true);
    saved.remove(key);
  }

  private static void checkKey(String key) {
    Objects.requireNonNull(key, "key");
    if (!KEY.matcher(key).matches() || key.contains("..")) {
      throw new IllegalArgumentException("'" + key + "' is not a plan key: expected lower-case letters, digits, '-'"
          + " or '.', such as mesh-upgrade-plan");
    }
  }

  /** {@return how many saves succeeded (version conflicts excluded)} */
  public synchronized int saves() {
    return saves;
  }
}
