package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.MESHED;
import static io.meshupgrade.upgrader.World.R18;
import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.spi.HealthCheck;
import io.meshupgrade.spi.HealthCheckContext;
import io.meshupgrade.spi.HealthResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 9 item 6: what the health gate tells a {@link HealthCheck} at each attempt of the soak. */
class HealthCheckContextTest {

  private static final UpgradeOptions SOAK = UpgradeOptions.builder()
      .soak(Duration.ofMinutes(3), Duration.ofMinutes(1)).build();

  private static HealthCheck recording(List<HealthCheckContext> seen, World w, List<Instant> at) {
    return context -> {
      seen.add(context);
      at.add(w.clock.instant());
      return HealthResult.ok();
    };
  }

  @Test
  void issue9_theContextCarriesAttempts1ToNElapsedTheDeadlineAndTheRestartedWorkloads() {
    World w = new World();
    List<HealthCheckContext> seen = Collections.synchronizedList(new ArrayList<>());
    List<Instant> at = Collections.synchronizedList(new ArrayList<>());

    UpgradeReport report = w.builder().healthCheck(recording(seen, w, at)).build().upgrade(R19, SOAK);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(seen).extracting(HealthCheckContext::attempt).containsExactly(1, 2, 3, 4);
    assertThat(seen).extracting(HealthCheckContext::elapsed).containsExactly(Duration.ZERO, Duration.ofMinutes(1),
        Duration.ofMinutes(2), Duration.ofMinutes(3));
    Instant began = at.get(0);
    assertThat(seen).extracting(HealthCheckContext::deadline).containsOnly(began.plus(Duration.ofMinutes(3)));
    for (int i = 0; i < seen.size(); i++) {
      assertThat(began.plus(seen.get(i).elapsed())).as("attempt %d", i + 1).isEqualTo(at.get(i));
    }
    assertThat(seen).allSatisfy(c -> {
      assertThat(c.from()).isEqualTo(R18);
      assertThat(c.to()).isEqualTo(R19);
      assertThat(c.restartedWorkloads()).containsExactlyInAnyOrderElementsOf(MESHED);
    });
  }

  @Test
  void issue9_everyCheckOfOneAttemptSeesTheSameContext() {
    World w = new World();
    List<HealthCheckContext> first = Collections.synchronizedList(new ArrayList<>());
    List<HealthCheckContext> second = Collections.synchronizedList(new ArrayList<>());
    List<Instant> ignored = Collections.synchronizedList(new ArrayList<>());

    w.builder().healthCheck(recording(first, w, ignored)).healthCheck(recording(second, w, ignored)).build()
        .upgrade(R19, SOAK);

    assertThat(first).hasSize(4).isEqualTo(second);
  }

  @Test
  void issue9_aRunResumedAfterTheRestartsTellsTheCheckTheWorkloadsFoundOnTheNewRevision() {
    World w = new World();
    UpgradeReport stopped = w.upgrader().upgrade(R19,
        SOAK.toBuilder().stopAfter(UpgradeStage.WORKLOADS_RESTARTED).build());
    assertThat(stopped.outcome()).isEqualTo(UpgradeReport.Outcome.STOPPED_AFTER);
    // a Job started since, injected with the new revision: on it, but not restarted (it cannot be)
    w.dp.workload(WorkloadKind.JOB, "shop", "batch", 1);
    assertThat(w.dp.podsPerRevision()).containsEntry("asm-1-19", 8);
    List<HealthCheckContext> seen = Collections.synchronizedList(new ArrayList<>());

    UpgradeReport resumed = w.builder().healthCheck(recording(seen, w, new ArrayList<>())).build()
        .upgrade(R19, SOAK);

    assertThat(resumed.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(seen).extracting(HealthCheckContext::attempt).containsExactly(1, 2, 3, 4);
    assertThat(seen).allSatisfy(c -> assertThat(c.restartedWorkloads()).containsExactlyInAnyOrderElementsOf(MESHED));
  }

  @Test
  void issue9_aCheckWrittenForTheRevisionsOnlyIsAdaptedWithItsName() {
    World w = new World();
    List<String> hops = Collections.synchronizedList(new ArrayList<>());
    HealthCheck old = HealthCheck.of("error-rate", (from, to) -> {
      hops.add(from + "->" + to);
      return hops.size() < 3 ? HealthResult.ok() : HealthResult.failed("5xx > 1%");
    });

    UpgradeReport report = w.builder().healthCheck(old).build().upgrade(R19, SOAK);

    assertThat(hops).containsExactly("asm-1-18->asm-1-19", "asm-1-18->asm-1-19", "asm-1-18->asm-1-19");
    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.HALTED);
    assertThat(report.message()).contains("health check error-rate failed: 5xx > 1%");
    assertThat(old.name()).isEqualTo("error-rate");
    assertThat(old).hasToString("HealthCheck[error-rate]");
  }
}
