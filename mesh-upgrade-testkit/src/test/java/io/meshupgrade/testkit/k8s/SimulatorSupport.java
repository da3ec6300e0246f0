package io.meshupgrade.testkit.k8s;

import static org.assertj.core.api.Assertions.fail;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers for tests that drive the simulator through the official client. */
final class SimulatorSupport {
  static final String PROXY_18 = "mcr.microsoft.com/oss/istio/proxyv2:1.18.2-distroless";
  static final String PROXY_18_PATCHED = "mcr.microsoft.com/oss/istio/proxyv2:1.18.7-distroless";
  static final String PROXY_19 = "mcr.microsoft.com/oss/istio/proxyv2:1.19.5-distroless";

  private SimulatorSupport() {}

  static ApiClient client(KubernetesSimulator sim) {
    ApiClient client = new ClientBuilder().setBasePath(sim.uri().toString()).build();
    client.setHttpClient(client.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS).build());
    return client;
  }

  /** Polls a condition until it holds or the deadline passes (then fails with the description). */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while waiting for " + what);
      }
    }
    if (!condition.getAsBoolean()) {
      fail("timed out after " + timeout + " waiting for " + what);
    }
  }

  static void await(String what, BooleanSupplier condition) {
    await(what, Duration.ofSeconds(20), condition);
  }

  static V1Namespace namespace(String name, Map<String, String> labels) {
    return new V1Namespace().metadata(new V1ObjectMeta().name(name).labels(labels));
  }

  static V1Pod pod(String name, Map<String, String> labels) {
    return new V1Pod()
        .metadata(new V1ObjectMeta().name(name).labels(labels))
        .spec(new V1PodSpec().addContainersItem(new V1Container().name("app").image("nginx:1.27")));
  }
}
