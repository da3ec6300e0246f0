package io.meshupgrade.event;

/**
 * Receives the progress events of a {@link io.meshupgrade.MeshUpgrader} run.
 *
 * <p>Events are delivered one at a time (never concurrently to the same listener), in the order they happen, but
 * possibly from different threads (workload restarts report from worker threads). A listener that throws is
 * isolated: the exception is counted in the report and never stops or alters the upgrade. Listeners should return
 * quickly.
 */
@FunctionalInterface
public interface UpgradeListener {

  /** Called for each event. */
  void onEvent(UpgradeEvent event);
}
