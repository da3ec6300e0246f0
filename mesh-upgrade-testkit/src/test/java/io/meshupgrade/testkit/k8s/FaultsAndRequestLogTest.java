package io.meshupgrade.testkit.k8s;

import static io.meshupgrade.testkit.k8s.SimulatorSupport.namespace;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultsAndRequestLogTest extends OverHttpTest {

  @BeforeEach
  void seed() throws ApiException {
    core.createNamespace(namespace("shop", Map.of())).execute();
    apps.createNamespacedDeployment("shop", Deployments.deployment("web", 1)).execute();
    sim.requestLog().reset();
  }

  private V1Deployment restart() throws ApiException {
    return PatchUtils.patch(
        V1Deployment.class,
        () ->
            apps.patchNamespacedDeployment(
                    "web",
                    "shop",
                    new V1Patch(
                        "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":"
                            + "{\"kubectl.kubernetes.io/restartedAt\":\"2026-11-26T08:00:00Z\"}}}}}"))
                .buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
        client);
  }

  @ParameterizedTest(name = "{0} answers reason {1}")
  @CsvSource({"409, Conflict", "403, Forbidden", "500, InternalError", "429, TooManyRequests"})
  void theNextMatchingCallsFailWithTheChosenStatusThenSucceed(int status, String reason) throws ApiException {
    sim.faults().failNext(2, "patch", "deployments", "web", status);

    for (int i = 0; i < 2; i++) {
      ApiException e = catchThrowableOfType(ApiException.class, this::restart);
      assertThat(e.getCode()).isEqualTo(status);
      assertThat(e.getResponseBody()).contains("\"reason\":\"" + reason + "\"").contains("\"code\":" + status);
    }
    assertThat(restart().getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(sim.faults().pending()).isZero();
    assertThat(sim.requestLog().entries())
        .extracting(RequestLog.Entry::status)
        .containsExactly(status, status, 200);
  }

  @Test
  void aThrottledCallCarriesRetryAfter() {
    sim.faults().throttleNext(1, "list", "pods", Duration.ofSeconds(3));

    ApiException e = catchThrowableOfType(ApiException.class, () -> core.listNamespacedPod("shop").execute());

    assertThat(e.getCode()).isEqualTo(429);
    assertThat(e.getResponseHeaders()).containsKey("Retry-After");
    assertThat(e.getResponseHeaders().get("Retry-After")).containsExactly("3");
    assertThat(e.getResponseBody()).contains("\"retryAfterSeconds\":3");
  }

  @Test
  void aForbiddenAnswerNamesVerbResourceAndNamespace() {
    sim.faults().failNext(1, "*", "pods", 403);

    ApiException e = catchThrowableOfType(ApiException.class, () -> core.listNamespacedPod("shop").execute());

    assertThat(e.getResponseBody())
        .contains("cannot list resource \\\"pods\\\" in API group \\\"\\\" in the namespace \\\"shop\\\"");
  }

  @Test
  void faultsOnOtherCallsDoNotFire() throws ApiException {
    sim.faults().failNext(1, "delete", "deployments", 500);

    restart();
    core.listNamespacedPod("shop").execute();

    assertThat(sim.faults().pending()).isEqualTo(1);
    sim.faults().clear();
    assertThat(sim.faults().pending()).isZero();
  }

  @Test
  void latencyIsAddedToEveryCallAndCanBeRemoved() throws ApiException {
    sim.faults().latency(Duration.ofMillis(120));
    long start = System.nanoTime();
    core.listNamespacedPod("shop").execute();
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    sim.faults().latency(Duration.ZERO);

    assertThat(elapsedMillis).isGreaterThanOrEqualTo(120);
    assertThat(sim.faults().latencyMillis()).isZero();
  }

  @Test
  void theRequestLogCountsPerVerbAndResets() throws ApiException {
    core.createNamespacedPod("shop", pod("a", Map.of())).execute();
    core.readNamespacedPod("a", "shop").execute();
    catchThrowableOfType(ApiException.class, () -> core.readNamespacedPod("b", "shop").execute());
    core.listNamespacedPod("shop").execute();
    restart();
    apps.readNamespacedDeploymentStatus("web", "shop").execute();

    assertThat(sim.requestLog().entries())
        .containsExactly(
            new RequestLog.Entry("create", "", "pods", null, "shop", null, 201),
            new RequestLog.Entry("get", "", "pods", null, "shop", "a", 200),
            new RequestLog.Entry("get", "", "pods", null, "shop", "b", 404),
            new RequestLog.Entry("list", "", "pods", null, "shop", null, 200),
            new RequestLog.Entry("patch", "apps", "deployments", null, "shop", "web", 200),
            new RequestLog.Entry("get", "apps", "deployments", "status", "shop", "web", 200));
    assertThat(sim.requestLog().count("get", "pods")).isEqualTo(2);
    assertThat(sim.requestLog().count("*", "*")).isEqualTo(6);
    assertThat(sim.requestLog().countsByVerb()).containsEntry("get", 3L).containsEntry("patch", 1L);
    assertThat(sim.requestLog().entries().get(5).rbacResource()).isEqualTo("deployments/status");

    sim.requestLog().reset();
    assertThat(sim.requestLog().size()).isZero();
  }

  @Test
  void badFaultArgumentsAreRejected() {
    assertThatThrownBy(() -> sim.faults().failNext(0, "get", "pods", 500))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
    assertThatThrownBy(() -> sim.faults().failNext(1, "get", "pods", 200))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("200");
    assertThatThrownBy(() -> sim.faults().failNext(1, null, "pods", 500))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("verb");
  }

  @Test
  void aDroppedResponseLeavesTheWriteAppliedButTheClientWithoutAnAnswer() throws ApiException {
    sim.faults().dropResponseAfterApplying(1, "patch", "deployments");
    // OkHttp would otherwise resend the request on a fresh connection by itself
    client.setHttpClient(client.getHttpClient().newBuilder().retryOnConnectionFailure(false).build());

    ApiException e = catchThrowableOfType(ApiException.class, this::restart);

    assertThat(e.getCode()).isZero();
    assertThat(sim.store().get(ApiResource.DEPLOYMENTS, "shop", "web").orElseThrow()
        .path("spec").path("template").path("metadata").path("annotations")
        .path("kubectl.kubernetes.io/restartedAt").asText()).isEqualTo("2026-11-26T08:00:00Z");
    assertThat(sim.faults().pending()).isZero();
    assertThat(sim.requestLog().count("patch", "deployments")).isEqualTo(1);
    assertThat(apps.readNamespacedDeployment("web", "shop").execute().getMetadata().getGeneration())
        .as("the next requests are answered again").isEqualTo(2L);
  }

  @Test
  void anExpiredContinueTokenAnswers410ButFirstPagesAreServed() throws ApiException {
    for (int i = 0; i < 3; i++) {
      core.createNamespacedConfigMap("shop", new io.kubernetes.client.openapi.models.V1ConfigMap()
          .metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta().name("cm-" + i))).execute();
    }
    sim.faults().expireContinueTokens(1, "configmaps");

    var first = core.listNamespacedConfigMap("shop").limit(1).execute();
    ApiException e = catchThrowableOfType(ApiException.class,
        () -> core.listNamespacedConfigMap("shop").limit(1)._continue(first.getMetadata().getContinue()).execute());

    assertThat(e.getCode()).isEqualTo(410);
    assertThat(e.getResponseBody()).contains("\"reason\":\"Expired\"");
    assertThat(core.listNamespacedConfigMap("shop").limit(1)._continue(first.getMetadata().getContinue()).execute()
        .getItems()).hasSize(1);
    assertThat(sim.faults().pending()).isZero();
  }
}
