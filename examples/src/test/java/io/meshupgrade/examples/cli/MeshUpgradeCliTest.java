package io.meshupgrade.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the program in-process on the embedded simulated AKS cluster (--simulated), as the README's first command does. */
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
    Run r = run("upgrade", "run", "--simulated", "--plan-dir", plans.toString(), "--simulated-start-delay", "PT0.02S");

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
    Run r = run("upgrade", "run", "--simulated", "--stop-after", "INJECTION_SWITCHED", "--plan-dir", plans.toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.SUCCESS);
    assertThat(r.out()).contains("== summary: STOPPED_AFTER (after INJECTION_SWITCHED)")
        .contains("revisions: [asm-1-18] -> [asm-1-18, asm-1-19]");
  }

  @Test
  void aDowngradeIsRefusedWithExitCode3AndChangesNothing() {
    Run r = run("upgrade", "run", "--simulated", "--revision", "asm-1-17");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.REFUSED);
    assertThat(r.err()).contains("asm-1-17").contains("refused (UpgradeNotAllowedException); nothing was changed");
  }

  @Test
  void completeWithoutACanaryIsRefused() {
    Run r = run("upgrade", "complete", "--simulated");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.REFUSED);
    assertThat(r.err()).contains("mesh-upgrade:");
  }

  @Test
  void forceWithoutAReasonIsAUsageError() {
    Run r = run("upgrade", "complete", "--simulated", "--force");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--reason");
  }

  @Test
  void aMalformedRevisionIsAUsageErrorQuotingTheInput() {
    Run r = run("upgrade", "plan", "--simulated", "--revision", "ASM-1-19");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("'ASM-1-19'").contains("asm-<major>-<minor>");
  }

  @Test
  void planIsADryRunListingWhatWouldChange() {
    Run r = run("upgrade", "plan", "--simulated", "--revision", "asm-1-20");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.SUCCESS);
    assertThat(r.out()).contains("hops:       [asm-1-19, asm-1-20]")
        .contains("restart:    5 workload(s)");
  }

  @Test
  void readOnlyCommandsDescribeTheCluster() {
    Run revisions = run("get-revisions", "--simulated");
    assertThat(revisions.exitCode()).isZero();
    assertThat(revisions.out()).contains("asm-1-18   [asm-1-19]").contains("asm-1-20   []");

    Run upgrades = run("get-upgrades", "--simulated");
    assertThat(upgrades.exitCode()).isZero();
    assertThat(upgrades.out()).contains("asm-1-18 -> [asm-1-19]");

    Run status = run("status", "--simulated");
    assertThat(status.exitCode()).isZero();
    assertThat(status.out()).contains("revisions:   [asm-1-18]")
        .contains("istio.io/rev=asm-1-18: [monitoring, payments, shop]")
        .contains("0 workload(s) run an older proxy");

    Run patch = run("patch", "--simulated");
    assertThat(patch.exitCode()).isZero();
    assertThat(patch.out()).contains("stale workloads: 0, restarted: 0");
  }

  @Test
  void aPartlyNamedClusterIsAUsageError() {
    Run r = run("status", "--cluster", "aks1");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--subscription").contains("--resource-group");
  }

  // ---- issue 8, item 5: usage errors are exit 2, say what to type, and come before anything starts

  /** Nothing started: no cluster session was opened (the embedded cluster prints a line when it starts). */
  private static void assertNothingStarted(Run r) {
    assertThat(r.out()).as("nothing may start on a usage error").doesNotContain("starting the embedded")
        .doesNotContain("cluster:");
  }

  @Test
  void issue8_upgradeStartStartsTheCanaryAndStopsAfterVerifyingBothControlPlanes(@TempDir Path plans) {
    Run r = run("upgrade", "start", "--simulated", "--plan-dir", plans.toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.SUCCESS);
    assertThat(r.out()).contains("== summary: STOPPED_AFTER (after CONTROL_PLANES_VERIFIED)")
        .contains("revisions: [asm-1-18] -> [asm-1-18, asm-1-19]");
  }

  @Test
  void issue8_aNegativeBatchSizeIsAUsageErrorBeforeAnythingStarts() {
    Run r = run("upgrade", "run", "--simulated", "--batch-size", "-3");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--batch-size must be 0 (one batch) or a positive number").contains("got -3");
    assertNothingStarted(r);
  }

  @Test
  void issue8_aZeroConcurrencyIsAUsageErrorBeforeAnythingStarts() {
    Run r = run("upgrade", "run", "--simulated", "--concurrency", "0");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--concurrency must be at least 1, got 0").contains("e.g. --concurrency 10");
    assertNothingStarted(r);
  }

  @Test
  void issue8_anUnknownNamespaceInTheOrderIsAUsageErrorAndChangesNothing(@TempDir Path plans) {
    Run r = run("upgrade", "run", "--simulated", "--plan-dir", plans.toString(),
        "--namespace-order", "payments,shopp");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("[shopp]").contains("Known namespaces:").contains("shop")
        .contains("nothing was changed");
    assertThat(r.out()).doesNotContain("upgrading asm-1-18");
    assertThat(plans).isEmptyDirectory();
  }

  @Test
  void issue8_aKnownNamespaceOrderIsAccepted(@TempDir Path plans) {
    Run r = run("upgrade", "plan", "--simulated", "--namespace-order", "shop,payments");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.SUCCESS);
  }

  @Test
  void issue8_aDurationThatDoesNotParseNamesTheIso8601Form() {
    Run r = run("upgrade", "run", "--simulated", "--soak", "30s");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("'30s' is not a duration").contains("PT30S");
    assertNothingStarted(r);
  }

  @Test
  void issue8_aNegativeDurationIsAUsageError() {
    Run r = run("upgrade", "run", "--simulated", "--batch-pause", "-PT5S");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--batch-pause must not be negative").contains("PT30S");
    assertNothingStarted(r);
  }

  @Test
  void issue8_aMalformedRevisionIsFoundBeforeTheEmbeddedClusterStarts() {
    Run r = run("upgrade", "run", "--simulated", "--revision", "1.19");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("'1.19'").contains("asm-<major>-<minor>");
    assertNothingStarted(r);
  }

  @Test
  void issue8_aLockTtlTooShortToRenewIsAUsageError() {
    Run r = run("upgrade", "run", "--simulated", "--lock-ttl", "PT1S");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--lock-ttl must be at least");
    assertNothingStarted(r);
  }

  @Test
  void issue8_aBlankTakeOverIsAUsageError() {
    Run r = run("upgrade", "run", "--simulated", "--take-over", " ");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--take-over needs the holder");
    assertNothingStarted(r);
  }

  @Test
  void issue8_theCliHoldsAShortLeaseWithAUniqueUserAtHostHolder() {
    MeshUpgradeCli cli = new MeshUpgradeCli();
    new picocli.CommandLine(cli).parseArgs("status", "--simulated");

    assertThat(cli.lock.ttl).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(LockOptions.holderName()).contains("@");
  }

  // ---- every verb end to end on the simulated cluster

  @Test
  void issue8_rollbackOfACanaryInProgressRemovesTheNewRevision(@TempDir Path plans) {
    Run r = run("upgrade", "rollback", "--simulated", "--simulated-revisions", "asm-1-18,asm-1-19",
        "--plan-dir", plans.toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.SUCCESS);
    assertThat(r.out()).contains("revisions: [asm-1-18, asm-1-19] -> [asm-1-18]");
  }

  @Test
  void issue8_completeOfACanaryInProgressIsRefusedWhileWorkloadsUseTheOldRevision(@TempDir Path plans) {
    Run r = run("upgrade", "complete", "--simulated", "--simulated-revisions", "asm-1-18,asm-1-19",
        "--plan-dir", plans.toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.REFUSED);
    assertThat(r.out() + r.err()).contains("asm-1-18");
  }

  @Test
  void issue8_forcedCompleteOfACanaryInProgressRefusesToLeaveNamespacesOnTheRemovedRevision(@TempDir Path plans) {
    Run r = run("upgrade", "complete", "--simulated", "--simulated-revisions", "asm-1-18,asm-1-19",
        "--plan-dir", plans.toString(), "--force", "--reason", "test cluster, workloads may leave the mesh");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.REFUSED);
    assertThat(r.out() + r.err()).contains("asm-1-18");
  }

  @Test
  void issue8_forcedCompleteOfACanaryInProgressWithRepointRemovesTheOldRevision(@TempDir Path plans) {
    Run r = run("upgrade", "complete", "--simulated", "--simulated-revisions", "asm-1-18,asm-1-19",
        "--plan-dir", plans.toString(), "--force", "--reason", "test cluster, workloads may leave the mesh",
        "--repoint-dangling-tags");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.SUCCESS);
    assertThat(r.out()).contains("revisions: [asm-1-18, asm-1-19] -> [asm-1-19]");
  }

  @Test
  void issue8_simulatedRevisionsNeedSimulated() {
    Run r = run("status", "--simulated-revisions", "asm-1-18,asm-1-19");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--simulated-revisions works only with --simulated");
  }

  // ---- issue 8, item 6: simulation only when asked

  @Test
  void issue8_noClusterNamedAndNoSimulatedIsAUsageError() {
    for (String[] verb : new String[][] {{"status"}, {"get-upgrades"}, {"get-revisions"}, {"patch"},
        {"upgrade", "run"}, {"upgrade", "plan"}, {"upgrade", "start"}, {"upgrade", "complete"},
        {"upgrade", "rollback"}}) {
      Run r = run(verb);

      assertThat(r.exitCode()).as(String.join(" ", verb) + ": " + r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("no cluster named").contains("--simulated").contains("AKS_CLUSTER_NAME");
      assertNothingStarted(r);
    }
  }

  @Test
  void issue8_aSubscriptionWithoutAClusterNamesWhatIsMissingAndItsEnvironmentVariable() {
    Run r = run("upgrade", "run", "--subscription", "00000000-0000-0000-0000-000000000000");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("missing: --resource-group (or AKS_RESOURCE_GROUP), --cluster (or AKS_CLUSTER_NAME)")
        .doesNotContain("missing: --subscription");
    assertNothingStarted(r);
  }

  @Test
  void issue8_simulatedTogetherWithARealClusterIsAUsageError() {
    Run r = run("status", "--simulated", "--cluster", "aks1");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--simulated and a real cluster (cluster aks1) both given");
    assertNothingStarted(r);
  }
}
