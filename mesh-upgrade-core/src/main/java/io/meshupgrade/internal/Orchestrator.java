package io.meshupgrade.internal;

import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.exception.ConcurrentUpgradeException;
import io.meshupgrade.exception.UpgradeCancelledException;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.DanglingInjection;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.RollOverReport;
import io.meshupgrade.report.UpgradePreview;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.spi.UpgradeLock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The calls of {@link io.meshupgrade.MeshUpgrader}: each mutating call runs exclusively under the cluster lock, with
 * its {@link RunControl}; the decisions live in {@link UpgradeCall}, {@link CompleteCall}, {@link RollbackCall},
 * {@link RollOverPatchCall} and {@link PreviewCall}, the steps in the {@link Step} classes. Not API. Thread-safe:
 * mutating calls are mutually exclusive.
 */
public final class Orchestrator {

  private static final UpgradeLock.Held NO_LOCK = new UpgradeLock.Held() {
    @Override
    public String holder() {
      return "";
    }

    @Override
    public void renew() {}

    @Override
    public void close() {}
  };

  private final Settings s;
  private final Calls calls;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean tookOver = new AtomicBoolean();

  public Orchestrator(Settings s) {
    this.s = s;
    this.calls = new Calls(s);
  }

  /** The settings the upgrader was built with. */
  public Settings settings() {
    return s;
  }

  /**
   * One mutating call: in-process exclusion, then the cluster lock for its whole duration, renewed by a
   * {@link Heartbeat} every third of its ttl and before every step. A failure to release the lock after the call did
   * its work does not throw the result away: {@code warn} adds it as a warning. A run stopped at a safe point (or a
   * port call failing because the run was cancelled or interrupted) becomes an {@link UpgradeCancelledException}
   * once the lock is released.
   */
  private <T> T exclusive(RunControl control, Function<UpgradeLock.Held, T> body, BiFunction<T, String, T> warn) {
    if (!running.compareAndSet(false, true)) {
      throw new ConcurrentUpgradeException(s.holder(), "another call on this MeshUpgrader is running");
    }
    control.runOn(Thread.currentThread());
    try {
      control.safePoint();
      UpgradeLock.Held held = s.lock()
          .<UpgradeLock.Held>map(l -> Heartbeat.start(take(l), s.lockTtl()))
          .orElse(NO_LOCK);
      T result;
      try {
        result = body.apply(held);
        if (held.takenOverFrom().isPresent()) {
          result = warn.apply(result, "took the cluster's lock over from " + held.takenOverFrom().get() + " (as "
              + s.holder() + "); recorded in the plan");
        }
      } catch (RuntimeException | Error e) {
        if (e instanceof UpgradeRefusedException) {
          new EventBus(s.listeners()).emit(new UpgradeEvent.Refused(s.clock().instant(), e.getMessage()));
        }
        Throwable thrown = e instanceof RunControl.RunStopped || e instanceof RuntimeException && control.mustStop()
            ? cancelled(control, e) : e;
        Thread.interrupted(); // the run is over: let the lock be released without an interrupt pending
        try {
          held.close();
        } catch (RuntimeException c) {
          thrown.addSuppressed(c);
        }
        if (thrown instanceof UpgradeCancelledException c
            && c.reason() == UpgradeCancelledException.Cause.INTERRUPTED) {
          Thread.currentThread().interrupt(); // the lock is released: hand the interrupt back to the caller
        }
        if (thrown instanceof RuntimeException r) {
          throw r;
        }
        throw (Error) thrown;
      }
      try {
        held.close();
      } catch (RuntimeException e) {
        return warn.apply(result, "could not release the upgrade lock (" + e.getMessage() + "): it expires by"
            + " itself within " + s.lockTtl() + "; until then another run on this cluster is refused");
      }
      return result;
    } catch (RunControl.RunStopped e) {
      UpgradeCancelledException c = cancelled(control, e); // stopped before the lock was taken
      if (c.reason() == UpgradeCancelledException.Cause.INTERRUPTED) {
        Thread.currentThread().interrupt();
      }
      throw c;
    } finally {
      control.runOn(null);
      running.set(false);
    }
  }

