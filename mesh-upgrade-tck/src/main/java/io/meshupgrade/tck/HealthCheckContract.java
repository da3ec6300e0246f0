package io.meshupgrade.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.model.IngressGateway;
import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.spi.HealthCheck;
import io.meshupgrade.spi.HealthCheckContext;
import io.meshupgrade.spi.HealthResult;
import io.meshupgrade.tck.fakes.CallLog;
import io.meshupgrade.tck.fakes.InMemoryMeshControlPlane;
import io.meshupgrade.tck.fakes.InMemoryMeshDataPlane;
import io.meshupgrade.tck.fakes.InMemoryPlanStore;
import io.meshupgrade.tck.fakes.InMemoryUpgradeLock;
import io.meshupgrade.tck.fakes.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HealthCheck} must do, as JUnit 5 tests: answer every attempt of a soak with a verdict (a failed
 * one with a reason), have a stable name, answer from several threads at once, and gate a real upgrade: run inside a
 * {@link MeshUpgrader} over the in-memory fakes, a healthy check lets the hop complete and sees the attempts
 * 1..n of the soak with the workloads restarted; an unhealthy one halts it with its reason.
 *
 * <p>Extend it and implement {@link #healthyCheck()} (the check, its system healthy) and {@link #unhealthyCheck()}
 * (the check, its system unhealthy: a Prometheus fake answering an error rate over the threshold, for example).
 *
 * <pre>{@code
 * class ErrorRateCheckTckTest extends HealthCheckContract {
 *   FakePrometheus prometheus = new FakePrometheus();
 *   protected HealthCheck healthyCheck() { prometheus.errorRate(0.001); return new ErrorRateCheck(prometheus.uri()); }
 *   protected HealthCheck unhealthyCheck() { prometheus.errorRate(0.2); return new ErrorRateCheck(prometheus.uri()); }
 * }
 * }</pre>
 *
 * <p>Not thread-safe (one instance per test, as JUnit creates them).
 */
public abstract class HealthCheckContract {

  /** The revision the upgrade starts from. */
  protected static final Revision ASM_1_18 = Revision.parse("asm-1-18");
  /** The revision the upgrade goes to. */
  protected static final Revision ASM_1_19 = Revision.parse("asm-1-19");
  /** The workloads the upgrader restarts in {@link #gatesARealUpgradeSeeingEveryAttemptOfTheSoak()}. */
  protected static final List<WorkloadRef> WORKLOADS = List.of(WorkloadRef.deployment("shop", "cart"),
      WorkloadRef.deployment("shop", "orders"));

  private static final Instant START = Instant.parse("2026-11-26T08:00:00Z");

  /** {@return the check under test, its system healthy: every attempt passes} */
  protected abstract HealthCheck healthyCheck();

  /** {@return the check under test, its system unhealthy: every attempt fails with a reason} */
  protected abstract HealthCheck unhealthyCheck();

  /**
   * {@return the context of attempt {@code attempt} of a soak of {@code minutes} minutes checked every minute}
   *
   * @param attempt the attempt, from 1
   * @param minutes how long the soak lasts, in minutes
   */
  protected static HealthCheckContext attempt(int attempt, int minutes) {
    return HealthCheckContext.builder().from(ASM_1_18).to(ASM_1_19).attempt(attempt)
        .elapsed(Duration.ofMinutes(attempt - 1L)).deadline(START.plus(Duration.ofMinutes(minutes)))
        .restartedWorkloads(WORKLOADS).build();
  }

  /** The check has a non-blank name that is the same at every call. */
  @Test
  public void hasAStableNonBlankName() {
    HealthCheck check = healthyCheck();

    assertThat(check.name()).isNotBlank().isEqualTo(check.name());
  }

  /** On a healthy system the check passes every attempt of a soak. */
  @Test
  public void passesEveryAttemptOfASoakOnAHealthySystem() {
    HealthCheck check = healthyCheck();

    for (int attempt = 1; attempt <= 5; attempt++) {
      HealthResult r = check.check(attempt(attempt, 4));
      assertThat(r).as("attempt %d", attempt).isNotNull();
      assertThat(r.healthy()).as("attempt %d: %s", attempt, r.detail()).isTrue();
    }
  }

  /** On an unhealthy system the check fails with a non-blank reason. */
  @Test
  public void failsWithAReasonOnAnUnhealthySystem() {
    HealthResult r = unhealthyCheck().check(attempt(1, 4));

    assertThat(r).isNotNull();
    assertThat(r.healthy()).isFalse();
    assertThat(r.detail()).as("the reason shown in the report").isNotBlank();
  }

  /**
   * The check answers correctly when called from several threads at once.
   *
   * @throws Exception if a thread fails or does not answer in time
   */
  @Test
  public void answersFromSeveralThreadsAtOnce() throws Exception {
    HealthCheck check = healthyCheck();
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> verdicts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        for (int attempt = 1; attempt <= 3; attempt++) {
          int a = attempt;
          Callable<Boolean> evaluation = () -> {
            start.await();
            return check.check(attempt(a, 4)).healthy();
          };
          verdicts.add(pool.submit(evaluation));
        }
      }
      start.countDown();
      for (Future<Boolean> v : verdicts) {
        assertThat(v.get(60, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(verdicts).hasSize(threads * 3);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Inside a real upgrade, a healthy check sees attempts 1..n of the soak with the restarted workloads, and the hop
   * completes.
   */
  @Test
  public void gatesARealUpgradeSeeingEveryAttemptOfTheSoak() {
    List<HealthCheckContext> seen = Collections.synchronizedList(new ArrayList<>());
    HealthCheck check = healthyCheck();
    Upgrade upgrade = new Upgrade();

    UpgradeReport report = upgrade.run(recording(check, seen));

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(seen).extracting(HealthCheckContext::attempt).containsExactly(1, 2, 3, 4);
    assertThat(seen).extracting(HealthCheckContext::elapsed).containsExactly(Duration.ZERO, Duration.ofMinutes(1),
        Duration.ofMinutes(2), Duration.ofMinutes(3));
    assertThat(seen).extracting(HealthCheckContext::deadline).containsOnly(seen.get(0).deadline());
    assertThat(seen).allSatisfy(c -> {
      assertThat(c.from()).isEqualTo(ASM_1_18);
      assertThat(c.to()).isEqualTo(ASM_1_19);
      assertThat(c.restartedWorkloads()).containsExactlyInAnyOrderElementsOf(WORKLOADS);
    });
  }

  /** Inside a real upgrade, an unhealthy check halts the upgrade, and the report carries its reason. */
  @Test
  public void haltsARealUpgradeWithItsReasonWhenUnhealthy() {
    HealthCheck check = unhealthyCheck();
    Upgrade upgrade = new Upgrade();

    UpgradeReport report = upgrade.run(check);

    assertThat(report.outcome()).isNotEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(report.message()).contains(check.name());
    assertThat(upgrade.cp.installed()).as("the hop is not completed").contains(ASM_1_18);
  }

  private static HealthCheck recording(HealthCheck check, List<HealthCheckContext> seen) {
    return new HealthCheck() {
      @Override
      public HealthResult check(HealthCheckContext context) {
        seen.add(context);
        return check.check(context);
      }

      @Override
      public String name() {
        return check.name();
      }
    };
  }

  /** An upgrade asm-1-18 -> asm-1-19 over the in-memory fakes, soaking 3 minutes, checking every minute. */
  private static final class Upgrade {
    final CallLog log = new CallLog();
    final MutableClock clock = new MutableClock(START);
    final InMemoryMeshControlPlane cp = new InMemoryMeshControlPlane(log, RevisionCatalog.builder()
        .revision("asm-1-18", List.of("asm-1-19"), List.of("1.28"))
        .revision("asm-1-19", List.of(), List.of("1.28")).build(),
        KubernetesVersion.parse("1.28.5"), List.of(ASM_1_18), Set.of(IngressGateway.EXTERNAL));
    final InMemoryMeshDataPlane dp = new InMemoryMeshDataPlane(log, cp::installed);

    Upgrade() {
      dp.namespace("shop", "asm-1-18");
      for (WorkloadRef w : WORKLOADS) {
        dp.workload(WorkloadKind.DEPLOYMENT, w.namespace(), w.name(), 2);
      }
    }

    UpgradeReport run(HealthCheck check) {
      return MeshUpgrader.builder().controlPlane(cp).dataPlane(dp).planStore(new InMemoryPlanStore(log))
          .lock(new InMemoryUpgradeLock(clock)).clock(clock).sleeper(clock.sleeper()).holder("tck")
          .healthCheck(check).build()
          .upgrade(ASM_1_19, UpgradeOptions.builder().soak(Duration.ofMinutes(3), Duration.ofMinutes(1)).build());
    }
  }
}
