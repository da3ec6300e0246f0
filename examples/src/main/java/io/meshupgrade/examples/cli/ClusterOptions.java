package io.meshupgrade.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Which cluster to work on. With none named, the program starts the embedded simulated AKS cluster. */
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
      + "aks-istio-system")
  Path planDirectory;

  @Option(scope = ScopeType.INHERIT, names = "--simulated-start-delay", description = "embedded cluster only: how long a new pod takes to "
      + "become ready (default: ${DEFAULT-VALUE})", defaultValue = "PT0.2S")
  java.time.Duration simulatedStartDelay;

  /** Whether a real cluster is named. */
  boolean namesRealCluster() {
    return notBlank(subscription) || notBlank(resourceGroup) || notBlank(cluster);
  }

  /** Throws a usage error unless all three names are given. */
  void requireComplete() {
    if (!notBlank(subscription) || !notBlank(resourceGroup) || !notBlank(cluster)) {
      throw new IllegalArgumentException("to work on a real cluster give --subscription, --resource-group and "
          + "--cluster (or AZURE_SUBSCRIPTION_ID, AKS_RESOURCE_GROUP and AKS_CLUSTER_NAME); give none of them to "
          + "use the embedded simulated cluster");
    }
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
