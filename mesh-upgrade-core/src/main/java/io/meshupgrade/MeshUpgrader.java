package io.meshupgrade;

import io.meshupgrade.internal.Orchestrator;
import io.meshupgrade.internal.RunControl;
import io.meshupgrade.internal.Settings;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.DanglingInjection;
import io.meshupgrade.model.Revision;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.RollOverReport;
import io.meshupgrade.report.UpgradePreview;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.spi.MeshControlPlane;
import io.meshupgrade.spi.MeshDataPlane;
import io.meshupgrade.spi.PlanStore;
import io.meshupgrade.spi.UpgradeLock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Upgrades the AKS Istio add-on of one cluster safely: a canary upgrade driven through an {@link UpgradePlan}, with
 * rollback, interlocks, patch roll-over and resume after a crash. It uses only the ports in
 * {@link io.meshupgrade.spi}.
 *
 * <pre>{@code
 * MeshUpgrader upgrader = MeshUpgrader.builder()
 *     .controlPlane(arm).dataPlane(kube).planStore(store).lock(lease)
 *     .listener(System.out::println)
 *     .build();
 * UpgradePreview preview = upgrader.plan(Revision.parse("asm-1-19"));     // changes nothing
 * UpgradeReport report = upgrader.upgrade(Revision.parse("asm-1-19"));    // the whole canary upgrade
 * UpgradeRun<UpgradeReport> run = upgrader.beginUpgrade(Revision.parse("asm-1-19"), options); // in the background
 * run.status(); run.await(Duration.ofMinutes(5)); run.cancel();
 * }</pre>
 *
 * <p><b>Resume.</b> Every call that changes the cluster reads the cluster and the saved plan first, so that a run
 * that died resumes where it stopped, and repeats no side effect of a step that completed. The plan is saved (with
 * compare-and-set) after every transition.
 *
 * <p><b>Refusals</b> are thrown, by every call, as an {@link io.meshupgrade.exception.UpgradeRefusedException}
 * subtype, before anything changed; a report never carries one (the model is documented once, in
 * {@link io.meshupgrade.exception}).
 *
 * <p><b>Long calls.</b> {@link #upgrade}, {@link #complete}, {@link #forceComplete}, {@link #rollback} and
 * {@link #rollOverPatch} can run for hours (soak, batches, ARM operations); each has a {@code begin*} form returning
 * an {@link UpgradeRun} handle (status, await with a timeout, cancel). The blocking form is
 * {@code begin*(..).await()}, run on the calling thread. A cancelled run, one past
 * {@link UpgradeOptions#deadline()}, or one whose thread is interrupted stops at its next safe point with an
 * {@link io.meshupgrade.exception.UpgradeCancelledException}, its checkpoint kept and its lock released.
 *
 * <p>Thread-safe. Calls that change the cluster are mutually exclusive: on one instance a second concurrent call
 * gets a {@link io.meshupgrade.exception.ConcurrentUpgradeException} at once; across processes the configured
 * {@link UpgradeLock} is held for the whole call, renewed every third of its ttl by a daemon thread (see
 * {@link MeshUpgraderBuilder#lockTtl}). {@link #plan} and {@link #currentPlan} never block and change nothing.
 * Listeners are called one event at a time, possibly from restart worker threads.
 */
public final class MeshUpgrader {

  /** The default key of the saved plan in the {@link PlanStore}. */
  public static final String DEFAULT_PLAN_KEY = "mesh-upgrade-plan";

  /** The default time-to-live of the cluster lock without renewal: fifteen minutes. */
  public static final Duration DEFAULT_LOCK_TTL = Duration.ofMinutes(15);

  private final Orchestrator orchestrator;
  private final Settings settings;

  MeshUpgrader(Settings settings) {
    this.orchestrator = new Orchestrator(settings);
    this.settings = settings;
  }

  /**
   * Who this upgrader is in the cluster's lock: the name given to {@link MeshUpgraderBuilder#holder} (default
   * {@code mesh-upgrade}), a slash and a random nonce, e.g. {@code alice@host/3f9a1c}; unique per upgrader, so two
   * runs given the same name never share the lock. Name it to {@link MeshUpgraderBuilder#takeOver} after this run
   * crashed.
   *
   * @return this upgrader's lock holder identity, nonce included; never blank
   */
  public String holder() {
    return settings.holder();
  }

  /**
   * A builder.
   *
   * @return a new, empty builder; the control plane, data plane and plan store must be set before
   *     {@link MeshUpgraderBuilder#build()}
   */
  public static MeshUpgraderBuilder builder() {
    return new MeshUpgraderBuilder();
  }

  private <T> T here(UpgradeOptions options, Function<RunControl, T> body) {
    return UpgradeRun.runHere(RunControl.start(settings.clock(), options.deadline()), body);
  }

  private <T> UpgradeRun<T> begin(String what, UpgradeOptions options, Function<RunControl, T> body) {
    return UpgradeRun.start("mesh-upgrade-" + what + "-" + settings.holder(),
        RunControl.start(settings.clock(), options.deadline()), body);
  }

  /**
   * The dry run of {@code upgrade(target)}: the situation, the rule check, the hops, the steps, the namespaces it
   * would relabel and the workloads it would restart. Changes nothing (not even the lock).
   *
   * @param target the revision to upgrade to, e.g. {@code asm-1-19}; not null
   * @return what {@code upgrade(target)} would do now, read from the cluster and the saved plan
   * @throws io.meshupgrade.exception.MeshUpgradeException when reading the cluster or the plan store fails
   */
  public UpgradePreview plan(Revision target) {
    return plan(target, UpgradeOptions.defaults());
  }

  /**
   * The dry run of {@code upgrade(target, options)}. Changes nothing.
   *
   * @param target the revision to upgrade to, e.g. {@code asm-1-19}; not null
   * @param options the upgrade options (timeouts, restarts, health gate, deadline); not null
   * @return what {@code upgrade(target, options)} would do now, read from the cluster and the saved plan
   * @throws io.meshupgrade.exception.MeshUpgradeException when reading the cluster or the plan store fails
   */
  public UpgradePreview plan(Revision target, UpgradeOptions options) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(options, "options");
    return orchestrator.preview(target, options);
  }

  /**
   * {@link #upgrade(Revision, UpgradeOptions)} with the default options.
   *
   * @param target the revision to upgrade to, e.g. {@code asm-1-19}; not null
   * @return the report of the upgrade: the hops run, their steps, timings and warnings
   * @throws io.meshupgrade.exception.UpgradeRefusedException before anything changed, as for
   *     {@link #upgrade(Revision, UpgradeOptions)}
   * @throws io.meshupgrade.exception.MeshUpgradeException when a port fails; the plan keeps its last checkpoint
   */
  public UpgradeReport upgrade(Revision target) {
    return upgrade(target, UpgradeOptions.defaults());
  }

  /**
   * Upgrades the mesh to {@code target}, one canary hop after the other (asm-1-17 -> asm-1-19 runs two hops, each
   * its own plan), following the seed procedure: copy the shared mesh config, start the canary, verify both control
   * planes and gateways, switch injection (relabel every namespace labelled with the old revision and move every
   * revision tag pointing at it, plus the options' tag), restart the workloads still on the old revision, pass the
   * health gate, complete, delete the old mesh config and verify the final state. Resumes a saved plan toward
   * {@code target}; a failed health gate is handled by {@link UpgradeOptions#onHealthFailure()}.
   *
   * @param target the revision to upgrade to, e.g. {@code asm-1-19}; not null
   * @param options the upgrade options (timeouts, restarts, health gate, deadline); not null
   * @return the report of the upgrade: the hops run, their steps, timings and warnings
   * @throws io.meshupgrade.exception.UpgradeRefusedException before anything changed: a rule, a stale canary, the
   *     cluster not ready, a saved plan of another cluster, a canary removed outside this library, a dangling tag
   * @throws io.meshupgrade.exception.UpgradeCancelledException past the options' deadline or when interrupted
   * @throws io.meshupgrade.exception.ConcurrentUpgradeException when another run holds the cluster's lock
   * @throws io.meshupgrade.exception.MeshUpgradeException when a port fails; the plan keeps its last checkpoint
   */
  public UpgradeReport upgrade(Revision target, UpgradeOptions options) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(options, "options");
    return here(options, c -> orchestrator.upgrade(target, options, c));
  }

  /**
   * {@link #upgrade(Revision, UpgradeOptions)} in the background; see {@link UpgradeRun}. Failures and refusals are
   * thrown by the handle's {@code await}, not by this call.
   *
   * @param target the revision to upgrade to, e.g. {@code asm-1-19}; not null
   * @param options the upgrade options (timeouts, restarts, health gate, deadline); not null
   * @return the handle of the started run, whose result is the upgrade's report
   */
  public UpgradeRun<UpgradeReport> beginUpgrade(Revision target, UpgradeOptions options) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(options, "options");
    return begin("upgrade", options, c -> orchestrator.upgrade(target, options, c));
  }

  /**
   * {@link #complete(UpgradeOptions)} with the default options.
   *
   * @return the report of the completion
   * @throws io.meshupgrade.exception.UpgradeRefusedException as for {@link #complete(UpgradeOptions)}
   */
  public UpgradeReport complete() {
    return complete(UpgradeOptions.defaults());
  }

  /**
   * Completes the canary in progress (the manual flow, after {@code upgrade} stopped): removes the old revision,
   * with the options' timeouts and check interval; the health gate is evaluated once, and on failure the plan halts.
   *
   * @param options the options: timeouts, check interval and health gate; not null
   * @return the report of the completion
   * @throws io.meshupgrade.exception.UpgradeRefusedException naming, per namespace, what still uses the old revision
   *     ("3 pods in namespace shop still run asm-1-18: restart them or pass force"), or when a rollback is in
   *     progress, no canary is installed, or the saved plan is another cluster's
   * @throws io.meshupgrade.exception.ConcurrentUpgradeException when another run holds the cluster's lock
   * @throws io.meshupgrade.exception.MeshUpgradeException when a port fails; the plan keeps its last checkpoint
   */
  public UpgradeReport complete(UpgradeOptions options) {
    Objects.requireNonNull(options, "options");
    return here(options, c -> orchestrator.complete(null, options, c));
  }

  /**
   * {@link #complete(UpgradeOptions)} in the background; see {@link UpgradeRun}. Failures and refusals are thrown by
   * the handle's {@code await}, not by this call.
   *
   * @param options the options: timeouts, check interval and health gate; not null
   * @return the handle of the started run, whose result is the completion's report
   */
  public UpgradeRun<UpgradeReport> beginComplete(UpgradeOptions options) {
    Objects.requireNonNull(options, "options");
    return begin("complete", options, c -> orchestrator.complete(null, options, c));
  }

  /**
   * {@link #forceComplete(String, UpgradeOptions)} with the default options.
   *
   * @param reason why the completion is forced, recorded in the plan and the report; not blank
   * @return the report of the forced completion, naming what was detached
   * @throws IllegalArgumentException when {@code reason} is blank
   */
  public UpgradeReport forceComplete(String reason) {
    return forceComplete(reason, UpgradeOptions.defaults());
  }

  /**
   * Completes the canary in progress even though pods, namespaces or tags still use the old revision: they will be
   * detached from the mesh. The reason (non-blank) is recorded in the plan and the report. Injection is not switched
   * and no workload is restarted; the new control plane must still be ready and the health checks must pass.
   *
   * @param reason why the completion is forced, recorded in the plan and the report; not blank
   * @param options the options: timeouts, check interval and health gate; not null
   * @return the report of the forced completion, naming what was detached
   * @throws IllegalArgumentException when {@code reason} is blank
   * @throws io.meshupgrade.exception.UpgradeRefusedException before anything changed: no canary in progress, the
   *     new control plane not ready, or the saved plan is another cluster's
   * @throws io.meshupgrade.exception.ConcurrentUpgradeException when another run holds the cluster's lock
   * @throws io.meshupgrade.exception.MeshUpgradeException when a port fails; the plan keeps its last checkpoint
   */
  public UpgradeReport forceComplete(String reason, UpgradeOptions options) {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(options, "options");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a forced complete needs a reason, got '" + reason + "'");
    }
    return here(options, c -> orchestrator.complete(reason, options, c));
  }

  /**
   * {@link #rollback(UpgradeOptions)} with the default options.
   *
   * @return the report of the rollback
   * @throws io.meshupgrade.exception.UpgradeRefusedException as for {@link #rollback(UpgradeOptions)}
   */
  public UpgradeReport rollback() {
    return rollback(UpgradeOptions.defaults());
  }

  /**
   * Rolls the canary in progress back, with the options' restart settings, timeouts and check interval: moves
   * injection (namespaces and tags) and workloads back to the old revision, then removes the new revision and its
   * shared mesh config. Workloads whose pods have no sidecar in the namespaces moved back are restarted too; this
   * also repairs a plan whose canary was removed outside this library.
   *
   * @param options the options: restart settings, timeouts and check interval; not null
   * @return the report of the rollback
   * @throws io.meshupgrade.exception.UpgradeRefusedException after the upgrade was completed (AKS cannot roll back
   *     after complete), when nothing is in progress, or when the saved plan is another cluster's
   * @throws io.meshupgrade.exception.ConcurrentUpgradeException when another run holds the cluster's lock
   * @throws io.meshupgrade.exception.MeshUpgradeException when a port fails; the plan keeps its last checkpoint
   */
  public UpgradeReport rollback(UpgradeOptions options) {
    Objects.requireNonNull(options, "options");
    return here(options, c -> orchestrator.rollback(options, c));
  }

  /**
   * {@link #rollback(UpgradeOptions)} in the background; see {@link UpgradeRun}. Failures and refusals are thrown by
   * the handle's {@code await}, not by this call.
   *
   * @param options the options: restart settings, timeouts and check interval; not null
   * @return the handle of the started run, whose result is the rollback's report
   */
  public UpgradeRun<UpgradeReport> beginRollback(UpgradeOptions options) {
    Objects.requireNonNull(options, "options");
    return begin("rollback", options, c -> orchestrator.rollback(options, c));
  }

  /**
   * {@link #rollOverPatch(UpgradeOptions)} with the default options.
   *
   * @return the report of the roll-over: the workloads restarted and those left
   */
  public RollOverReport rollOverPatch() {
    return rollOverPatch(UpgradeOptions.defaults());
  }

  /**
   * Patch roll-over: restarts the workloads whose proxy image differs from the image their revision injects now
   * ({@link MeshDataPlane#currentProxyImage}), with the options' concurrency, namespace order and batches.
   *
   * @param options the options: restart concurrency, namespace order, batches and timeouts; not null
   * @return the report of the roll-over: the workloads restarted and those left
   * @throws io.meshupgrade.exception.ConcurrentUpgradeException when another run holds the cluster's lock
   * @throws io.meshupgrade.exception.UpgradeCancelledException past the options' deadline or when interrupted
   * @throws io.meshupgrade.exception.MeshUpgradeException when a port fails
   */
  public RollOverReport rollOverPatch(UpgradeOptions options) {
    Objects.requireNonNull(options, "options");
    return here(options, c -> orchestrator.rollOverPatch(options, c));
  }

  /**
   * {@link #rollOverPatch(UpgradeOptions)} in the background; see {@link UpgradeRun}. Failures are thrown by the
   * handle's {@code await}, not by this call.
   *
   * @param options the options: restart concurrency, namespace order, batches and timeouts; not null
   * @return the handle of the started run, whose result is the roll-over's report
   */
  public UpgradeRun<RollOverReport> beginRollOverPatch(UpgradeOptions options) {
    Objects.requireNonNull(options, "options");
    return begin("patch", options, c -> orchestrator.rollOverPatch(options, c));
  }

  /**
   * The revision tags and namespaces pointing at a revision that is not installed now (a tag left at a removed
   * revision fails every pod creation in its namespaces); {@link UpgradeOptions#repointDanglingTags()} points them at
   * the new revision during an upgrade. Changes nothing.
   *
   * @return the dangling tags and namespaces; empty when none points at a missing revision
   * @throws io.meshupgrade.exception.MeshUpgradeException when reading the cluster fails
   */
  public DanglingInjection danglingInjection() {
    return orchestrator.danglingInjection();
  }

  /**
   * Repairs a cluster left in provisioningState Failed by a failed ARM operation: under the cluster lock, re-applies
   * the cluster unchanged ({@link MeshControlPlane#repair()}). The saved plan is kept as it is: once the cluster is
   * Succeeded again, resume with {@code upgrade}, {@code complete} or {@code rollback}.
   *
   * @return the cluster's state after the repair
   * @throws io.meshupgrade.exception.UpgradeRefusedException when the cluster is not Failed, naming its state
   * @throws io.meshupgrade.exception.OperationFailedException when the reconcile operation fails too
   */
  public ClusterMeshState repair() {
    return orchestrator.repair();
  }

  /**
   * The saved plan (in progress or the last one finished), if any. Changes nothing.
   *
   * @return the plan read from the plan store; empty when none was ever saved under the plan key
   * @throws io.meshupgrade.exception.MeshUpgradeException when the plan store cannot be read
   */
  public Optional<UpgradePlan> currentPlan() {
    return orchestrator.currentPlan();
  }
}
