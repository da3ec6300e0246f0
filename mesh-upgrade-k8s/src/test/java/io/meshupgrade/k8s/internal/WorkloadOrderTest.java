package io.meshupgrade.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.WorkloadRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadOrderTest {

  @Test
  void restartsTheGivenNamespacesFirstInTheirOrderThenTheRestByName() {
    List<WorkloadRef> in = List.of(
        WorkloadRef.deployment("b", "x"), WorkloadRef.deployment("z", "y"), WorkloadRef.deployment("a", "q"),
        WorkloadRef.statefulSet("z", "a"), WorkloadRef.deployment("m", "m"), WorkloadRef.deployment("a", "q"));

    List<WorkloadRef> out = WorkloadRestarts.order(in, List.of("z", "m"));

    assertThat(out).containsExactly(
        WorkloadRef.deployment("z", "y"), WorkloadRef.statefulSet("z", "a"), WorkloadRef.deployment("m", "m"),
        WorkloadRef.deployment("a", "q"), WorkloadRef.deployment("b", "x"));
  }

  @Test
  void buildsARestartPatchWithTheReadResourceVersionAsPrecondition() {
    assertThat(WorkloadRestarts.restartPatch("42", "2026-11-26T07:15:21Z")).isEqualTo(
        "{\"metadata\":{\"resourceVersion\":\"42\"},\"spec\":{\"template\":{\"metadata\":{\"annotations\":"
            + "{\"kubectl.kubernetes.io/restartedAt\":\"2026-11-26T07:15:21Z\"}}}}}");
  }
}
