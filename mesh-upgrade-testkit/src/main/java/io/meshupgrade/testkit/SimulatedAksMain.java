package io.meshupgrade.testkit;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link SimulatedAksCluster} on its own until killed, for kubectl and other tools:
 *
 * <pre>
 * mvn -q -Psimulate -pl mesh-upgrade-testkit -am package -DskipTests -Dsimulate.args="--kubeconfig /tmp/sim.yaml"
 * kubectl --kubeconfig /tmp/sim.yaml get pods -n aks-istio-system
 * </pre>
 *
 * Options: {@code --kubeconfig <file>} (default: a new file in a temporary directory), {@code --revision <asm-x-y>}
 * (repeatable, at most two), {@code --kubernetes-version <1.x.y>}, {@code --ingress-gateways},
 * {@code --egress-gateway <name>} (repeatable), {@code --start-delay-ms <n>} (pod start delay, default 500),
 * {@code --pod-capacity <n>} (pods the nodes can hold), {@code --no-workloads}. Prints the kubeconfig path, the
 * Kubernetes API URL and the fake ARM endpoint, then runs until the process is stopped. Not thread-safe (a program).
 */
public final class SimulatedAksMain {
  private SimulatedAksMain() {}

  /**
   * Starts the cluster; see the class description for the options.
   *
   * @param args the args
   * @throws Exception when  fails
   */
  public static void main(String[] args) throws Exception {
    Path kubeconfig = null;
    SimulatedAksCluster.Builder b = SimulatedAksCluster.builder().startDelay(Duration.ofMillis(500),
        Duration.ofMillis(500));
    List<String> revisions = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--kubeconfig" -> kubeconfig = Path.of(value(args, ++i, a));
        case "--revision" -> revisions.add(value(args, ++i, a));
        case "--kubernetes-version" -> b.kubernetesVersion(value(args, ++i, a));
        case "--ingress-gateways" -> b.ingressGateways(true);
        case "--egress-gateway" -> b.egressGateway(value(args, ++i, a));
        case "--start-delay-ms" -> {
          Duration d = Duration.ofMillis(Long.parseLong(value(args, ++i, a)));
          b.startDelay(d, d);
        }
        case "--pod-capacity" -> b.podCapacity(Integer.parseInt(value(args, ++i, a)));
        case "--no-workloads" -> b.noWorkloads();
        case "-h", "--help" -> {
          usage(System.out);
          return;
        }
        default -> {
          usage(System.err);
          throw new IllegalArgumentException("unknown option '" + a + "'; see the usage above");
        }
      }
    }
    if (!revisions.isEmpty()) {
      b.revisions(revisions.toArray(String[]::new));
    }
    if (kubeconfig == null) {
      kubeconfig = Files.createTempDirectory("simulated-aks").resolve("kubeconfig");
    }
    SimulatedAksCluster aks = b.start();
    aks.writeKubeconfig(kubeconfig);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      aks.close();
      stopped.countDown();
    }, "simulated-aks-shutdown"));
    System.out.println("kubeconfig: " + kubeconfig.toAbsolutePath());
    System.out.println("kubernetes: " + aks.kubernetesUri());
    System.out.println("arm:        " + aks.armEndpoint());
    System.out.println("cluster:    /subscriptions/" + aks.subscriptionId() + "/resourceGroups/" + aks.resourceGroup()
        + "/providers/Microsoft.ContainerService/managedClusters/" + aks.clusterName());
    System.out.println("try:        kubectl --kubeconfig " + kubeconfig.toAbsolutePath()
        + " get pods -n aks-istio-system");
    System.out.println("running until stopped (Ctrl+C)");
    System.out.flush();
    stopped.await();
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException("option " + option + " needs a value");
    }
    return args[i];
  }

  private static void usage(PrintStream out) {
    out.println("usage: SimulatedAksMain [--kubeconfig FILE] [--revision asm-1-18]... [--kubernetes-version 1.28.3]");
    out.println("       [--ingress-gateways] [--egress-gateway NAME]... [--start-delay-ms 500] [--pod-capacity N]");
    out.println("       [--no-workloads]");
  }
}
