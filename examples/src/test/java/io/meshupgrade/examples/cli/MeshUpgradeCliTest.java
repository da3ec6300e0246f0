package io.meshupgrade.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.FilePlanStore;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.testkit.SimulatedAksCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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

  /** Runs the program with --simulated meaning {@code sim}, which stays running across runs. */
  private static Run runOn(SimulatedAksCluster sim, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MeshUpgradeCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), sim);
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

  // ---- issue 8, items 1 and 3: the cluster's identity is its full ARM id; repair of a Failed cluster

  private static final String SUB_A = "00000000-0000-0000-0000-00000000000a";
  private static final String SUB_B = "00000000-0000-0000-0000-00000000000b";

  private static SimulatedAksCluster simulated(String subscription) {
    return SimulatedAksCluster.builder().armIdentity(subscription, "rg1", "aks1", "westeurope")
        .startDelay(Duration.ofMillis(10), Duration.ofMillis(20)).start();
  }

  private static String idOf(String subscription) {
    return "/subscriptions/" + subscription + "/resourceGroups/rg1/providers/Microsoft.ContainerService/"
        + "managedClusters/aks1";
  }

  private static Path planFile(Path plans, String subscription) {
    return plans.resolve(subscription).resolve("rg1").resolve("aks1").resolve(MeshUpgrader.DEFAULT_PLAN_KEY + ".plan");
  }

  @Test
  void issue8_repairVerbRecoversAFailedClusterThenResumeCompletes(@TempDir Path plans) {
    try (SimulatedAksCluster sim = simulated(SUB_A)) {
      String dir = plans.toString();
      Run stopped = runOn(sim, "upgrade", "run", "--simulated", "--plan-dir", dir, "--stop-after",
          "INJECTION_SWITCHED");
      assertThat(stopped.exitCode()).as(stopped.out() + stopped.err()).isEqualTo(ExitCodes.SUCCESS);
      String armBefore = sim.arm().clusterJson();

      sim.armFaults().failNextOperation("IstioUpgradeFailed", "istiod asm-1-18 could not be removed");
      Run failed = runOn(sim, "upgrade", "run", "--simulated", "--plan-dir", dir);
      assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(ExitCodes.FAILED);
      assertThat(sim.arm().provisioningState()).isEqualTo("Failed");

      Run refused = runOn(sim, "upgrade", "run", "--simulated", "--plan-dir", dir);
      assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(ExitCodes.REFUSED);
      assertThat(refused.out() + refused.err()).contains("Failed").contains("repair");
      assertThat(sim.installedRevisions()).containsExactly("asm-1-18", "asm-1-19");

      Run repaired = runOn(sim, "repair", "--simulated", "--plan-dir", dir);
      assertThat(repaired.exitCode()).as(repaired.out() + repaired.err()).isEqualTo(ExitCodes.SUCCESS);
      assertThat(repaired.out()).contains("is Failed").contains("repaired:    " + idOf(SUB_A) + " is Succeeded")
          .contains("[asm-1-18, asm-1-19]");
      assertThat(sim.arm().provisioningState()).isEqualTo("Succeeded");

      Run again = runOn(sim, "repair", "--simulated", "--plan-dir", dir);
      assertThat(again.exitCode()).as("nothing to repair: " + again.out() + again.err())
          .isEqualTo(ExitCodes.REFUSED);
      assertThat(again.err()).contains("not Failed");

      Run resumed = runOn(sim, "upgrade", "run", "--simulated", "--plan-dir", dir);
      assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isEqualTo(ExitCodes.SUCCESS);
      assertThat(resumed.out()).contains("== summary: COMPLETED");
      assertThat(sim.installedRevisions()).containsExactly("asm-1-19");
      assertThat(armBefore).isNotEmpty();
    }
  }

  @Test
  void issue8_planOfAnotherSubscriptionIsRefusedNamingBothIds(@TempDir Path plans) throws IOException {
    String dir = plans.toString();
    try (SimulatedAksCluster a = simulated(SUB_A); SimulatedAksCluster b = simulated(SUB_B)) {
      Run stopped = runOn(a, "upgrade", "run", "--simulated", "--plan-dir", dir, "--stop-after",
          "INJECTION_SWITCHED");
      assertThat(stopped.exitCode()).as(stopped.out() + stopped.err()).isEqualTo(ExitCodes.SUCCESS);
      assertThat(planFile(plans, SUB_A)).exists();

      // B shares the plan directory but has a place of its own: A's plan is not B's
      Run status = runOn(b, "status", "--simulated", "--plan-dir", dir);
      assertThat(status.exitCode()).as(status.out() + status.err()).isZero();
      assertThat(status.out()).contains("cluster:     " + idOf(SUB_B)).contains("plan:        none saved");
      assertThat(planFile(plans, SUB_B)).doesNotExist();

      // A's plan copied into B's place (a shared file store mixed up): refused, naming both ids, B unchanged
      Files.createDirectories(planFile(plans, SUB_B).getParent());
      Files.copy(planFile(plans, SUB_A), planFile(plans, SUB_B));
      Run refused = runOn(b, "upgrade", "run", "--simulated", "--plan-dir", dir);
      assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(ExitCodes.REFUSED);
      assertThat(refused.out() + refused.err()).contains(idOf(SUB_A)).contains(idOf(SUB_B));
      assertThat(b.installedRevisions()).containsExactly("asm-1-18");
      assertThat(b.namespacesLabelled("asm-1-19")).isEmpty();

      Run resumed = runOn(a, "upgrade", "run", "--simulated", "--plan-dir", dir);
      assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isEqualTo(ExitCodes.SUCCESS);
      assertThat(resumed.out()).contains("== summary: COMPLETED");
    }
  }

  @Test
  void issue8_legacyPlanNeedsAdoptPlan(@TempDir Path plans) throws IOException {
    String dir = plans.toString();
    try (SimulatedAksCluster sim = simulated(SUB_A)) {
      Run stopped = runOn(sim, "upgrade", "run", "--simulated", "--plan-dir", dir, "--stop-after",
          "INJECTION_SWITCHED");
      assertThat(stopped.exitCode()).as(stopped.out() + stopped.err()).isEqualTo(ExitCodes.SUCCESS);
      // what an older release left: the plan keyed and named by group and name only, at <plan-dir>/<key>.plan
      FilePlanStore current = new FilePlanStore(planFile(plans, SUB_A).getParent());
      UpgradePlan p = UpgradePlan.fromCheckpoint(current.load(MeshUpgrader.DEFAULT_PLAN_KEY).orElseThrow().json());
      String legacy = UpgradePlan.replay(p.planId(), "rg1/aks1", p.from(), p.to(), p.createdAt(), p.history())
          .toCheckpoint();
      current.delete(MeshUpgrader.DEFAULT_PLAN_KEY);
      Files.delete(planFile(plans, SUB_A).resolveSibling(MeshUpgrader.DEFAULT_PLAN_KEY + ".lock"));
      new FilePlanStore(plans).save("mesh-upgrade-rg1-aks1", legacy, Optional.empty());
      Path legacyFile = plans.resolve("mesh-upgrade-rg1-aks1.plan");
      String legacyText = Files.readString(legacyFile);

      Run refused = runOn(sim, "upgrade", "run", "--simulated", "--plan-dir", dir);
      assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(ExitCodes.REFUSED);
      assertThat(refused.err()).contains("--adopt-plan").contains(legacyFile.toString()).contains("rg1/aks1")
          .contains(idOf(SUB_A));
      assertThat(Files.readString(legacyFile)).as("left as it was").isEqualTo(legacyText);
      assertThat(sim.installedRevisions()).containsExactly("asm-1-18", "asm-1-19");
      Run status = runOn(sim, "status", "--simulated", "--plan-dir", dir);
      assertThat(status.out()).contains("WARNING:").contains("--adopt-plan");

      Run adopted = runOn(sim, "upgrade", "run", "--simulated", "--plan-dir", dir, "--adopt-plan");
      assertThat(adopted.exitCode()).as(adopted.out() + adopted.err()).isEqualTo(ExitCodes.SUCCESS);
      assertThat(adopted.out()).contains("adopted the plan " + p.planId()).contains("== summary: COMPLETED");
      assertThat(legacyFile).doesNotExist();
      UpgradePlan after = UpgradePlan.fromCheckpoint(
          new FilePlanStore(planFile(plans, SUB_A).getParent()).load(MeshUpgrader.DEFAULT_PLAN_KEY).orElseThrow()
              .json());
      assertThat(after.planId()).isEqualTo(p.planId());
      assertThat(after.cluster()).isEqualTo(idOf(SUB_A));
      assertThat(after.adoption()).hasValueSatisfying(ad -> assertThat(ad.legacyCluster()).isEqualTo("rg1/aks1"));
      assertThat(after.stage()).isEqualTo(UpgradeStage.COMPLETED);
      assertThat(sim.installedRevisions()).containsExactly("asm-1-19");
    }
  }

  @Test
  void issue8_aLegacyPlanOfAnotherGroupOrNameIsNeverMovedEvenWithAdoptPlan(@TempDir Path plans) throws IOException {
    String dir = plans.toString();
    try (SimulatedAksCluster sim = simulated(SUB_A)) {
      UpgradePlan other = UpgradePlan.create("asm-1-18-to-asm-1-19-x", "rg1-aks1/x",
          io.meshupgrade.model.Revision.parse("asm-1-18"), io.meshupgrade.model.Revision.parse("asm-1-19"),
          java.time.Clock.systemUTC());
      // "rg1-aks1/x" has the same legacy key as rg1/aks1 (mesh-upgrade-rg1-aks1-x differs, so use the key of ours)
      new FilePlanStore(plans).save("mesh-upgrade-rg1-aks1", other.toCheckpoint(), Optional.empty());

      Run r = runOn(sim, "upgrade", "run", "--simulated", "--plan-dir", dir, "--adopt-plan", "--stop-after",
          "INJECTION_SWITCHED");

      assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.REFUSED);
      assertThat(r.err()).contains("rg1-aks1/x").contains(idOf(SUB_A));
      assertThat(plans.resolve("mesh-upgrade-rg1-aks1.plan")).exists();
      assertThat(sim.installedRevisions()).containsExactly("asm-1-18");
    }
  }

  @Test
  void issue8_helpListsRepairAndAdoptPlan() {
    Run r = run("--help");

    assertThat(r.out()).contains("repair").contains("--adopt-plan").contains("full ARM resource id");
  }
}
