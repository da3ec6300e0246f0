package io.meshupgrade.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Which cluster to work on: a real AKS cluster named in full, or, only when --simulated says so, the embedded
 * simulated one. Nothing named is a usage error: a misspelt environment variable must not look like a real upgrade.
 */
final class ClusterOptions {
  @Option(scope = ScopeType.INHERIT, names = "--subscription", description = "Azure subscription id (or AZURE_SUBSCRIPTION_ID)",
      defaultValue = "${env:AZURE_SUBSCRIPTION_ID}")
  String subscription;

  @Option(scope = ScopeType.INHERIT, names = {"-g", "--resource-group"}, description = "resource group of the cluster (or AKS_RESOURCE_GROUP)",
      defaultValue = "${env:AKS_RESOURCE_GROUP}")
  String resourceGroup;

  @Option(scope = ScopeType.INHERIT, names = {"-n", "--cluster"}, description = "AKS cluster name (or AKS_CLUSTER_NAME)",
      defaultValue = "${env:AKS_CLUSTER_NAME}")
  String cluster;

  @Option(scope = ScopeType.INHERIT, names = "--kubeconfig", description = "kubeconfig of the cluster (default: the usual kubeconfig lookup)")
  Path kubeconfig;

  @Option(scope = ScopeType.INHERIT, names = "--plan-dir", description = "keep the plan checkpoint in this directory instead of a ConfigMap in "
      + "aks-istio-system, one per cluster: <plan-dir>/<subscription>/<resource group>/<cluster>/ (lower case), so "
      + "several clusters, in several subscriptions, can share one directory")
  Path planDirectory;

  @Option(scope = ScopeType.INHERIT, names = "--adopt-plan", description = "adopt a plan saved by an older "
      + "mesh-upgrade, which names the cluster by resource group and name only (no subscription), for this cluster: "
      + "moves it from its old place in --plan-dir (<plan-dir>/mesh-upgrade-<group>-<name>.plan) to this cluster's "
      + "directory and records the adoption in the plan. Without it such a plan is refused (exit 3): a cluster of the "
      + "same group and name in another subscription would match it too")
  boolean adoptPlan;

  @Option(scope = ScopeType.INHERIT, names = "--simulated-start-delay", description = "--simulated only: how long a new pod takes to "
      + "become ready (default: ${DEFAULT-VALUE})", defaultValue = "PT0.2S")
  java.time.Duration simulatedStartDelay;

  @Option(scope = ScopeType.INHERIT, names = "--simulated", description = "work on an embedded simulated AKS cluster "
      + "(fake ARM + Kubernetes API on 127.0.0.1; nothing real is touched) instead of a real one")
  boolean simulated;

  @Option(scope = ScopeType.INHERIT, names = "--simulated-revisions", split = ",", paramLabel = "<revision>",
      description = "--simulated only: the revisions installed at the start (default asm-1-18); two for a canary "
          + "already in progress, e.g. asm-1-18,asm-1-19")
  java.util.List<String> simulatedRevisions = new java.util.ArrayList<>();

  /** Whether a real cluster is named (in part). */
  boolean namesRealCluster() {
    return notBlank(subscription) || notBlank(resourceGroup) || notBlank(cluster);
  }

  /**
   * Throws a usage error, before anything starts, unless exactly one of these is given: --simulated, or all three
   * names of a real cluster. A partial name says which flag or environment variable is missing.
   */
  void validate() {
    if (!simulated && !simulatedRevisions.isEmpty()) {
      throw new IllegalArgumentException("--simulated-revisions works only with --simulated");
    }
    if (simulated) {
      if (simulatedRevisions.size() > 2) {
        throw new IllegalArgumentException("--simulated-revisions takes one or two revisions, e.g. asm-1-18,asm-1-19;"
            + " got " + simulatedRevisions);
      }
      simulatedRevisions.forEach(io.meshupgrade.model.Revision::parse);
      if (namesRealCluster()) {
        throw new IllegalArgumentException("--simulated and a real cluster (" + named() + ") both given: drop "
            + "--simulated to work on the real cluster, or unset " + named() + " to simulate");
      }
      return;
    }
    if (!namesRealCluster()) {
      throw new IllegalArgumentException("no cluster named: give --subscription, --resource-group and --cluster (or "
          + "AZURE_SUBSCRIPTION_ID, AKS_RESOURCE_GROUP and AKS_CLUSTER_NAME), or --simulated to work on the embedded "
          + "simulated cluster");
    }
    java.util.List<String> missing = new java.util.ArrayList<>();
    if (!notBlank(subscription)) {
      missing.add("--subscription (or AZURE_SUBSCRIPTION_ID)");
    }
    if (!notBlank(resourceGroup)) {
      missing.add("--resource-group (or AKS_RESOURCE_GROUP)");
    }
    if (!notBlank(cluster)) {
      missing.add("--cluster (or AKS_CLUSTER_NAME)");
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("the real cluster is named only in part (" + named() + "); missing: "
          + String.join(", ", missing) + "; nothing was touched");
    }
  }

  private String named() {
    java.util.List<String> given = new java.util.ArrayList<>();
    if (notBlank(subscription)) {
      given.add("subscription");
    }
    if (notBlank(resourceGroup)) {
      given.add("resource group " + resourceGroup);
    }
    if (notBlank(cluster)) {
      given.add("cluster " + cluster);
    }
    return String.join(", ", given);
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
