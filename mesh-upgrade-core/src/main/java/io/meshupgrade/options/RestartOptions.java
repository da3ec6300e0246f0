package io.meshupgrade.options;

import io.meshupgrade.model.WorkloadRef;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to restart workloads: concurrency, namespace order and rollout timeout. Build one with {@link #builder()}
 * (or start from {@link #defaults()}); a field added later gets a default in the builder, so no caller breaks.
 *
 * <p>Immutable and thread-safe.
 */
public final class RestartOptions {
  /** The default concurrency. */
  public static final int DEFAULT_CONCURRENCY = 10;

  private static final Duration DEFAULT_ROLLOUT_TIMEOUT = Duration.ofMinutes(10);

  private final int concurrency;
  private final List<String> namespaceOrder;
  private final Duration rolloutTimeout;

  private RestartOptions(Builder b) {
    if (b.concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + b.concurrency);
    }
    this.concurrency = b.concurrency;
    this.namespaceOrder = List.copyOf(Objects.requireNonNull(b.namespaceOrder, "namespaceOrder"));
    this.rolloutTimeout = Objects.requireNonNull(b.rolloutTimeout, "rolloutTimeout");
    if (rolloutTimeout.isNegative() || rolloutTimeout.isZero()) {
      throw new IllegalArgumentException("rolloutTimeout must be positive, got " + rolloutTimeout);
    }
  }

  /** {@return the default options: concurrency 10, no namespace order, ten minutes} */
  public static RestartOptions defaults() {
    return builder().build();
  }

  /** {@return a builder with the defaults (concurrency 10, no namespace order, ten minutes)} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding these options} */
  public Builder toBuilder() {
    return new Builder().concurrency(concurrency).namespaceOrder(namespaceOrder).rolloutTimeout(rolloutTimeout);
  }

  /** {@return how many rollouts run at once (at least 1; default 10)} */
  public int concurrency() {
    return concurrency;
  }

  /** {@return the namespaces to restart first, in this order (maybe empty); the rest follow in name order} */
  public List<String> namespaceOrder() {
    return namespaceOrder;
  }

  /** {@return how long to wait for all the rollouts to finish} */
  public Duration rolloutTimeout() {
    return rolloutTimeout;
  }

  /**
   * The restart order of {@code workloads}: those in the namespaces of {@link #namespaceOrder()} first, in that order,
   * then the others by namespace name; within a namespace by kind and name (the natural order of {@link WorkloadRef}).
   * A workload given twice appears once. The one place the order is decided, for the orchestrator and the adapters.
   *
   * @param workloads the workloads to order (not null, no null element); duplicates are dropped
   * @return an unmodifiable list
   */
  public List<WorkloadRef> order(Collection<WorkloadRef> workloads) {
    Objects.requireNonNull(workloads, "workloads");
    Map<String, Integer> rank = new HashMap<>();
    for (int i = 0; i < namespaceOrder.size(); i++) {
      rank.putIfAbsent(namespaceOrder.get(i), i);
    }
    Comparator<WorkloadRef> byRank = Comparator.comparingInt(w -> rank.getOrDefault(w.namespace(), Integer.MAX_VALUE));
    return workloads.stream().map(w -> Objects.requireNonNull(w, "workload")).distinct()
        .sorted(byRank.thenComparing(Comparator.naturalOrder())).toList();
  }

  /**
   * A copy with another concurrency.
   *
   * @param newConcurrency how many rollouts run at once, at least 1
   * @return a copy of these options with that concurrency
   * @throws IllegalArgumentException if {@code newConcurrency} is less than 1
   */
  public RestartOptions withConcurrency(int newConcurrency) {
    return toBuilder().concurrency(newConcurrency).build();
  }

  /**
   * A copy that restarts {@code order}'s namespaces first, in that order (copied; null throws NPE).
   *
   * @param order the namespaces to restart first, in this order (copied; not null)
   * @return a copy of these options with that namespace order
   */
  public RestartOptions withNamespaceOrder(List<String> order) {
    return toBuilder().namespaceOrder(order).build();
  }

  /**
   * A copy with another rollout timeout.
   *
   * @param timeout how long to wait for all the rollouts to finish, positive
   * @return a copy of these options with that rollout timeout
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public RestartOptions withRolloutTimeout(Duration timeout) {
    return toBuilder().rolloutTimeout(timeout).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RestartOptions r && r.concurrency == concurrency && r.namespaceOrder.equals(namespaceOrder)
        && r.rolloutTimeout.equals(rolloutTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(concurrency, namespaceOrder, rolloutTimeout);
  }

  @Override
  public String toString() {
    return "RestartOptions[concurrency=" + concurrency + ", namespaceOrder=" + namespaceOrder + ", rolloutTimeout="
        + rolloutTimeout + "]";
  }

  /** Builds {@link RestartOptions}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private int concurrency = DEFAULT_CONCURRENCY;
    private List<String> namespaceOrder = List.of();
    private Duration rolloutTimeout = DEFAULT_ROLLOUT_TIMEOUT;

    private Builder() {}

    /**
     * How many rollouts run at once (at least 1; default {@value RestartOptions#DEFAULT_CONCURRENCY}).
     *
     * @param concurrency how many rollouts run at once, at least 1
     * @return this builder
     */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Namespaces to restart first, in this order (copied; null throws NPE); the rest follow in name order.
     *
     * @param order the namespaces to restart first, in this order (copied; not null)
     * @return this builder
     */
    public Builder namespaceOrder(List<String> order) {
      this.namespaceOrder = List.copyOf(Objects.requireNonNull(order, "namespaceOrder"));
      return this;
    }

    /**
     * How long to wait for all the rollouts to finish (default ten minutes).
     *
     * @param timeout the rollout timeout, positive
     * @return this builder
     */
    public Builder rolloutTimeout(Duration timeout) {
      this.rolloutTimeout = timeout;
      return this;
    }

    /**
     * The options.
     *
     * @return the options built from this builder's values
     * @throws IllegalArgumentException if the concurrency is below 1 or the timeout is not positive
     * @throws NullPointerException if the timeout is null
     */
    public RestartOptions build() {
      return new RestartOptions(this);
    }
  }
}
