/**
 * The unchecked exceptions of mesh-upgrade, all under {@link io.meshupgrade.exception.MeshUpgradeException}, each
 * carrying the context to act on.
 *
 * <h2>The refusal model</h2>
 *
 * <p>Every call of {@link io.meshupgrade.MeshUpgrader} that changes the cluster ({@code upgrade}, {@code complete},
 * {@code forceComplete}, {@code rollback}, {@code rollOverPatch}, {@code repair}, and their {@code begin*} forms)
 * reports a refusal one way: it <em>throws</em> an {@link io.meshupgrade.exception.UpgradeRefusedException}, after
 * releasing the lock and emitting one {@link io.meshupgrade.event.UpgradeEvent.Refused} event, and <em>before it
 * changed anything</em> (no port mutation, no checkpoint written). A refusal is never returned in a report;
 * {@link io.meshupgrade.report.UpgradeReport#outcome()} only says how a call that ran ended (completed, nothing to
 * do, stopped where asked, halted, rolled back). The refusals:
 * <ul>
 *   <li>{@link io.meshupgrade.exception.UpgradeNotAllowedException}: a rule (no downgrade, one minor at a time,
 *       Kubernetes version, ...) with the allowed targets;</li>
 *   <li>{@link io.meshupgrade.exception.ClusterNotReadyException} and
 *       {@link io.meshupgrade.exception.MeshNotEnabledException}: the cluster's state;</li>
 *   <li>{@link io.meshupgrade.exception.NoUpgradeInProgressException}: nothing to complete or roll back;</li>
 *   <li>{@link io.meshupgrade.exception.ForeignPlanException}: the saved plan is another cluster's;</li>
 *   <li>{@link io.meshupgrade.exception.CanaryRemovedException}: the plan's canary was removed outside this
 *       library;</li>
 *   <li>{@link io.meshupgrade.exception.DanglingInjectionException}: a tag or namespace points at a revision that is
 *       not installed;</li>
 *   <li>{@link io.meshupgrade.exception.UpgradeRefusedException} itself for the other interlocks (pods still on the
 *       old revision at complete, a rollback after complete, a stale canary, a plan in progress toward another
 *       target).</li>
 * </ul>
 * One exception to "nothing changed": an {@code upgrade} over several hops whose next hop is refused after a hop
 * completed returns what it did ({@code STOPPED_AFTER} COMPLETED) with the refusal as a warning, since the cluster
 * did change.
 *
 * <p>Not refusals: {@link io.meshupgrade.exception.ConcurrentUpgradeException} (another run holds the lock, or took
 * it over during this run), {@link io.meshupgrade.exception.UpgradeCancelledException} (the run was cancelled, hit
 * its deadline or was interrupted, at a safe point, with its checkpoint kept),
 * {@link io.meshupgrade.exception.CheckpointException} (a damaged or concurrently written checkpoint) and the
 * remote-call failures under {@link io.meshupgrade.exception.RemoteCallException}: the call may have changed the
 * cluster; its checkpoint says how far it got, and calling again resumes.
 */
package io.meshupgrade.exception;
