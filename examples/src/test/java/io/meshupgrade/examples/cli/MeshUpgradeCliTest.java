package io.meshupgrade.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the program in-process on the embedded simulated AKS cluster, as the README's first command does. */
class MeshUpgradeCliTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MeshUpgradeCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void upgradeRunCompletesAWholeCanaryUpgradeOnTheEmbeddedCluster(@TempDir Path plans) {
    Run r = run("upgrade", "run", "--plan-dir", plans.toString(), "--simulated-start-delay", "PT0.02S");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.SUCCESS);
    assertThat(r.out())
        .contains("upgrading asm-1-18 -> asm-1-19")
        .contains("relabelled 3 namespace(s) istio.io/rev=asm-1-19: monitoring, payments, shop")
        .contains("restarted 5/5")
        .contains("== summary: COMPLETED")
        .contains("revisions: [asm-1-18] -> [asm-1-19]")
        .contains("pods per revision: {no sidecar=2, asm-1-18=10} -> {no sidecar=2, asm-1-19=10}")
        .contains("skipped by AKS").contains("[legacy]");
  }

  @Test
  void stopAfterLeavesBothRevisionsInstalledAndSaysSo(@TempDir Path plans) {
    Run r = run("upgrade", "run", "--stop-after", "INJECTION_SWITCHED", "--plan-dir", plans.toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.SUCCESS);
    assertThat(r.out()).contains("== summary: STOPPED_AFTER (after INJECTION_SWITCHED)")
        .contains("revisions: [asm-1-18] -> [asm-1-18, asm-1-19]");
  }

  @Test
  void aDowngradeIsRefusedWithExitCode3AndChangesNothing() {
    Run r = run("upgrade", "run", "--revision", "asm-1-17");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.REFUSED);
    assertThat(r.out()).contains("REFUSED").contains("revisions: [asm-1-18] -> [asm-1-18]");
  }

  @Test
  void completeWithoutACanaryIsRefused() {
    Run r = run("upgrade", "complete");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.REFUSED);
    assertThat(r.err()).contains("mesh-upgrade:");
  }

  @Test
  void forceWithoutAReasonIsAUsageError() {
    Run r = run("upgrade", "complete", "--force");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--reason");
  }

  @Test
  void aMalformedRevisionIsAUsageErrorQuotingTheInput() {
    Run r = run("upgrade", "plan", "--revision", "ASM-1-19");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("'ASM-1-19'").contains("asm-<major>-<minor>");
  }

  @Test
  void planIsADryRunListingWhatWouldChange() {
    Run r = run("upgrade", "plan", "--revision", "asm-1-20");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.SUCCESS);
    assertThat(r.out()).contains("hops:       [asm-1-19, asm-1-20]")
        .contains("restart:    5 workload(s)");
  }

  @Test
  void readOnlyCommandsDescribeTheCluster() {
    Run revisions = run("get-revisions");
    assertThat(revisions.exitCode()).isZero();
    assertThat(revisions.out()).contains("asm-1-18   [asm-1-19]").contains("asm-1-20   []");

    Run upgrades = run("get-upgrades");
    assertThat(upgrades.exitCode()).isZero();
    assertThat(upgrades.out()).contains("asm-1-18 -> [asm-1-19]");

    Run status = run("status");
    assertThat(status.exitCode()).isZero();
    assertThat(status.out()).contains("revisions:   [asm-1-18]")
        .contains("istio.io/rev=asm-1-18: [monitoring, payments, shop]")
        .contains("0 workload(s) run an older proxy");

    Run patch = run("patch");
    assertThat(patch.exitCode()).isZero();
    assertThat(patch.out()).contains("stale workloads: 0, restarted: 0");
  }

  @Test
  void aPartlyNamedClusterIsAUsageError() {
    Run r = run("status", "--cluster", "aks1");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--subscription").contains("--resource-group");
  }
}
