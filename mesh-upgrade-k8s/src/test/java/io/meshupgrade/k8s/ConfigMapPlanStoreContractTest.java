package io.meshupgrade.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.CheckpointException;
import io.meshupgrade.spi.Checkpoint;
import io.meshupgrade.testkit.k8s.ApiResource;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfigMapPlanStoreContractTest extends SimulatedClusterTest {
  private ConfigMapPlanStore store;

  @BeforeEach
  void store() {
    sim.seed().revision("asm-1-18", IMAGE_1_18).apply();
    store = new ConfigMapPlanStore(client);
  }

  @Test
  void savesLoadsAndDeletesACheckpointInAConfigMap() {
    assertThat(store.load("aks-prod")).isEmpty();

    Checkpoint saved = store.save("aks-prod", "{\"stage\":\"STARTED\"}", Optional.empty());

    assertThat(store.load("aks-prod")).contains(saved);
    assertThat(get(ApiResource.CONFIG_MAPS, "aks-istio-system", "mesh-upgrade-plan-aks-prod")
        .path("data").path("plan.json").asText()).isEqualTo("{\"stage\":\"STARTED\"}");
    store.delete("aks-prod");
    store.delete("aks-prod");
    assertThat(store.load("aks-prod")).isEmpty();
  }

  @Test
  void comparesAndSetsByResourceVersion() {
    Checkpoint first = store.save("k", "{\"n\":1}", Optional.empty());
    Checkpoint second = store.save("k", "{\"n\":2}", Optional.of(first.version()));

    assertThat(second.version()).isNotEqualTo(first.version());
    assertThatThrownBy(() -> store.save("k", "{\"n\":3}", Optional.of(first.version())))
        .isInstanceOf(CheckpointException.class).hasMessageContaining("another run");
    assertThatThrownBy(() -> store.save("k", "{\"n\":3}", Optional.empty()))
        .isInstanceOf(CheckpointException.class);
    assertThat(store.load("k").orElseThrow().json()).isEqualTo("{\"n\":2}");
  }

  @Test
  void refusesToSaveOverADeletedCheckpoint() {
    Checkpoint first = store.save("k", "{}", Optional.empty());
    store.delete("k");

    assertThatThrownBy(() -> store.save("k", "{}", Optional.of(first.version())))
        .isInstanceOf(CheckpointException.class);
  }

  @Test
  void retriesServerErrors() {
    sim.faults().failNext(2, "create", "configmaps", 503);
    sim.faults().failNext(1, "get", "configmaps", 500);

    Checkpoint saved = store.save("k", "{}", Optional.empty());

    assertThat(store.load("k")).contains(saved);
  }

  @Test
  void refusesKeysThatAreNotObjectNames() {
    assertThatThrownBy(() -> store.load("Bad Key")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Bad Key'");
    assertThatThrownBy(() -> store.load(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
  }

  @Test
  void aSaveWhoseAnswerWasLostIsNotReportedAsAConflict() {
    sim.faults().dropResponseAfterApplying(1, "create", "configmaps");
    Checkpoint created = store.save("k", "{\"n\":1}", Optional.empty());
    sim.faults().dropResponseAfterApplying(1, "update", "configmaps");

    Checkpoint replaced = store.save("k", "{\"n\":2}", Optional.of(created.version()));

    assertThat(sim.faults().pending()).isZero();
    assertThat(store.load("k")).contains(replaced);
    assertThat(replaced.json()).isEqualTo("{\"n\":2}");
    assertThatThrownBy(() -> store.save("k", "{\"n\":3}", Optional.of(created.version())))
        .as("a real conflict still fails").isInstanceOf(CheckpointException.class);
  }
}
