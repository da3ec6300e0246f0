package io.meshupgrade.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1DaemonSetSpec;
import io.kubernetes.client.openapi.models.V1DaemonSetStatus;
import io.kubernetes.client.openapi.models.V1DaemonSetUpdateStrategy;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentCondition;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1RollingUpdateStatefulSetStrategy;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import io.kubernetes.client.openapi.models.V1StatefulSetStatus;
import io.kubernetes.client.openapi.models.V1StatefulSetUpdateStrategy;
import io.meshupgrade.k8s.internal.RolloutStatus.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolloutStatusTest {

  /** generation, observedGeneration, spec.replicas, replicas, updated, available, paused, deadlineExceeded. */
  @ParameterizedTest(name = "gen {0} obs {1} spec {2} replicas {3} updated {4} available {5} paused {6} pde {7} -> {8}")
  @CsvSource({
      "2, 1, 3, 3, 3, 3, false, false, PROGRESSING, spec update to be observed",
      "2, 2, 3, 3, 3, 3, false, false, DONE, successfully rolled out",
      "3, 2, 3, 3, 3, 3, false, true, PROGRESSING, spec update to be observed",
      "2, 2, 3, 3, 1, 1, false, true, FAILED, exceeded its progress deadline",
      "2, 2, 3, 3, 1, 3, false, false, PROGRESSING, 1 out of 3 new replicas",
      "2, 2, 3, 4, 3, 3, false, false, PROGRESSING, 1 old replicas are pending termination",
      "2, 2, 3, 3, 3, 2, false, false, PROGRESSING, 2 of 3 updated replicas are available",
      "2, 2, 0, 0, 0, 0, false, false, DONE, successfully rolled out",
      "2, 2, 3, 3, 3, 3, true, false, PAUSED, paused",
  })
  void appliesKubectlRulesToDeployments(long generation, long observed, int desired, int replicas, int updated,
      int available, boolean paused, boolean deadlineExceeded, Phase phase, String message) {
    V1Deployment d = new V1Deployment()
        .metadata(new V1ObjectMeta().name("cart").namespace("shop").generation(generation))
        .spec(new V1DeploymentSpec().replicas(desired).paused(paused))
        .status(new V1DeploymentStatus().observedGeneration(observed).replicas(replicas).updatedReplicas(updated)
            .availableReplicas(available)
            .conditions(deadlineExceeded
                ? List.of(new V1DeploymentCondition().type("Progressing").status("False")
                    .reason("ProgressDeadlineExceeded").message("ReplicaSet \"cart-1\" has timed out progressing."))
                : List.of(new V1DeploymentCondition().type("Progressing").status("True")
                    .reason("NewReplicaSetAvailable"))));

    RolloutStatus.State state = RolloutStatus.of(d);

    assertThat(state.phase()).isEqualTo(phase);
    assertThat(state.message()).contains(message);
  }

  @Test
  void namesTheDeploymentThatExceededItsProgressDeadline() {
    V1Deployment d = new V1Deployment().metadata(new V1ObjectMeta().name("cart").generation(1L))
        .status(new V1DeploymentStatus().observedGeneration(1L).conditions(List.of(
            new V1DeploymentCondition().type("Progressing").reason("ProgressDeadlineExceeded"))));

    assertThat(RolloutStatus.of(d).message()).startsWith("ProgressDeadlineExceeded").contains("\"cart\"");
  }

  /** generation, observedGeneration, spec.replicas, ready, updated, currentRevision, updateRevision, partition. */
  @ParameterizedTest(name = "gen {0} obs {1} spec {2} ready {3} updated {4} {5}->{6} partition {7} -> {8}")
  @CsvSource({
      "2, 1, 3, 3, 3, r2, r2, 0, PROGRESSING, spec update to be observed",
      "1, 0, 3, 3, 3, r2, r2, 0, PROGRESSING, spec update to be observed",
      "2, 2, 3, 2, 3, r2, r2, 0, PROGRESSING, Waiting for 1 pods",
      "2, 2, 3, 3, 2, r1, r2, 0, PROGRESSING, rolling update to complete",
      "2, 2, 3, 3, 3, r2, r2, 0, DONE, rolling update complete",
      "2, 2, 3, 3, 1, r1, r2, 1, PROGRESSING, partitioned roll out",
      "2, 2, 3, 3, 2, r1, r2, 1, DONE, partitioned roll out",
  })
  void appliesKubectlRulesToStatefulSets(long generation, long observed, int desired, int ready, int updated,
      String current, String update, int partition, Phase phase, String message) {
    V1StatefulSet sts = new V1StatefulSet()
        .metadata(new V1ObjectMeta().name("db").generation(generation))
        .spec(new V1StatefulSetSpec().replicas(desired).updateStrategy(new V1StatefulSetUpdateStrategy()
            .type("RollingUpdate").rollingUpdate(new V1RollingUpdateStatefulSetStrategy().partition(partition))))
        .status(new V1StatefulSetStatus().observedGeneration(observed).replicas(desired).readyReplicas(ready)
            .updatedReplicas(updated).currentReplicas(desired - updated).currentRevision(current)
            .updateRevision(update));

    RolloutStatus.State state = RolloutStatus.of(sts);

    assertThat(state.phase()).isEqualTo(phase);
    assertThat(state.message()).contains(message);
  }

  @Test
  void reportsAnOnDeleteStatefulSetAsFailedBecauseARestartDoesNotReplaceItsPods() {
    V1StatefulSet sts = new V1StatefulSet().metadata(new V1ObjectMeta().name("db").generation(1L))
        .spec(new V1StatefulSetSpec().updateStrategy(new V1StatefulSetUpdateStrategy().type("OnDelete")));

    RolloutStatus.State state = RolloutStatus.of(sts);

    assertThat(state.phase()).isEqualTo(Phase.FAILED);
    assertThat(state.message()).contains("OnDelete");
  }

  /** generation, observedGeneration, desired, updatedScheduled, available. */
  @ParameterizedTest(name = "gen {0} obs {1} desired {2} updated {3} available {4} -> {5}")
  @CsvSource({
      "2, 1, 3, 3, 3, PROGRESSING, spec update to be observed",
      "2, 2, 3, 2, 3, PROGRESSING, 2 out of 3 new pods",
      "2, 2, 3, 3, 2, PROGRESSING, 2 of 3 updated pods are available",
      "2, 2, 3, 3, 3, DONE, successfully rolled out",
      "2, 3, 0, 0, 0, DONE, successfully rolled out",
  })
  void appliesKubectlRulesToDaemonSets(long generation, long observed, int desired, int updated, int available,
      Phase phase, String message) {
    V1DaemonSet ds = new V1DaemonSet().metadata(new V1ObjectMeta().name("agent").generation(generation))
        .spec(new V1DaemonSetSpec().updateStrategy(new V1DaemonSetUpdateStrategy().type("RollingUpdate")))
        .status(new V1DaemonSetStatus().observedGeneration(observed).desiredNumberScheduled(desired)
            .updatedNumberScheduled(updated).numberAvailable(available).currentNumberScheduled(desired)
            .numberMisscheduled(0).numberReady(available));

    RolloutStatus.State state = RolloutStatus.of(ds);

    assertThat(state.phase()).isEqualTo(phase);
    assertThat(state.message()).contains(message);
  }
}
