package io.meshupgrade.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.ApiException;
import io.meshupgrade.exception.ClusterChangedException;
import io.meshupgrade.exception.MissingPermissionException;
import io.meshupgrade.exception.RemoteCallException;
import io.meshupgrade.exception.RequestRejectedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubeCallsTest {
  private final KubeCalls calls = new KubeCalls(3, Duration.ofMillis(1), Duration.ofMillis(2));
  private static final KubeCalls.Op PATCH = KubeCalls.Op.of("patch", "deployments", "shop", "cart");

  @ParameterizedTest
  @ValueSource(ints = {0, 429, 500, 503})
  void retriesTransientFailuresThenSucceeds(int code) {
    AtomicInteger attempts = new AtomicInteger();

    String result = calls.execute(PATCH, () -> {
      if (attempts.incrementAndGet() < 3) {
        throw new ApiException(code, Map.of("Retry-After", List.of("0")), "{\"reason\":\"x\"}");
      }
      return "ok";
    });

    assertThat(result).isEqualTo("ok");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void givesUpAfterTheRetryBudgetWithTheStatus() {
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(() -> calls.execute(PATCH, () -> {
      attempts.incrementAndGet();
      throw new ApiException(500, Map.of(), "{\"kind\":\"Status\",\"reason\":\"InternalError\",\"message\":\"boom\"}");
    })).isInstanceOfSatisfying(RemoteCallException.class, e -> {
      assertThat(e.httpStatus()).isEqualTo(500);
      assertThat(e.code()).isEqualTo("InternalError");
      assertThat(e.remoteMessage()).isEqualTo("boom");
      assertThat(e.getMessage()).contains("deployments shop/cart");
    });
    assertThat(attempts).hasValue(4);
  }

  @Test
  void turnsA403IntoAMissingPermissionNamingVerbResourceAndNamespace() {
    assertThatThrownBy(() -> calls.execute(PATCH, () -> {
      throw new ApiException(403, Map.of(), "{\"reason\":\"Forbidden\",\"message\":\"no\"}");
    })).isInstanceOf(MissingPermissionException.class)
        .hasMessageStartingWith("missing permission: patch deployments in shop");
  }

  @Test
  void namesTheClusterScopeForClusterScopedResources() {
    RemoteCallException e = KubeCalls.translate(KubeCalls.Op.of("list", "namespaces", "", ""),
        new ApiException(403, Map.of(), ""));
    assertThat(e).hasMessageStartingWith("missing permission: list namespaces in the cluster scope");
  }

  @Test
  void doesNotRetryA400() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> calls.execute(PATCH, () -> {
      attempts.incrementAndGet();
      throw new ApiException(422, Map.of(), "{\"reason\":\"Invalid\"}");
    })).isInstanceOf(RequestRejectedException.class);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void reReadsAndRetriesAConflict() {
    AtomicInteger attempts = new AtomicInteger();

    String result = calls.retryOnConflict(() -> {
      if (attempts.incrementAndGet() < 3) {
        throw KubeCalls.translate(PATCH, new ApiException(409, Map.of(), "{\"reason\":\"Conflict\"}"));
      }
      return "ok";
    });

    assertThat(result).isEqualTo("ok");
  }

  @Test
  void letsAPersistentConflictEscapeAsClusterChanged() {
    assertThatThrownBy(() -> calls.retryOnConflict(() -> {
      throw KubeCalls.translate(PATCH, new ApiException(409, Map.of(), "{\"reason\":\"Conflict\"}"));
    })).isInstanceOf(ClusterChangedException.class).hasMessageContaining("409");
  }
}
