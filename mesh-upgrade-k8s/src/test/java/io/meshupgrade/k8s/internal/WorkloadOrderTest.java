package io.meshupgrade.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkloadOrderTest {

  @Test
  void buildsARestartPatchWithTheReadResourceVersionAsPrecondition() {
    assertThat(WorkloadRestarts.restartPatch("42", "2026-11-26T07:15:21Z")).isEqualTo(
        "{\"metadata\":{\"resourceVersion\":\"42\"},\"spec\":{\"template\":{\"metadata\":{\"annotations\":"
            + "{\"kubectl.kubernetes.io/restartedAt\":\"2026-11-26T07:15:21Z\"}}}}}");
  }
}
