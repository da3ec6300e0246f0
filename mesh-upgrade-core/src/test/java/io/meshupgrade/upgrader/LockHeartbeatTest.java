package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.exception.ConcurrentUpgradeException;
import io.meshupgrade.model.MeshUpgrades;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.spi.MeshControlPlane;
import io.meshupgrade.spi.UpgradeLock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * One step can outlast the lock's ttl (an ARM operation of 30 minutes against a ttl of 15): a heartbeat renews the
 * lock every third of its ttl while the step runs, and a lease lost meanwhile stops the run before its next step.
 * The ttl here is short (300 ms) and every wait is on a latch with a deadline: no test sleeps.
 */
class LockHeartbeatTest {

  private static final Duration TTL = Duration.ofMillis(300);

  /** The world's lock, counting renewals; once {@code stealOnce} is set, the next renewal finds the lease lost. */
  private static final class WatchedLock implements UpgradeLock {
    final UpgradeLock delegate;
    final AtomicInteger renewals = new AtomicInteger();
    final AtomicBoolean stealOnce = new AtomicBoolean();
    /** Opens after two renewals counted from when it was armed. */
    volatile CountDownLatch twoMore = new CountDownLatch(2);
    final CountDownLatch lost = new CountDownLatch(1);

    WatchedLock(UpgradeLock delegate) {
      this.delegate = delegate;
    }

    @Override
    public Held acquire(String holder, Duration ttl) {
      Held held = delegate.acquire(holder, ttl);
      return new Held() {
        @Override
        public String holder() {
          return held.holder();
        }

        @Override
        public void renew() {
          if (stealOnce.compareAndSet(true, false)) {
            lost.countDown();
            throw new ConcurrentUpgradeException("intruder", "the lease was taken over");
          }
          held.renew();
          renewals.incrementAndGet();
          twoMore.countDown();
        }

        @Override
        public void close() {
          held.close();
        }
      };
    }
  }

  /** The world's control plane, whose startCanary blocks until {@code until} opens (or fails after 5 s). */
  private static MeshControlPlane slowStart(World w, Runnable before, Supplier<CountDownLatch> until) {
    return new MeshControlPlane() {
      @Override
      public ClusterMeshState readMeshState() {
        return w.cp.readMeshState();
      }

      @Override
      public MeshUpgrades getUpgrades() {
        return w.cp.getUpgrades();
      }

      @Override
      public RevisionCatalog getRevisions() {
        return w.cp.getRevisions();
      }

      @Override
      public ClusterMeshState startCanary(Revision target) {
        before.run();
        try {
          if (!until.get().await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("the lock was not renewed while startCanary ran");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
        return w.cp.startCanary(target);
      }

      @Override
      public ClusterMeshState complete(Revision target) {
        return w.cp.complete(target);
      }

      @Override
      public ClusterMeshState rollback(Revision previous) {
        return w.cp.rollback(previous);
      }
    };
  }

  @Test
  void issue5AHeartbeatRenewsTheLockWhileOneLongStepRuns() {
    World w = new World();
    WatchedLock lock = new WatchedLock(w.lock);
    // startCanary returns only after two renewals made while it runs
    MeshControlPlane slow = slowStart(w, () -> lock.twoMore = new CountDownLatch(2), () -> lock.twoMore);

    UpgradeReport report = w.builder().controlPlane(slow).lock(lock).lockTtl(TTL).build().upgrade(R19);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(lock.renewals.get()).isGreaterThanOrEqualTo(2 + 2);
  }

  @Test
  void issue5ALeaseLostWhileAStepRunsStopsTheRunBeforeItsNextStepWithTheCheckpointKept() {
    World w = new World();
    WatchedLock lock = new WatchedLock(w.lock);
    // the lease is lost once, during startCanary; a later renewal would succeed again: the loss must not be forgotten.
    // startCanary returns once the heartbeat saw the loss and stopped (nothing left to renew)
    MeshControlPlane slow = slowStart(w, () -> lock.stealOnce.set(true), () -> {
      try {
        if (lock.lost.await(5, TimeUnit.SECONDS)) {
          awaitNoHeartbeat();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return lock.lost;
    });

    assertThatThrownBy(() -> w.builder().controlPlane(slow).lock(lock).lockTtl(TTL).build().upgrade(R19))
        .isInstanceOfSatisfying(ConcurrentUpgradeException.class,
            e -> assertThat(e.holder()).isEqualTo("intruder"))
        .hasMessageContaining("checkpoint");
    assertThat(w.upgrader().currentPlan().orElseThrow().stage()).isEqualTo(UpgradeStage.CANARY_STARTED);
    assertThat(w.dp.namespaceLabels()).as("no step after the loss").containsEntry("shop", "asm-1-18");
  }

  @Test
  void issue5TheHeartbeatStopsWithTheCall() {
    World w = new World();

    w.builder().lockTtl(TTL).build().upgrade(R19);

    awaitNoHeartbeat();
    assertThat(heartbeatAlive()).isFalse();
  }

  /** Polls (deadline 5 s) until no heartbeat thread is alive. */
  private static void awaitNoHeartbeat() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (heartbeatAlive() && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }

  private static boolean heartbeatAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("mesh-upgrade-lock-heartbeat") && t.isAlive());
  }
}
