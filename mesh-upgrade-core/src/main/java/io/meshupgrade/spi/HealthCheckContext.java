package io.meshupgrade.spi;

import io.meshupgrade.model.Revision;
import io.meshupgrade.model.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link HealthCheck} is told at each evaluation of the health gate (seed step 8): the hop, which evaluation
 * of the soak this is, how long the soak has run, when it ends, and the workloads the restart step moved to the new
 * revision. A final class with a builder so that it can gain accessors without breaking any check.
 *
 * <p>Immutable and thread-safe.
 */
public final class HealthCheckContext {

  private final Revision from;
  private final Revision to;
  private final int attempt;
  private final Duration elapsed;
  private final Instant deadline;
  private final List<WorkloadRef> restartedWorkloads;

  private HealthCheckContext(Builder b) {
    this.from = Objects.requireNonNull(b.from, "from");
    this.to = Objects.requireNonNull(b.to, "to");
    if (b.attempt < 1) {
      throw new IllegalArgumentException("attempt must be 1 or more (the first evaluation is 1), not " + b.attempt);
    }
    this.attempt = b.attempt;
    this.elapsed = Objects.requireNonNull(b.elapsed, "elapsed");
    if (elapsed.isNegative()) {
      throw new IllegalArgumentException("elapsed must not be negative, not " + elapsed);
    }
    this.deadline = Objects.requireNonNull(b.deadline, "deadline");
    this.restartedWorkloads = List.copyOf(b.restartedWorkloads);
  }

  /** {@return a builder; {@code from}, {@code to} and {@code deadline} are required, attempt defaults to 1} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder with this context's values (e.g. for the next attempt)} */
  public Builder toBuilder() {
    return new Builder().from(from).to(to).attempt(attempt).elapsed(elapsed).deadline(deadline)
        .restartedWorkloads(restartedWorkloads);
  }

  /** {@return the revision the hop leaves} */
  public Revision from() {
    return from;
  }

  /** {@return the revision the hop moves to} */
  public Revision to() {
    return to;
  }

  /** {@return which evaluation of this soak this is: 1 for the first, counting up by one per check interval} */
  public int attempt() {
    return attempt;
  }

  /** {@return the time since the soak began (zero at the first attempt)} */
  public Duration elapsed() {
    return elapsed;
  }

  /** {@return when the soak ends: the gate passes once every check is healthy at or after this instant} */
  public Instant deadline() {
    return deadline;
  }

  /**
   * The workloads the restart step (seed step 7) moved to {@link #to()}, in restart order, unmodifiable. A run
   * resumed from a checkpoint past that step lists the restartable workloads found running {@link #to()} instead.
   *
   * @return the restarted workloads, in restart order; empty when none was restarted
   */
  public List<WorkloadRef> restartedWorkloads() {
    return restartedWorkloads;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HealthCheckContext c && from.equals(c.from) && to.equals(c.to) && attempt == c.attempt
        && elapsed.equals(c.elapsed) && deadline.equals(c.deadline) && restartedWorkloads.equals(c.restartedWorkloads);
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, attempt, elapsed, deadline, restartedWorkloads);
  }

  @Override
  public String toString() {
    return "HealthCheckContext[" + from + " -> " + to + ", attempt " + attempt + ", elapsed " + elapsed
        + ", deadline " + deadline + ", restarted " + restartedWorkloads + "]";
  }

  /** Builds a {@link HealthCheckContext}. Not thread-safe. */
  public static final class Builder {
    private Revision from;
    private Revision to;
    private int attempt = 1;
    private Duration elapsed = Duration.ZERO;
    private Instant deadline;
    private List<WorkloadRef> restartedWorkloads = List.of();

    private Builder() {}

    /**
     * The revision the hop leaves (required).
     *
     * @param from the revision the hop leaves (required)
     * @return this builder
     */
    public Builder from(Revision from) {
      this.from = Objects.requireNonNull(from, "from");
      return this;
    }

    /**
     * The revision the hop moves to (required).
     *
     * @param to the revision the hop moves to (required)
     * @return this builder
     */
    public Builder to(Revision to) {
      this.to = Objects.requireNonNull(to, "to");
      return this;
    }

    /**
     * The 1-based evaluation number (default 1).
     *
     * @param attempt which evaluation of the soak this is, 1 or more
     * @return this builder
     */
    public Builder attempt(int attempt) {
      this.attempt = attempt;
      return this;
    }

    /**
     * The time since the soak began (default zero).
     *
     * @param elapsed the time since the soak began (default zero)
     * @return this builder
     */
    public Builder elapsed(Duration elapsed) {
      this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
      return this;
    }

    /**
     * When the soak ends (required).
     *
     * @param deadline the instant the soak ends (not null)
     * @return this builder
     */
    public Builder deadline(Instant deadline) {
      this.deadline = Objects.requireNonNull(deadline, "deadline");
      return this;
    }

    /**
     * The workloads moved to the new revision (default none); copied.
     *
     * @param restartedWorkloads the workloads moved to the new revision (default none); copied
     * @return this builder
     */
    public Builder restartedWorkloads(List<WorkloadRef> restartedWorkloads) {
      this.restartedWorkloads = List.copyOf(Objects.requireNonNull(restartedWorkloads, "restartedWorkloads"));
      return this;
    }

    /**
     * The context.
     *
     * @return the context built from this builder's values
     * @throws NullPointerException naming a required value that is missing
     * @throws IllegalArgumentException for an attempt under 1 or a negative elapsed time
     */
    public HealthCheckContext build() {
      return new HealthCheckContext(this);
    }
  }
}
