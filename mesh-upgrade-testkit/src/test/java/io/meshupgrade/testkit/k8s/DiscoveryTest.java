package io.meshupgrade.testkit.k8s;

import static io.meshupgrade.testkit.k8s.SimulatorSupport.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreApi;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.V1APIResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
  private KubernetesSimulator sim;

  @BeforeEach
  void start() {
    sim = KubernetesSimulator.start();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void versionAndDiscoveryDocumentsParseWithTheOfficialClient() throws ApiException {
    var client = client(sim);

    assertThat(new VersionApi(client).getCode().execute().getMajor()).isEqualTo("1");
    assertThat(new CoreApi(client).getAPIVersions().execute().getVersions()).containsExactly("v1");
    assertThat(new CoreV1Api(client).getAPIResources().execute().getResources())
        .extracting(V1APIResource::getName)
        .contains("pods", "pods/status", "namespaces", "configmaps", "services");
    assertThat(new AppsV1Api(client).getAPIResources().execute().getResources())
        .filteredOn(r -> r.getName().equals("deployments"))
        .singleElement()
        .satisfies(r -> assertThat(r.getVerbs()).contains("patch", "watch"));
  }

  @Test
  void unknownPathsAreNotFound() {
    var e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ApiException.class,
            () -> new io.kubernetes.client.openapi.apis.NetworkingV1Api(client(sim)).listIngressForAllNamespaces()
                .execute());

    assertThat(e.getCode()).isEqualTo(404);
  }
}
