package io.meshupgrade.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.model.WorkloadRef;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one restart order shared by the orchestrator and the adapters. */
class RestartOptionsOrderTest {

  @Test
  void ordersTheGivenNamespacesFirstInTheirOrderThenTheRestByNamespaceKindAndName() {
    List<WorkloadRef> in = List.of(
        WorkloadRef.deployment("b", "x"), WorkloadRef.deployment("z", "y"), WorkloadRef.deployment("a", "q"),
        WorkloadRef.statefulSet("z", "a"), WorkloadRef.deployment("m", "m"), WorkloadRef.deployment("a", "q"));

    List<WorkloadRef> out = RestartOptions.defaults().withNamespaceOrder(List.of("z", "m", "z")).order(in);

    assertThat(out).containsExactly(
        WorkloadRef.deployment("z", "y"), WorkloadRef.statefulSet("z", "a"), WorkloadRef.deployment("m", "m"),
        WorkloadRef.deployment("a", "q"), WorkloadRef.deployment("b", "x"));
    assertThatThrownBy(() -> out.add(WorkloadRef.deployment("c", "c")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void ordersByNamespaceKindAndNameWithoutANamespaceOrder() {
    assertThat(RestartOptions.defaults().order(Set.of(WorkloadRef.daemonSet("a", "d"), WorkloadRef.deployment("a", "z"),
        WorkloadRef.deployment("0", "a")))).containsExactly(WorkloadRef.deployment("0", "a"),
        WorkloadRef.deployment("a", "z"), WorkloadRef.daemonSet("a", "d"));
  }

  @Test
  void refusesNullWorkloads() {
    assertThatThrownBy(() -> RestartOptions.defaults().order(null)).hasMessage("workloads");
  }
}
