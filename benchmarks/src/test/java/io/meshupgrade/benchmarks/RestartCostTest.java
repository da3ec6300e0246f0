package io.meshupgrade.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The restart API cost at a tiny size: request COUNTS only (ratios of counts, with the margins the timing model
 * allows); never wall-clock time.
 */
class RestartCostTest {
  private static RestartCost ours5;
  private static RestartCost ours20;
  private static RestartCost naive20;

  @BeforeAll
  static void measure() {
    RestartCostBenchmark bench = new RestartCostBenchmark(RestartCostBenchmark.Settings.defaults());
    ours5 = bench.ours(5);
    ours20 = bench.ours(20);
    naive20 = bench.naive(20);
  }

  @Test
  void oursCostsOneGetAndOnePatchPerWorkloadAndNoGetPerPoll() {
    assertThat(ours20.requests("get")).isEqualTo(20);
    assertThat(ours20.requests("patch")).isEqualTo(20);
    // At most one list per namespace in flight (20 workloads in 4 namespaces) per poll interval that actually passed:
    // bounded by the elapsed time, so a stalled machine cannot make it fail, while a list per workload per poll would.
    long polls = ours20.millis() / RestartCostBenchmark.Settings.defaults().pollInterval().toMillis() + 2;
    assertThat(ours20.requests("list")).as("shared lists per poll interval").isPositive()
        .isLessThanOrEqualTo(polls * 4);
    assertThat(ours20.requests()).isEqualTo(ours20.requests("get") + ours20.requests("patch")
        + ours20.requests("list"));
  }

  @Test
  void ourRequestsPerWorkloadStayConstantAsTheNumberOfWorkloadsGrows() {
    assertThat(ours20.perWorkload()).isLessThanOrEqualTo(1.5 * ours5.perWorkload());
  }

  @Test
  void oursCostsFewerRequestsPerWorkloadThanTheNaiveBaseline() {
    assertThat(naive20.requests("patch")).isEqualTo(20);
    assertThat(naive20.requests("get")).as("the baseline looks at least once per rollout").isGreaterThanOrEqualTo(20);
    assertThat(ours20.perWorkload()).isLessThan(naive20.perWorkload());
  }
}
