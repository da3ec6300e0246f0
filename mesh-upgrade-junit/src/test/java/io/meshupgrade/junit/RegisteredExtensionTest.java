package io.meshupgrade.junit;

import static io.meshupgrade.junit.MeshAssertions.assertThatCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.model.Revision;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.report.UpgradeReport;
import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.testkit.SimulatedAksCluster;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The programmatic form: {@code @RegisterExtension} with the builder. */
class RegisteredExtensionTest {
  static final Revision ASM_1_19 = Revision.parse("asm-1-19");
  static final Revision ASM_1_20 = Revision.parse("asm-1-20");

  @RegisterExtension
  static final SimulatedAksExtension AKS = SimulatedAksExtension.builder()
      .revisions("asm-1-19")
      .kubernetesVersion("1.29.2")
      .noDemoWorkloads()
      .maxStartDelay(Duration.ofMillis(5))
      .customize(cluster -> cluster.workloads(seed -> seed
          .namespace("web", Map.of("istio.io/rev", "asm-1-19"))
          .deployments("web", "site", 2, 1)))
      .build();

  @Test
  void runsAnUpgradeOnTheClusterItDescribes(
      MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options, RecordedEvents events) {
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_19).hasAllPodsOn(ASM_1_19).hasPodsOn(ASM_1_19, 2);

    UpgradeReport report = upgrader.upgrade(ASM_1_20, options);

    assertThat(report.outcome()).as(report.message()).isEqualTo(UpgradeReport.Outcome.COMPLETED);
    assertThatCluster(cluster).hasRevisionsInstalled(ASM_1_20).hasAllPodsOn(ASM_1_20).hasNamespacesOn(ASM_1_20, "web");
    assertThat(events.ofType(UpgradeEvent.WorkloadRestarted.class)).hasSize(2);
  }

  private static final AtomicReference<SimulatedAksCluster> FROM_CALLBACK = new AtomicReference<>();

  /** Another extension that asks for the cluster of the current test. */
  @RegisterExtension
  static final BeforeEachCallback CAPTURE = context -> FROM_CALLBACK.set(AKS.cluster(context));

  @Test
  void givesOtherExtensionsTheClusterOfTheCurrentTest(SimulatedAksCluster cluster) {
    assertThat(FROM_CALLBACK.get()).isSameAs(cluster);
  }

  @Test
  void rejectsMalformedSettingsWhenTheyAreGiven() {
    assertThatThrownBy(() -> SimulatedAksExtension.builder().revisions("1.19"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1.19'");
    assertThatThrownBy(() -> SimulatedAksExtension.builder().kubernetesVersion("one"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'one'");
    assertThatThrownBy(() -> SimulatedAksExtension.builder().maxStartDelay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
    assertThatThrownBy(() -> SimulatedAksExtension.builder().customize(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("customizer");
  }
}