  private UpgradeCancelledException cancelled(RunControl control, Throwable e) {
    RunControl.RunStopped stop = e instanceof RunControl.RunStopped r ? r : control.stopped(e);
    UpgradeCancelledException.Cause cause = control.isCancelled() ? UpgradeCancelledException.Cause.CANCELLED
        : stop.deadline() ? UpgradeCancelledException.Cause.DEADLINE_EXCEEDED
        : UpgradeCancelledException.Cause.INTERRUPTED;
    Optional<UpgradePlan> plan = control.plan();
    UpgradeStage stage = plan.map(UpgradePlan::stage).orElse(null);
    return new UpgradeCancelledException("the run stopped at a safe point (" + stop.getMessage() + ")"
        + (stage == null ? " before it saved a plan; nothing to resume"
            : " with its plan " + plan.get().planId() + " saved at " + stage + (control.working().isPresent()
                ? " (working toward " + control.working().get() + ")" : "")
                + ": call again to resume from there")
        + "; the lock was released", cause, stage, stage != null,
        e instanceof RunControl.RunStopped r ? r.getCause() : e);
  }

  /** Acquires the lock, or takes it over from the holder named to the builder (once per upgrader). */
  private UpgradeLock.Held take(UpgradeLock lock) {
    if (s.takeOver().isPresent() && !tookOver.get()) {
      UpgradeLock.Held held;
      try {
        held = lock.takeOver(s.holder(), s.takeOver().get(), s.lockTtl());
      } catch (UnsupportedOperationException e) {
        throw new UpgradeRefusedException("the cluster's lock (" + lock.getClass().getSimpleName() + ") cannot be"
            + " taken over from " + s.takeOver().get() + ": wait for its lease to expire and run again without"
            + " takeOver, or use a lock that supports it (LeaseUpgradeLock does); nothing was changed");
      }
      tookOver.set(true);
      return held;
    }
    return lock.acquire(s.holder(), s.lockTtl());
  }

  private static UpgradeReport withWarning(UpgradeReport r, String warning) {
    return r.toBuilder().addWarning(warning).build();
  }

  private static RollOverReport withWarning(RollOverReport r, String warning) {
    return r.toBuilder().addWarning(warning).build();
  }

  /** The saved plan, if any. */
  public Optional<UpgradePlan> currentPlan() {
    return calls.currentPlan();
  }

  /** What points at a revision that is not installed now (read-only). */
  public DanglingInjection danglingInjection() {
    return calls.danglingWith(s.controlPlane().readMeshState().revisions());
  }

  public UpgradeReport upgrade(Revision target, UpgradeOptions options, RunControl control) {
    return exclusive(control, held -> new UpgradeCall(calls).upgrade(target, options, held, control),
        Orchestrator::withWarning);
  }

  public UpgradeReport complete(String forceReason, UpgradeOptions options, RunControl control) {
    return exclusive(control, held -> new CompleteCall(calls).complete(forceReason, options, held, control),
        Orchestrator::withWarning);
  }

  public UpgradeReport rollback(UpgradeOptions options, RunControl control) {
    return exclusive(control, held -> new RollbackCall(calls).rollback(options, held, control),
        Orchestrator::withWarning);
  }

  public RollOverReport rollOverPatch(UpgradeOptions options, RunControl control) {
    return exclusive(control, held -> new RollOverPatchCall(calls).rollOverPatch(options, held, control),
        Orchestrator::withWarning);
  }

  public UpgradePreview preview(Revision target, UpgradeOptions options) {
    return new PreviewCall(calls).preview(target, options);
  }

  /** Re-applies a Failed cluster unchanged under the lock. */
  public ClusterMeshState repair() {
    return exclusive(RunControl.none(s.clock()), held -> {
      ClusterMeshState state = s.controlPlane().readMeshState();
      if (!state.isFailed()) {
        throw new UpgradeRefusedException("cluster " + state.cluster() + " is " + state.provisioningState()
            + ", not Failed: there is nothing to repair"
            + (state.isSucceeded() ? "; resume with upgrade, complete or rollback"
                : "; wait for its current operation to finish, then read its state again"));
      }
      held.renew();
      return s.controlPlane().repair();
    }, (r, warning) -> r);
  }
}
