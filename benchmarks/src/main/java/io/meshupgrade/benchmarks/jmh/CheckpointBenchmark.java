package io.meshupgrade.benchmarks.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshupgrade.model.Revision;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.model.UpgradeStage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The checkpoint round trip of a finished plan (every forward stage, with details), which the orchestrator writes
 * after every transition: {@link UpgradePlan#toCheckpoint()} then {@link UpgradePlan#fromCheckpoint} (which replays
 * and checks the whole history), against a baseline of a generic Jackson round trip of the same text (parse to a
 * tree, write back) that validates nothing. Not thread-safe.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CheckpointBenchmark {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private UpgradePlan plan;
  private String checkpoint;

  @Setup
  public void setUp() {
    Instant t = Instant.parse("2026-11-26T08:00:00Z");
    UpgradePlan p = UpgradePlan.create("plan-0001", "rg-prod/aks-prod-weu", Revision.parse("asm-1-18"),
        Revision.parse("asm-1-19"), Clock.fixed(t, ZoneOffset.UTC));
    UpgradeStage[] stages = {UpgradeStage.MESH_CONFIG_COPIED, UpgradeStage.CANARY_STARTED,
        UpgradeStage.CONTROL_PLANES_VERIFIED, UpgradeStage.INJECTION_SWITCHED, UpgradeStage.WORKLOADS_RESTARTED,
        UpgradeStage.HEALTH_VERIFIED, UpgradeStage.COMPLETED};
    for (int i = 0; i < stages.length; i++) {
      Instant at = t.plus(Duration.ofMinutes(i + 1L));
      p = p.toBuilder().transition(stages[i], at, Map.of("step", stages[i].name().toLowerCase(), "namespaces", "shop,payments,"
          + "monitoring", "workloads", Integer.toString(40 * i))).build();
    }
    plan = p;
    checkpoint = p.toCheckpoint();
  }

  @Benchmark
  public UpgradePlan roundTrip() {
    return UpgradePlan.fromCheckpoint(plan.toCheckpoint());
  }

  /** Baseline: generic JSON parse and write of the same text, no model, no checks. */
  @Benchmark
  public String roundTripBaselineJackson() throws JsonProcessingException {
    return MAPPER.writeValueAsString(MAPPER.readTree(checkpoint));
  }
}
