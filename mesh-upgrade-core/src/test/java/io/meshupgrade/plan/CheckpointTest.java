package io.meshupgrade.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.CheckpointException;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.plan.UpgradePlanTest.MutableClock;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointTest {

  private static final Revision R18 = Revision.parse("asm-1-18");
  private static final Revision R19 = Revision.parse("asm-1-19");

  private static UpgradePlan sample() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    UpgradePlan p = UpgradePlan.create("plan-7", "rg1/cluster1", R18, R19, clock);
    clock.tick();
    p = p.moveTo(UpgradeStage.MESH_CONFIG_COPIED, clock, Map.of("result", "COPIED"));
    clock.tick();
    p = p.moveTo(UpgradeStage.CANARY_STARTED, clock);
    clock.tick();
    p = p.halt("istiod-asm-1-19: 0/2 replicas available \"quoted\" \\ and ünïcode", clock);
    return p;
  }

  @Test
  void roundTripsExactly() {
    UpgradePlan p = sample();
    String json = p.toCheckpoint();
    UpgradePlan back = UpgradePlan.fromCheckpoint(json);
    assertThat(back).isEqualTo(p);
    assertThat(back.toCheckpoint()).isEqualTo(json);
    assertThat(back.haltedFrom()).contains(UpgradeStage.CANARY_STARTED);
    assertThat(json).contains("\"format\" : \"mesh-upgrade/plan\"").contains("\"version\" : 1");
  }

  @Test
  void issue5TheProgressOfAStepInFlightRoundTripsAndIsClearedByTheNextTransition() {
    UpgradePlan p = sample().withProgress(Map.of("restarted", "Deployment shop/cart", "restarting", ""));
    String json = p.toCheckpoint();

    UpgradePlan back = UpgradePlan.fromCheckpoint(json);

    assertThat(back).isEqualTo(p);
    assertThat(back.progress()).containsEntry("restarted", "Deployment shop/cart");
    assertThat(back.toCheckpoint()).isEqualTo(json);
    assertThat(sample().toCheckpoint()).as("no progress, no field: older checkpoints read unchanged")
        .doesNotContain("progress");
    assertThatThrownBy(() -> UpgradePlan.fromCheckpoint(json.replace("shop/cart", "shop/web")))
        .isInstanceOf(CheckpointException.class).hasMessageContaining("digest");
    assertThatThrownBy(() -> UpgradePlan.fromCheckpoint(json.replace("\"progress\" : {", "\"progress\" : [ {")
        .replace("\"restarting\" : \"\"\n  }", "\"restarting\" : \"\"\n  } ]")))
        .isInstanceOf(CheckpointException.class).hasMessageContaining("progress");
    MutableClock clock = new MutableClock(Instant.parse("2026-11-26T11:00:00Z"));
    assertThat(back.moveTo(UpgradeStage.CANARY_STARTED, clock, Map.of("resumed", "true")).progress()).isEmpty();
  }

  static Stream<Arguments> damagedCheckpoints() {
    String good = sample().toCheckpoint();
    return Stream.of(
        Arguments.of("not JSON", "{\"format\": ", "not valid JSON"),
        Arguments.of("not an object", "[1,2]", "not a JSON object"),
        Arguments.of("empty", "", "not a JSON object"),
        Arguments.of("other format", good.replace("mesh-upgrade/plan", "something-else"), "format"),
        Arguments.of("unknown version", good.replace("\"version\" : 1", "\"version\" : 2"), "version 2"),
        Arguments.of("version as text", good.replace("\"version\" : 1", "\"version\" : \"1\""), "version"),
        Arguments.of("missing field", good.replace("\"cluster\" : \"rg1/cluster1\",", ""), "'cluster' is missing"),
        Arguments.of("tampered revision", good.replace("\"to\" : \"asm-1-19\"", "\"to\" : \"asm-1-20\""), "digest"),
        Arguments.of("bad revision", good.replace("\"to\" : \"asm-1-19\"", "\"to\" : \"asm-1-x\""), "asm-1-x"),
        Arguments.of("tampered detail", good.replace("\"result\" : \"COPIED\"", "\"result\" : \"NO_SOURCE\""), "digest"),
        Arguments.of("stage disagrees", good.replace("\"stage\" : \"HALTED\"", "\"stage\" : \"COMPLETED\""),
            "does not match"),
        Arguments.of("illegal history", good.replace("\"to\" : \"CANARY_STARTED\"", "\"to\" : \"COMPLETED\""),
            "illegal transition"),
        Arguments.of("unknown stage", good.replace("\"to\" : \"CANARY_STARTED\"", "\"to\" : \"LAUNCHED\""),
            "LAUNCHED"),
        Arguments.of("bad time", good.replace("2026-11-26T10:00:01Z", "yesterday"), "damaged"),
        Arguments.of("history not array", good.replaceFirst("\"history\" : \\[", "\"history\" : {\"x\":[")
            .replaceFirst("\\],\\s*\"stage\"", "]}, \"stage\""), "history"),
        Arguments.of("detail not text", good.replace("\"result\" : \"COPIED\"", "\"result\" : 5"), "must be text"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damagedCheckpoints")
  void refusesADamagedCheckpointWithATypedError(String what, String json, String expected) {
    assertThatThrownBy(() -> UpgradePlan.fromCheckpoint(json))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void nullCheckpointIsANullPointer() {
    assertThatThrownBy(() -> UpgradePlan.fromCheckpoint(null)).isInstanceOf(NullPointerException.class);
  }
}
