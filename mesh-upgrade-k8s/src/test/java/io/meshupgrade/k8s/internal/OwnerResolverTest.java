package io.meshupgrade.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OwnerResolverTest {

  @Test
  void resolvesTheRealFixturePodThroughItsReplicaSetToTheDeployment() {
    V1Pod pod = Fixtures.load("pod-injected-istio-1.18.1-rev-default-real.yaml", V1Pod.class);
    V1OwnerReference rsRef = pod.getMetadata().getOwnerReferences().get(0);
    OwnerResolver owners = new OwnerResolver();
    owners.addReplicaSet(replicaSet(pod.getMetadata().getNamespace(), rsRef.getName(), "details-v1"));

    assertThat(owners.ownerOf(pod)).isEqualTo(WorkloadRef.deployment(pod.getMetadata().getNamespace(), "details-v1"));
  }

  @Test
  void derivesTheDeploymentFromThePodTemplateHashWhenTheReplicaSetWasNotListed() {
    V1Pod pod = pod("shop", "ReplicaSet", "cart-7d4d9d5fcb", Map.of("pod-template-hash", "7d4d9d5fcb"));

    assertThat(new OwnerResolver().ownerOf(pod)).isEqualTo(WorkloadRef.deployment("shop", "cart"));
  }

  @Test
  void reportsAReplicaSetWithoutDeploymentAsOther() {
    OwnerResolver owners = new OwnerResolver();
    owners.addReplicaSet(replicaSet("shop", "bare-rs", null));

    assertThat(owners.ownerOf(pod("shop", "ReplicaSet", "bare-rs", Map.of())))
        .isEqualTo(new WorkloadRef(WorkloadKind.OTHER, "shop", "bare-rs"));
  }

  @Test
  void doesNotConfuseReplicaSetsOfTheSameNameInTwoNamespaces() {
    OwnerResolver owners = new OwnerResolver();
    owners.addReplicaSet(replicaSet("a", "web-1", "web"));
    owners.addReplicaSet(replicaSet("b", "web-1", "frontend"));

    assertThat(owners.ownerOf(pod("b", "ReplicaSet", "web-1", Map.of())))
        .isEqualTo(WorkloadRef.deployment("b", "frontend"));
    assertThat(owners.replicaSetCount()).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource({
      "StatefulSet, db, STATEFUL_SET, db",
      "DaemonSet, agent, DAEMON_SET, agent",
      "Job, backup-123, JOB, backup-123",
      "Rollout, canary, OTHER, canary",
  })
  void resolvesOtherControllers(String kind, String name, WorkloadKind expected, String expectedName) {
    assertThat(new OwnerResolver().ownerOf(pod("ns", kind, name, Map.of())))
        .isEqualTo(new WorkloadRef(expected, "ns", expectedName));
  }

  @Test
  void reportsAPodWithoutOwnerAsABarePodNamedAfterItself() {
    V1Pod pod = new V1Pod().metadata(new V1ObjectMeta().namespace("ns").name("debug"));

    assertThat(new OwnerResolver().ownerOf(pod)).isEqualTo(new WorkloadRef(WorkloadKind.BARE_POD, "ns", "debug"));
  }

  private static V1ReplicaSet replicaSet(String ns, String name, String deployment) {
    V1ObjectMeta meta = new V1ObjectMeta().namespace(ns).name(name);
    if (deployment != null) {
      meta.ownerReferences(List.of(new V1OwnerReference().kind("Deployment").name(deployment).controller(true)
          .apiVersion("apps/v1").uid("u")));
    }
    return new V1ReplicaSet().metadata(meta);
  }

  private static V1Pod pod(String ns, String kind, String owner, Map<String, String> labels) {
    return new V1Pod().metadata(new V1ObjectMeta().namespace(ns).name(owner + "-x").labels(labels)
        .ownerReferences(List.of(new V1OwnerReference().kind(kind).name(owner).controller(true).apiVersion("v1")
            .uid("u"))));
  }
}
