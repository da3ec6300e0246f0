package io.meshupgrade.k8s;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.meshupgrade.options.RestartOptions;
import io.meshupgrade.model.Revision;
import io.meshupgrade.spi.MeshDataPlane.RestartListener;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Null and malformed arguments fail before any request (the client points at a port nothing listens on). */
class ArgumentsTest {
  private final ApiClient client = new ClientBuilder().setBasePath("http://127.0.0.1:9").build();
  private final KubernetesMeshDataPlane dataPlane = KubernetesMeshDataPlane.builder().apiClient(client).build();
  private final Revision rev = Revision.parse("asm-1-19");

  @Test
  void namesTheNullParameter() {
    assertThatThrownBy(() -> dataPlane.awaitControlPlane(null, Set.of(), Duration.ZERO)).hasMessage("revision");
    assertThatThrownBy(() -> dataPlane.awaitControlPlane(rev, null, Duration.ZERO)).hasMessage("gateways");
    assertThatThrownBy(() -> dataPlane.awaitControlPlane(rev, Set.of(), null)).hasMessage("timeout");
    assertThatThrownBy(() -> dataPlane.copySharedMeshConfig(null, rev, false)).hasMessage("from");
    assertThatThrownBy(() -> dataPlane.copySharedMeshConfig(rev, null, false)).hasMessage("to");
    assertThatThrownBy(() -> dataPlane.deleteSharedMeshConfig(null)).hasMessage("revision");
    assertThatThrownBy(() -> dataPlane.relabelNamespaces(null, "asm-1-19")).hasMessage("namespaces");
    assertThatThrownBy(() -> dataPlane.relabelNamespaces(List.of("a"), null)).hasMessage("value");
    assertThatThrownBy(() -> dataPlane.moveRevisionTag(null, rev)).hasMessage("tag");
    assertThatThrownBy(() -> dataPlane.moveRevisionTag("prod", null)).hasMessage("revision");
    assertThatThrownBy(() -> dataPlane.restartWorkloads(null, RestartOptions.defaults(), RestartListener.NONE))
        .hasMessage("workloads");
    assertThatThrownBy(() -> dataPlane.restartWorkloads(List.of(), null, RestartListener.NONE)).hasMessage("options");
    assertThatThrownBy(() -> dataPlane.restartWorkloads(List.of(), RestartOptions.defaults(), null))
        .hasMessage("listener");
    assertThatThrownBy(() -> dataPlane.currentProxyImage(null)).hasMessage("revision");
    assertThatThrownBy(() -> new ConfigMapPlanStore(client).save("k", null, Optional.empty())).hasMessage("json");
    assertThatThrownBy(() -> new LeaseUpgradeLock(null)).hasMessage("client");
  }

  @Test
  void refusesToCopyARevisionsConfigOntoItself() {
    assertThatThrownBy(() -> dataPlane.copySharedMeshConfig(rev, rev, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asm-1-19");
  }

  @Test
  void refusesNonsensicalSettings() {
    var builder = KubernetesMeshDataPlane.builder();
    assertThatThrownBy(() -> builder.pollInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pollInterval");
    assertThatThrownBy(() -> builder.pageSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.retries(-1, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.retries(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void restartsNothingWithoutARequest() {
    org.assertj.core.api.Assertions.assertThat(
        dataPlane.restartWorkloads(List.of(), RestartOptions.defaults(), RestartListener.NONE).results()).isEmpty();
  }
}
