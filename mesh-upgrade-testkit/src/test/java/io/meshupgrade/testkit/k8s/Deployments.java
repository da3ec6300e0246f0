package io.meshupgrade.testkit.k8s;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import java.util.Map;

/** Client-side Deployment objects for tests. */
final class Deployments {
  private Deployments() {}

  static V1Deployment deployment(String name, int replicas) {
    return new V1Deployment()
        .metadata(new V1ObjectMeta().name(name).labels(Map.of("app", name)))
        .spec(
            new V1DeploymentSpec()
                .replicas(replicas)
                .selector(new V1LabelSelector().matchLabels(Map.of("app", name)))
                .template(
                    new V1PodTemplateSpec()
                        .metadata(new V1ObjectMeta().labels(Map.of("app", name)))
                        .spec(new V1PodSpec().addContainersItem(new V1Container().name("app").image("nginx:1.27")))));
  }
}
