package io.meshupgrade.event;

/**
 * Receives the progress events of a {@link io.meshupgrade.MeshUpgrader} run.
 *
 * <p>Threading: events are delivered one at a time, in the order they happen, but possibly from different threads
 * (workload restarts report from the data plane's worker threads); delivery is synchronized, so a listener used by
 * one {@code MeshUpgrader} needs no locking of its own (the calls of one upgrader never overlap). A listener
 * registered on several upgraders that run at the same time may be called concurrently and must then be
 * thread-safe.
 *
 * <p>A listener that throws a {@link RuntimeException} is isolated: the failure is counted in the report
 * ({@link io.meshupgrade.report.UpgradeReport#listenerFailures()}) and never stops or alters the upgrade. An {@link Error}
 * (for example a test's {@link AssertionError}) is not caught: it ends the call. Listeners should return quickly.
 *
 * <p>Later releases add kinds of event (see {@link UpgradeEvent}): a listener ignores the events it does not know
 * (a {@code default} branch when it switches on {@link UpgradeEvent#kind()}).
 */
@FunctionalInterface
public interface UpgradeListener {

  /**
   * Called for each event.
   *
   * @param event the event
   */
  void onEvent(UpgradeEvent event);
}
