package io.meshupgrade.upgrader;

import static io.meshupgrade.upgrader.World.CART;
import static io.meshupgrade.upgrader.World.R18;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.report.RollOverReport;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.event.UpgradeEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PatchRollOverTest {

  private static final String PATCHED = "mcr.microsoft.com/oss/istio/proxyv2:1.18.7-distroless";

  @Test
  void restartsTheWorkloadsWhoseProxyImageDiffersFromTheirRevisionsCurrentImage() {
    World w = new World();
    w.dp.setProxyImage(R18, PATCHED);

    RollOverReport report = w.upgrader().rollOverPatch();

    assertThat(report.currentImages()).isEqualTo(Map.of(R18, PATCHED));
    assertThat(report.restarted()).containsExactlyElementsOf(World.MESHED);
    assertThat(report.allSucceeded()).isTrue();
    assertThat(w.dp.snapshot()).filteredOn(p -> p.contains("asm-1-18")).allMatch(p -> p.endsWith(PATCHED));
    assertThat(w.events(UpgradeEvent.WorkloadRestarted.class)).hasSize(4);
    assertThat(w.cp.writes()).isZero();
  }

  @Test
  void findsNothingStaleWhenEveryProxyIsCurrent() {
    World w = new World();

    RollOverReport report = w.upgrader().rollOverPatch();

    assertThat(report.staleWorkloads()).isEmpty();
    assertThat(report.restarted()).isEmpty();
    assertThat(w.dp.restarts()).isEmpty();
  }

  @Test
  void aSecondRollOverRestartsNothing() {
    World w = new World();
    w.dp.setProxyImage(R18, PATCHED);
    w.upgrader().rollOverPatch();

    RollOverReport again = w.upgrader().rollOverPatch();

    assertThat(again.restarted()).isEmpty();
    assertThat(w.dp.restarts().values()).containsOnly(1);
  }

  @Test
  void reportsStaleWorkloadsThatCannotBeRestartedAndFailedRollouts() {
    World w = new World();
    w.dp.workload(WorkloadKind.JOB, "shop", "nightly", 1);
    w.dp.setProxyImage(R18, PATCHED);
    w.dp.setFailing(CART, true);

    RollOverReport report = w.upgrader().rollOverPatch();

    assertThat(report.notRestartable()).containsExactly(new WorkloadRef(WorkloadKind.JOB, "shop", "nightly"));
    assertThat(report.failedRollouts()).extracting(r -> r.workload()).containsExactly(CART);
    assertThat(report.allSucceeded()).isFalse();
  }

  @Test
  void warnsWhenARevisionsInjectorConfigIsMissingAndLeavesItsWorkloadsAlone() {
    World w = new World();
    w.dp.setProxyImage(R18, PATCHED);
    w.dp.removeInjector(R18);

    RollOverReport report = w.upgrader().rollOverPatch();

    assertThat(report.warnings()).singleElement().asString().contains("istio-sidecar-injector-asm-1-18");
    assertThat(report.currentImages()).isEmpty();
    assertThat(report.restarted()).isEmpty();
    assertThat(w.dp.restarts()).isEmpty();
  }
}
