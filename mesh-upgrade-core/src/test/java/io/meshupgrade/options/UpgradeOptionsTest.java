package io.meshupgrade.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.model.UpgradeStage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class UpgradeOptionsTest {

  @Test
  void theDefaultsRunToTheEndRelabellingNamespacesAndRollWorkloadsBackOnFailure() {
    UpgradeOptions o = UpgradeOptions.defaults();

    assertThat(o.stopAfter()).isEmpty();
    assertThat(o.revisionTag()).isEmpty();
    assertThat(o.restart()).isEqualTo(RestartOptions.defaults());
    assertThat(o.batchSize()).isZero();
    assertThat(o.soakPeriod()).isZero();
    assertThat(o.onHealthFailure()).isEqualTo(HealthFailurePolicy.ROLLBACK_WORKLOADS_AND_HALT);
    assertThat(o.overwriteMeshConfig()).isFalse();
  }

  @Test
  void theBuilderRoundTrips() {
    UpgradeOptions o = UpgradeOptions.builder().stopAfter(UpgradeStage.INJECTION_SWITCHED).revisionTag("prod-stable")
        .concurrency(3).namespaceOrder(List.of("web")).rolloutTimeout(Duration.ofMinutes(3))
        .batches(5, Duration.ofSeconds(20)).controlPlaneTimeout(Duration.ofMinutes(1))
        .podDrainTimeout(Duration.ofMinutes(2)).soak(Duration.ofMinutes(15), Duration.ofMinutes(1))
        .onHealthFailure(HealthFailurePolicy.HALT).overwriteMeshConfig(true).build();

    assertThat(o.toBuilder().build()).isEqualTo(o);
    assertThat(o.restart().concurrency()).isEqualTo(3);
    assertThat(o.toBuilder().restart(RestartOptions.defaults()).build().restart())
        .isEqualTo(RestartOptions.defaults());
  }

  @ParameterizedTest
  @EnumSource(value = UpgradeStage.class, names = {"PLANNED", "ROLLBACK_STARTED", "INJECTION_REVERTED",
      "WORKLOADS_REVERTED", "ROLLED_BACK", "HALTED"})
  void refusesToStopAfterAStageThatIsNotAForwardStep(UpgradeStage stage) {
    assertThatThrownBy(() -> UpgradeOptions.builder().stopAfter(stage).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot stop after " + stage);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Prod", "-prod", "prod-", "asm-1-19", "a_b"})
  void refusesATagThatIsNotADnsLabelOrIsARevision(String tag) {
    assertThatThrownBy(() -> UpgradeOptions.builder().revisionTag(tag).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + tag + "'");
  }

  @Test
  void refusesNegativeOrZeroDurationsWhereTheyMakeNoSense() {
    assertThatThrownBy(() -> UpgradeOptions.builder().batches(-1, Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> UpgradeOptions.builder().batches(2, Duration.ofSeconds(-1)).build())
        .hasMessageContaining("pauseBetweenBatches");
    assertThatThrownBy(() -> UpgradeOptions.builder().controlPlaneTimeout(Duration.ZERO).build())
        .hasMessageContaining("controlPlaneTimeout");
    assertThatThrownBy(() -> UpgradeOptions.builder().soak(Duration.ofMinutes(1), Duration.ZERO).build())
        .hasMessageContaining("checkInterval");
    assertThatThrownBy(() -> UpgradeOptions.builder().podDrainTimeout(null).build())
        .isInstanceOf(NullPointerException.class).hasMessage("podDrainTimeout");
    assertThatThrownBy(() -> UpgradeOptions.builder().restart(null)).hasMessage("options");
  }
}
