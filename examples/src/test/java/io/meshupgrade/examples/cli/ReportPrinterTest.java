package io.meshupgrade.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportPrinterTest {

  @Test
  void printsPodsPerRevisionInNumericOrderWithPodsWithoutSidecarFirst() {
    assertThat(ReportPrinter.pods(Map.of("asm-1-10", 3, "asm-1-9", 2, "", 1, "default", 4)))
        .isEqualTo("{no sidecar=1, asm-1-9=2, asm-1-10=3, default=4}");
  }

  @Test
  void planKeysAreOnePerClusterAndValidKubernetesNames() {
    assertThat(ClusterSession.planKeyOf("rg-Prod_(EU)/aks.1")).isEqualTo("mesh-upgrade-rg-prod-eu-aks.1");
    assertThat(ClusterSession.planKeyOf("rg1/a")).isNotEqualTo(ClusterSession.planKeyOf("rg1/b"));
    assertThat(ClusterSession.planKeyOf("x/" + "y".repeat(300))).hasSizeLessThanOrEqualTo(200)
        .matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  }
}
