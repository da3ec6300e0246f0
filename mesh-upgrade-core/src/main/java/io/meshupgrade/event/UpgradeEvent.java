package io.meshupgrade.event;

import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Something that happened during a {@link io.meshupgrade.MeshUpgrader} call: an immutable record nested here, that
 * carries the time it happened ({@link #at()}, from the upgrader's clock) and its {@link #kind()}.
 *
 * <p>Events of one hop carry the hop's {@code from} and {@code to} revisions, so that a multi-hop run
 * (asm-1-17 -> asm-1-18 -> asm-1-19) can be followed hop by hop.
 *
 * <h2>Compatibility: new kinds of event will be added</h2>
 * This interface is deliberately <em>not</em> sealed. Adding a kind of event (a new record here and a new
 * {@link Kind} constant) is a compatible change, made in minor releases: a listener must ignore events it does not
 * know. Test for the events you want with {@code instanceof}, or switch on {@link #kind()} and always keep a
 * {@code default} branch that does nothing:
 *
 * <pre>{@code
 * UpgradeListener byType = event -> {
 *   if (event instanceof UpgradeEvent.Halted h) {
 *     System.out.println("halted: " + h.reason());
 *   } // any other event, including kinds added in later releases: ignored
 * };
 * UpgradeListener byKind = event -> {
 *   switch (event.kind()) {
 *     case STAGE_COMPLETED -> System.out.println(((UpgradeEvent.StageCompleted) event).stage());
 *     case HALTED -> System.out.println(((UpgradeEvent.Halted) event).reason());
 *     default -> { } // a kind this listener does not know (e.g. one added in a later release): ignore it
 *   }
 * };
 * }</pre>
 *
 * <p>The events stay records, which are small closed values: within a major version an existing event's components
 * are neither added, removed nor changed in meaning (so record patterns and accessors keep working); information an
 * event lacks arrives as a new kind of event. Events are made by the upgrader; implementing this interface outside
 * the library is not supported ({@link #kind()} of such a class throws {@link IllegalStateException}).
 */
public interface UpgradeEvent {

  /** {@return when the event happened} */
  Instant at();

  /** {@return what kind of event this is; each event record has its own kind ({@link Kind#type()})} */
  default Kind kind() {
    return Kind.of(getClass());
  }

  /**
   * The kinds of event, one per event record. More kinds will be added in later releases (a compatible change):
   * a {@code switch} over them must have a {@code default} branch that ignores kinds it does not know.
   */
  enum Kind {
    /** {@link PlanStarted}. */
    PLAN_STARTED(PlanStarted.class),
    /** {@link StageStarted}. */
    STAGE_STARTED(StageStarted.class),
    /** {@link StageCompleted}. */
    STAGE_COMPLETED(StageCompleted.class),
    /** {@link NamespacesRelabelled}. */
    NAMESPACES_RELABELLED(NamespacesRelabelled.class),
    /** {@link TagMoved}. */
    TAG_MOVED(TagMoved.class),
    /** {@link WorkloadRestarted}. */
    WORKLOAD_RESTARTED(WorkloadRestarted.class),
    /** {@link RolloutFinished}. */
    ROLLOUT_FINISHED(RolloutFinished.class),
    /** {@link BatchPaused}. */
    BATCH_PAUSED(BatchPaused.class),
    /** {@link WaitingOnPods}. */
    WAITING_ON_PODS(WaitingOnPods.class),
    /** {@link CheckFailed}. */
    CHECK_FAILED(CheckFailed.class),
    /** {@link Halted}. */
    HALTED(Halted.class),
    /** {@link RolledBack}. */
    ROLLED_BACK(RolledBack.class),
    /** {@link Completed}. */
    COMPLETED(Completed.class),
    /** {@link Stopped}. */
    STOPPED(Stopped.class),
    /** {@link Refused}. */
    REFUSED(Refused.class);

    private final Class<? extends UpgradeEvent> type;

    Kind(Class<? extends UpgradeEvent> type) {
      this.type = type;
    }

    /**
     * {@return the record of the events of this kind, e.g. {@code StageCompleted.class} for {@link #STAGE_COMPLETED}}
     */
    public Class<? extends UpgradeEvent> type() {
      return type;
    }

    private static Kind of(Class<?> eventType) {
      for (Kind k : values()) {
        if (k.type == eventType) {
          return k;
        }
      }
      throw new IllegalStateException(eventType.getName() + " is not an event of this library: use one of the"
          + " records nested in UpgradeEvent");
    }
  }

  /**
   * A hop's plan was created (fresh) or loaded from its checkpoint (resumed).
   *
   * @param planId the plan's id
   * @param stage the stage the plan is in now
   * @param resumed whether it was loaded from a checkpoint
   */
  record PlanStarted(Instant at, String planId, Revision from, Revision to, UpgradeStage stage, boolean resumed)
      implements UpgradeEvent {
    /**
     * Creates a {@code PlanStarted} from its components, checking them.
     *
     * @param at when it happened
     * @param planId the plan's id
     * @param from the revision upgraded from
     * @param to the revision upgraded to
     * @param stage the stage the plan is in now
     * @param resumed whether it was loaded from a checkpoint
     */
    public PlanStarted {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(planId, "planId");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(stage, "stage");
    }
  }

  /** Work toward {@code stage} begins (the plan is still in the stage before it). */
  record StageStarted(Instant at, Revision from, Revision to, UpgradeStage stage) implements UpgradeEvent {
    /**
     * Creates a {@code StageStarted} from its components, checking them.
     *
     * @param at when it happened
     * @param from the revision upgraded from
     * @param to the revision upgraded to
     * @param stage the stage
     */
    public StageStarted {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(stage, "stage");
    }
  }

  /**
   * The plan entered {@code stage} and its checkpoint was saved.
   *
   * @param took how long the work toward the stage took
   * @param details what the transition recorded (e.g. {@code namespaces=shop,web}), ascending by key
   */
  record StageCompleted(
      Instant at, Revision from, Revision to, UpgradeStage stage, Duration took, Map<String, String> details)
      implements UpgradeEvent {
    /**
     * Creates a {@code StageCompleted} from its components, checking them.
     *
     * @param at when it happened
     * @param from the revision upgraded from
     * @param to the revision upgraded to
     * @param stage the stage
     * @param took how long the work toward the stage took
     * @param details what the transition recorded (e.g. {@code namespaces=shop,web}), ascending by key
     */
    public StageCompleted {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(took, "took");
      details = Collections.unmodifiableSortedMap(new TreeMap<>(details));
    }
  }

  /** Namespaces were relabelled {@code istio.io/rev=value}. */
  record NamespacesRelabelled(Instant at, List<String> namespaces, String value) implements UpgradeEvent {
    /**
     * Creates a {@code NamespacesRelabelled} from its components, checking them.
     *
     * @param at when it happened
     * @param namespaces the namespaces
     * @param value the revision or revision tag the namespaces point at now
     */
    public NamespacesRelabelled {
      Objects.requireNonNull(at, "at");
      namespaces = List.copyOf(namespaces);
      Objects.requireNonNull(value, "value");
    }
  }

  /** A revision tag now points at {@code revision}. */
  record TagMoved(Instant at, String tag, Revision revision) implements UpgradeEvent {
    /**
     * Creates a {@code TagMoved} from its components, checking them.
     *
     * @param at when it happened
     * @param tag the revision tag, e.g. {@code prod-stable}
     * @param revision the revision, e.g. {@code asm-1-19}
     */
    public TagMoved {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(revision, "revision");
    }
  }

  /** {@code workload} was restarted: the {@code index}-th (1-based) of {@code total} in this step. */
  record WorkloadRestarted(Instant at, WorkloadRef workload, int index, int total) implements UpgradeEvent {
    /**
     * Creates a {@code WorkloadRestarted} from its components, checking them.
     *
     * @param at when it happened
     * @param workload the workload
     * @param index its position among the workloads restarted, 1-based
     * @param total how many workloads are restarted
     */
    public WorkloadRestarted {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(workload, "workload");
    }
  }

  /** A workload's rollout ended (successfully or not). */
  record RolloutFinished(Instant at, RolloutResult result) implements UpgradeEvent {
    /**
     * Creates a {@code RolloutFinished} from its components, checking them.
     *
     * @param at when it happened
     * @param result the rollout's result
     */
    public RolloutFinished {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(result, "result");
    }
  }

  /** Restart batch {@code batch} of {@code batches} is done; the next one starts after {@code pause}. */
  record BatchPaused(Instant at, int batch, int batches, Duration pause) implements UpgradeEvent {
    /**
     * Creates a {@code BatchPaused} from its components, checking them.
     *
     * @param at when it happened
     * @param batch the batch just finished, 1-based
     * @param batches how many batches there are
     * @param pause how long the pause lasts
     */
    public BatchPaused {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(pause, "pause");
    }
  }

  /**
   * {@code pods} pods still run {@code revision}; the health gate waits for them to go.
   *
   * @param byNamespace the pod count per namespace, ascending by namespace
   */
  record WaitingOnPods(Instant at, Revision revision, int pods, Map<String, Integer> byNamespace)
      implements UpgradeEvent {
    /**
     * Creates a {@code WaitingOnPods} from its components, checking them.
     *
     * @param at when it happened
     * @param revision the revision, e.g. {@code asm-1-19}
     * @param pods how many pods still run that revision
     * @param byNamespace the pod count per namespace, ascending by namespace
     */
    public WaitingOnPods {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(revision, "revision");
      byNamespace = Collections.unmodifiableSortedMap(new TreeMap<>(byNamespace));
    }
  }

  /** A health criterion or a user's {@link io.meshupgrade.spi.HealthCheck} failed. */
  record CheckFailed(Instant at, String check, String detail) implements UpgradeEvent {
    /**
     * Creates a {@code CheckFailed} from its components, checking them.
     *
     * @param at when it happened
     * @param check the health check's name
     * @param detail the detail, in words
     */
    public CheckFailed {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** The plan halted at {@code haltedAt}, with a reason; both control planes are kept. */
  record Halted(Instant at, Revision from, Revision to, UpgradeStage haltedAt, String reason)
      implements UpgradeEvent {
    /**
     * Creates a {@code Halted} from its components, checking them.
     *
     * @param at when it happened
     * @param from the revision upgraded from
     * @param to the revision upgraded to
     * @param haltedAt the halted at
     * @param reason why, in words
     */
    public Halted {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(haltedAt, "haltedAt");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The hop was rolled back: {@code to} is removed and everything runs {@code from} again. */
  record RolledBack(Instant at, Revision from, Revision to) implements UpgradeEvent {
    /**
     * Creates a {@code RolledBack} from its components, checking them.
     *
     * @param at when it happened
     * @param from the revision upgraded from
     * @param to the revision upgraded to
     */
    public RolledBack {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /** The hop completed: {@code from} is removed. */
  record Completed(Instant at, Revision from, Revision to) implements UpgradeEvent {
    /**
     * Creates a {@code Completed} from its components, checking them.
     *
     * @param at when it happened
     * @param from the revision upgraded from
     * @param to the revision upgraded to
     */
    public Completed {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /** The run stopped, as asked, after {@code stage}. */
  record Stopped(Instant at, Revision from, Revision to, UpgradeStage stage) implements UpgradeEvent {
    /**
     * Creates a {@code Stopped} from its components, checking them.
     *
     * @param at when it happened
     * @param from the revision upgraded from
     * @param to the revision upgraded to
     * @param stage the stage
     */
    public Stopped {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(stage, "stage");
    }
  }

  /** The run was refused before it changed anything. */
  record Refused(Instant at, String reason) implements UpgradeEvent {
    /**
     * Creates a {@code Refused} from its components, checking them.
     *
     * @param at when it happened
     * @param reason why, in words
     */
    public Refused {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
