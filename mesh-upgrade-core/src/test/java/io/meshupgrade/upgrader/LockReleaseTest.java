package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.report.RollOverReport;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.spi.UpgradeLock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A run that did its work is not thrown away because the lock could not be released afterwards. */
class LockReleaseTest {

  /** Delegates to the world's lock, but releasing it fails (the API server answered 500). */
  private static UpgradeLock unreleasable(World w) {
    return (holder, ttl) -> {
      UpgradeLock.Held held = w.lock.acquire(holder, ttl);
      return new UpgradeLock.Held() {
        @Override
        public String holder() {
          return held.holder();
        }

        @Override
        public void renew() {
          held.renew();
        }

        @Override
        public void close() {
          throw new MeshUpgradeException("could not delete Lease mesh-upgrade: 500 Internal Server Error");
        }
      };
    };
  }

  @Test
  void issue5AFailureToReleaseTheLockAfterASuccessfulUpgradeKeepsTheReportWithAWarning() {
    World w = new World();

    UpgradeReport report = w.builder().lock(unreleasable(w)).build().upgrade(R19);

    assertThat(report.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(report.warnings()).singleElement().asString().contains("could not release the upgrade lock")
        .contains("500 Internal Server Error").contains("expires");
    assertThat(w.cp.installed()).containsExactly(R19);
  }

  @Test
  void issue5AFailureToReleaseTheLockAfterAPatchRollOverKeepsTheReportWithAWarning() {
    World w = new World(R19);
    w.dp.setProxyImage(R19, "mcr.microsoft.com/oss/istio/proxyv2:1.19.5-distroless");

    RollOverReport report = w.builder().lock(unreleasable(w)).lockTtl(Duration.ofMinutes(5)).build()
        .rollOverPatch();

    assertThat(report.restarted()).hasSize(4);
    assertThat(report.warnings()).singleElement().asString().contains("could not release the upgrade lock");
  }
}
