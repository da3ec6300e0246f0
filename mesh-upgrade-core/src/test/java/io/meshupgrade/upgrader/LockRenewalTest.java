package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.R19;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.model.WorkloadKind;
import org.junit.jupiter.api.Test;

class LockRenewalTest {

  @Test
  void issue4LockRenewalsDoNotGrowWithTheNumberOfRestartedWorkloads() {
    World few = new World();
    World many = new World();
    for (int i = 0; i < 100; i++) {
      many.dp.workload(WorkloadKind.DEPLOYMENT, "shop", "app-" + i, 1);
    }

    UpgradeReport fewReport = few.upgrader().upgrade(R19);
    UpgradeReport manyReport = many.upgrader().upgrade(R19);

    assertThat(fewReport.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(manyReport.outcome()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThat(many.dp.restarts()).hasSize(104);
    assertThat(many.lock.renewals())
        .as("renewals from restart callbacks are throttled to one per tenth of the ttl, not two per workload")
        .isEqualTo(few.lock.renewals())
        .isLessThan(104);
  }
}
