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
 * How to restart workloads.
 *
 * <p>Immutable and thread-safe.
 *
 * @param concurrency how many rollouts run at once (at least 1; default 10)
 * @param namespaceOrder namespaces to restart first, in this order; the rest follow in name order
 * @param rolloutTimeout how long to wait for all the rollouts to finish
 */
public record RestartOptions(int concurrency, List<String> namespaceOrder, Duration rolloutTimeout) {
  /** The default concurrency. */
  public static final int DEFAULT_CONCURRENCY = 10;

  /**
   * Creates a {@code RestartOptions} from its components, checking them.
   *
   * @param concurrency how many rollouts run at once (at least 1; default 10)
   * @param namespaceOrder namespaces to restart first, in this order; the rest follow in name order
   * @param rolloutTimeout how long to wait for all the rollouts to finish
   */
  public RestartOptions {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    namespaceOrder = List.copyOf(Objects.requireNonNull(namespaceOrder, "namespaceOrder"));
    Objects.requireNonNull(rolloutTimeout, "rolloutTimeout");
    if (rolloutTimeout.isNegative() || rolloutTimeout.isZero()) {
      throw new IllegalArgumentException("rolloutTimeout must be positive, got " + rolloutTimeout);
    }
  }

  /**
   * Concurrency 10, no namespace order, ten minutes.
   *
   * @return the restart options
   */
  public static RestartOptions defaults() {
    return new RestartOptions(DEFAULT_CONCURRENCY, List.of(), Duration.ofMinutes(10));
  }

  /**
   * The restart order of {@code workloads}: those in the namespaces of {@link #namespaceOrder()} first, in that order,
   * then the others by namespace name; within a namespace by kind and name (the natural order of {@link WorkloadRef}).
   * A workload given twice appears once. The one place the order is decided, for the orchestrator and the adapters.
   *
   * @param workloads the workloads
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
   * @param newConcurrency the new concurrency
   * @return this restart options
   * @throws IllegalArgumentException if {@code newConcurrency} is less than 1
   */
  public RestartOptions withConcurrency(int newConcurrency) {
    return new RestartOptions(newConcurrency, namespaceOrder, rolloutTimeout);
  }

  /**
   * A copy that restarts {@code order}'s namespaces first, in that order (copied; null throws NPE).
   *
   * @param order the order
   * @return this restart options
   */
  public RestartOptions withNamespaceOrder(List<String> order) {
    return new RestartOptions(concurrency, order, rolloutTimeout);
  }

  /**
   * A copy with another rollout timeout.
   *
   * @param timeout how long to wait at most
   * @return this restart options
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public RestartOptions withRolloutTimeout(Duration timeout) {
    return new RestartOptions(concurrency, namespaceOrder, timeout);
  }
}
