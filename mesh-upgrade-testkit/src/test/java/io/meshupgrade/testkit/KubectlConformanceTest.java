package io.meshupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshupgrade.testkit.k8s.ApiResource;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kubectl against the simulated AKS cluster (issue #10): every kubectl command of the seed document, literally,
 * plus short names through discovery, server-side Tables, watch, api-resources and rollout status on the controllers'
 * rollout model. Uses {@code kubectl.1.32} next to the {@code kubectl} on PATH when present (else that kubectl); the
 * seed's shell pipelines run through {@code sh -c} with the {@code kubectl} of PATH (a version dispatcher on the
 * build machines). Without kubectl the suite is skipped with the reason, unless env {@code CI=true}: then it fails.
 */
class KubectlConformanceTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
  private static Path kubectl;

  @TempDir Path dir;
  private SimulatedAksCluster aks;
  private Path kubeconfig;

  @BeforeAll
  static void findKubectl() {
    Optional<Path> onPath = onPath("kubectl");
    Optional<Path> preferred = onPath.flatMap(k -> {
      try {
        Path beside = k.toRealPath().resolveSibling("kubectl.1.32");
        return Files.isExecutable(beside) ? Optional.of(beside) : Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      }
    }).or(() -> onPath("kubectl.1.32"));
    kubectl = preferred.or(() -> onPath).orElse(null);
    if (kubectl == null) {
      String reason = "kubectl is not on PATH (" + System.getenv("PATH") + "): KubectlConformanceTest skipped;"
          + " install kubectl 1.32 to run it";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(reason + " (CI=true: kubectl is required)");
      }
      System.err.println(reason);
      Assumptions.assumeTrue(false, reason);
    }
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String d : path.split(File.pathSeparator)) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  @BeforeEach
  void start() {
    aks = SimulatedAksCluster.builder()
        .ingressGateways(true)
        .gatewayReplicas(2)
        .istiodReplicas(2)
        .egressGateway("asm-egress-test")
        .nodes(3)
        .startDelay(Duration.ofMillis(20), Duration.ofMillis(40))
        .start();
    kubeconfig = aks.writeKubeconfig(dir.resolve("kubeconfig"));
  }

  @AfterEach
  void stop() {
    aks.close();
  }

  private record Result(int exit, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  /** Runs our kubectl with the simulator's kubeconfig and a private discovery cache. */
  private Result kubectl(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(kubectl.toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--cache-dir=" + dir.resolve("cache"));
    command.addAll(List.of(args));
    return run(new ProcessBuilder(command));
  }

  /** Runs a seed command line literally in a shell, with KUBECONFIG set. */
  private Result shell(String commandLine) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", commandLine);
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().put("KUBECACHEDIR", dir.resolve("cache").toString());
    pb.environment().put("HOME", dir.toString());
    return run(pb);
  }

  private Result run(ProcessBuilder pb) throws Exception {
    pb.environment().put("HOME", dir.toString());
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("kubectl did not end within " + COMMAND_TIMEOUT + ": " + pb.command() + "\n" + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private Result ok(String... args) throws Exception {
    Result r = kubectl(args);
    assertThat(r.exit()).as("kubectl %s failed: %s", String.join(" ", args), r.err()).isZero();
    return r;
  }

  private static List<String> columns(String line) {
    return List.of(line.trim().split("\\s{2,}|\\t"));
  }

  // ------------------------------------------------------------------------------------------ the seed's commands

  @Test
  void issue10_seedGetPodsShowsBothRevisionsControlPlanesAndGatewaysReadyAndRunning() throws Exception {
    aks.arm().replaceRevisions("asm-1-18", "asm-1-19"); // az aks mesh upgrade start
    assertThat(aks.awaitIdle(Duration.ofSeconds(30))).isTrue();

    Result system = shell("kubectl get pods -n aks-istio-system");
    Result ingress = shell("kubectl get pods -n aks-istio-ingress");

    assertThat(system.exit()).as(system.err()).isZero();
    assertThat(columns(system.lines().get(0))).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE");
    assertThat(system.lines().subList(1, system.lines().size()))
        .hasSize(4)
        .allSatisfy(l -> assertThat(columns(l)).element(1).isEqualTo("1/1"))
        .allSatisfy(l -> assertThat(columns(l)).element(2).isEqualTo("Running"))
        .anySatisfy(l -> assertThat(l).matches("istiod-asm-1-18-[a-z0-9]{10}-[a-z0-9]{5}\\s.*"))
        .anySatisfy(l -> assertThat(l).startsWith("istiod-asm-1-19-"));
    assertThat(ingress.exit()).as(ingress.err()).isZero();
    assertThat(ingress.lines().subList(1, ingress.lines().size()))
        .hasSize(8)
        .allSatisfy(l -> assertThat(columns(l).subList(1, 3)).containsExactly("1/1", "Running"))
        .extracting(l -> columns(l).get(0).replaceAll("-[a-z0-9]{10}-[a-z0-9]{5}$", ""))
        .containsOnly(
            "aks-istio-ingressgateway-external-asm-1-18",
            "aks-istio-ingressgateway-external-asm-1-19",
            "aks-istio-ingressgateway-internal-asm-1-18",
            "aks-istio-ingressgateway-internal-asm-1-19");
  }

  @Test
  void issue10_seedRelabelAndRestartRollsTheDeploymentOntoTheNewRevisionAndRolloutStatusWaitsForIt()
      throws Exception {
    aks.arm().replaceRevisions("asm-1-18", "asm-1-19");
    assertThat(aks.awaitIdle(Duration.ofSeconds(30))).isTrue();

    Result label = shell("kubectl label namespace shop istio.io/rev=asm-1-19 --overwrite");
    Result restart = shell("kubectl rollout restart deployment frontend -n shop");
    Result status = ok("rollout", "status", "deployment", "frontend", "-n", "shop", "--timeout=60s");
    // right when rollout status returned: only new, Ready pods, none pending termination
    List<MeshPod> frontend = aks.pods().stream().filter(p -> p.name().startsWith("frontend-")).toList();

    assertThat(label.out()).contains("namespace/shop labeled");
    assertThat(aks.namespacesLabelled("asm-1-19")).contains("shop");
    assertThat(restart.out()).contains("deployment.apps/frontend restarted");
    assertThat(status.out()).contains("deployment \"frontend\" successfully rolled out");
    assertThat(frontend).hasSize(2).allSatisfy(p -> {
      assertThat(p.revision()).contains("asm-1-19");
      assertThat(p.ready()).isTrue();
    });
  }

  @Test
  void issue10_rolloutStatusOfAStatefulSetAndADaemonSetBlocksUntilEveryPodIsUpdatedAndReady() throws Exception {
    aks.arm().replaceRevisions("asm-1-18", "asm-1-19");
    assertThat(aks.awaitIdle(Duration.ofSeconds(30))).isTrue();
    ok("label", "namespace", "shop", "monitoring", "istio.io/rev=asm-1-19", "--overwrite");

    ok("rollout", "restart", "statefulset", "orders-db", "-n", "shop");
    Result sts = ok("rollout", "status", "statefulset/orders-db", "-n", "shop", "--timeout=60s");
    List<MeshPod> db = aks.pods().stream().filter(p -> p.name().startsWith("orders-db-")).toList();
    ok("rollout", "restart", "daemonset", "node-agent", "-n", "monitoring");
    Result ds = ok("rollout", "status", "ds/node-agent", "-n", "monitoring", "--timeout=60s");
    List<MeshPod> agents = aks.pods().stream().filter(p -> p.name().startsWith("node-agent-")).toList();

    assertThat(sts.out()).contains("partitioned roll out complete: 2 new pods have been updated...");
    assertThat(db).hasSize(2).allSatisfy(p -> assertThat(p.revision()).contains("asm-1-19"))
        .allSatisfy(p -> assertThat(p.ready()).isTrue());
    assertThat(ds.out()).contains("daemon set \"node-agent\" successfully rolled out");
    assertThat(agents).hasSize(3).allSatisfy(p -> assertThat(p.revision()).contains("asm-1-19"))
        .allSatisfy(p -> assertThat(p.ready()).isTrue());
  }

  @Test
  void issue10_rolloutStatusExitsNonZeroWhenTheDeploymentExceedsItsProgressDeadline() throws Exception {
    aks.workloads().neverReady(ApiResource.DEPLOYMENTS, "shop", "cart").progressDeadline(Duration.ofMillis(500));

    ok("rollout", "restart", "deployment", "cart", "-n", "shop");
    Result status = kubectl("rollout", "status", "deployment", "cart", "-n", "shop", "--timeout=60s");

    assertThat(status.exit()).isNotZero();
    assertThat(status.err()).contains("deployment \"cart\" exceeded its progress deadline");
  }

  @Test
  void issue10_seedJsonpathListingShowsEveryPodsProxyImage() throws Exception {
    Result r = shell("kubectl get pods --all-namespaces -o jsonpath='{range .items[*]}{\"\\n\"}{.metadata.name}"
        + "{\":\\t\"}{range .spec.containers[*]}{.image}{\", \"}{end}{end}' |\\\n    sort |\\\n"
        + "    grep \"mcr.microsoft.com\\/oss\\/istio\\/proxyv2\"");

    assertThat(r.exit()).as(r.err()).isZero();
    Set<String> injected = new java.util.HashSet<>();
    for (var pod : aks.store().list(ApiResource.PODS, null, null)) {
      for (JsonNode c : pod.at("/spec/containers")) {
        if (c.path("image").asText().startsWith("mcr.microsoft.com/oss/istio/proxyv2")) {
          injected.add(pod.at("/metadata/name").asText());
        }
      }
    }
    assertThat(r.lines())
        .hasSize(injected.size())
        .allSatisfy(l -> assertThat(l).matches("[a-z0-9-]+:\\t.*mcr\\.microsoft\\.com/oss/istio/proxyv2:1\\.18\\.0"
            + "-distroless, .*"))
        .extracting(l -> l.substring(0, l.indexOf(':')))
        .containsExactlyInAnyOrderElementsOf(injected);
  }

  @Test
  void issue10_seedConfigMapGrepFindsTheFullProxyImageOfTheInjector() throws Exception {
    Result r = shell("kubectl get cm -n aks-istio-system -o yaml | grep \"mcr.microsoft.com\\/oss\\/istio\\/proxyv2\"");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"image\":\"mcr.microsoft.com/oss/istio/proxyv2:1.18.0-distroless\"");
  }

  // ------------------------------------------------------------------------------------------ discovery, printing

  @Test
  void issue10_shortNamesResolveThroughDiscoveryAndPrintServerSideTables() throws Exception {
    Result r = ok("get", "po,deploy,sts,ds,rs", "-n", "shop");
    Result ns = ok("get", "ns");
    Result cm = ok("get", "cm", "-n", "aks-istio-system");

    assertThat(r.out())
        .contains("pod/frontend-", "deployment.apps/frontend", "statefulset.apps/orders-db", "replicaset.apps/cart-");
    assertThat(r.lines()).filteredOn(l -> l.startsWith("NAME")).extracting(KubectlConformanceTest::columns)
        .contains(
            List.of("NAME", "READY", "STATUS", "RESTARTS", "AGE"),
            List.of("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"),
            List.of("NAME", "READY", "AGE"),
            List.of("NAME", "DESIRED", "CURRENT", "READY", "AGE"));
    assertThat(r.lines()).filteredOn(l -> l.startsWith("pod/frontend-"))
        .hasSize(2).allSatisfy(l -> assertThat(columns(l).subList(1, 4)).containsExactly("2/2", "Running", "0"));
    assertThat(r.lines()).filteredOn(l -> l.startsWith("deployment.apps/frontend"))
        .singleElement().satisfies(l -> assertThat(columns(l).subList(1, 4)).containsExactly("2/2", "2", "2"));
    assertThat(columns(ns.lines().get(0))).containsExactly("NAME", "STATUS", "AGE");
    assertThat(ns.lines()).anySatisfy(l -> assertThat(columns(l).subList(0, 2))
        .containsExactly("aks-istio-system", "Active"));
    assertThat(cm.lines()).anySatisfy(l -> assertThat(columns(l).subList(0, 2))
        .containsExactly("istio-sidecar-injector-asm-1-18", "2"));
  }

  @Test
  void issue10_apiResourcesListsTheServedTypesWithShortNames() throws Exception {
    Result r = ok("api-resources");

    assertThat(columns(r.lines().get(0)))
        .containsExactly("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND");
    assertThat(r.lines().stream().map(KubectlConformanceTest::columns).toList())
        .contains(
            List.of("pods", "po", "v1", "true", "Pod"),
            List.of("namespaces", "ns", "v1", "false", "Namespace"),
            List.of("configmaps", "cm", "v1", "true", "ConfigMap"),
            List.of("deployments", "deploy", "apps/v1", "true", "Deployment"),
            List.of("statefulsets", "sts", "apps/v1", "true", "StatefulSet"),
            List.of("daemonsets", "ds", "apps/v1", "true", "DaemonSet"),
            List.of("replicasets", "rs", "apps/v1", "true", "ReplicaSet"),
            List.of("endpointslices", "discovery.k8s.io/v1", "true", "EndpointSlice"));
  }

  @Test
  void issue10_getWatchPrintsTheNewPodsOfARestartAsTheyBecomeReady() throws Exception {
    Set<String> before = aks.pods().stream().map(MeshPod::name).collect(Collectors.toSet());
    ProcessBuilder pb = new ProcessBuilder(kubectl.toString(), "--kubeconfig=" + kubeconfig,
        "--cache-dir=" + dir.resolve("cache"), "get", "pods", "-n", "payments", "-w");
    pb.environment().put("HOME", dir.toString());
    pb.redirectErrorStream(true);
    Process watch = pb.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(watch.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String l = in.readLine(); l != null; l = in.readLine()) {
          lines.add(l);
        }
      } catch (IOException e) {
        lines.add("<read failed: " + e + ">");
      }
    });
    reader.setDaemon(true);
    reader.start();
    List<String> seen = new ArrayList<>();
    try {
      // the initial list: header and the two api pods
      while (seen.stream().filter(l -> l.startsWith("api-")).count() < 2) {
        seen.add(poll(lines, seen));
      }
      ok("rollout", "restart", "deployment/api", "-n", "payments");
      Pattern readyNew = Pattern.compile("(api-[a-z0-9]+-[a-z0-9]+)\\s+2/2\\s+Running\\s.*");
      int newReady = 0;
      while (newReady < 2) {
        String l = poll(lines, seen);
        seen.add(l);
        var m = readyNew.matcher(l);
        if (m.matches() && !before.contains(m.group(1))) {
          newReady++;
        }
      }
    } finally {
      watch.destroy();
      watch.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(columns(seen.get(0))).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE");
    assertThat(seen).filteredOn(l -> l.startsWith("NAME")).hasSize(1);
    assertThat(seen).anySatisfy(l -> assertThat(l).matches("api-\\S+\\s+0/2\\s+Pending\\s.*"));
  }

  private static String poll(BlockingQueue<String> lines, List<String> seen) throws InterruptedException {
    String l = lines.poll(60, TimeUnit.SECONDS);
    if (l == null) {
      fail("kubectl get -w printed nothing more within 60 s; so far:\n" + String.join("\n", seen));
    }
    return l;
  }

  // ------------------------------------------------------------------------------------------ AKS objects

  @Test
  void issue10_serverVersionIsTheArmClustersKubernetesVersion() throws Exception {
    JsonNode v = MAPPER.readTree(ok("version", "-o", "json").out());

    assertThat(v.at("/serverVersion/gitVersion").asText()).isEqualTo("v" + SimulatedAksCluster.DEFAULT_KUBERNETES_VERSION);
    assertThat(MAPPER.readTree(aks.arm().clusterJson()).at("/properties/kubernetesVersion").asText())
        .isEqualTo(SimulatedAksCluster.DEFAULT_KUBERNETES_VERSION);
  }

  @Test
  void issue10_gatewayServicesHaveTheirLoadBalancerIpAndReadyEndpointsOfTheGatewayPods() throws Exception {
    Result svc = ok("get", "svc", "-n", "aks-istio-ingress");
    Result eps = ok("get", "endpoints", "aks-istio-ingressgateway-external", "-n", "aks-istio-ingress",
        "-o", "jsonpath={.subsets[*].addresses[*].ip}");
    Result podIps = ok("get", "pods", "-n", "aks-istio-ingress", "-l", "app=aks-istio-ingressgateway-external",
        "-o", "jsonpath={.items[*].status.podIP}");
    Result slices = ok("get", "endpointslices", "-n", "aks-istio-ingress",
        "-l", "kubernetes.io/service-name=aks-istio-ingressgateway-internal",
        "-o", "jsonpath={.items[*].endpoints[?(@.conditions.ready==true)].addresses[0]}");
    Result internalPods = ok("get", "pods", "-n", "aks-istio-ingress", "-l", "app=aks-istio-ingressgateway-internal",
        "-o", "jsonpath={.items[*].status.podIP}");
    Result egress = ok("get", "deploy,svc", "-n", "aks-istio-egress", "-o", "name");

    Map<String, List<String>> byName = svc.lines().stream().skip(1).map(KubectlConformanceTest::columns)
        .collect(Collectors.toMap(c -> c.get(0), c -> c));
    assertThat(byName.get("aks-istio-ingressgateway-external")).element(1).isEqualTo("LoadBalancer");
    assertThat(byName.get("aks-istio-ingressgateway-external").get(3)).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
    assertThat(byName.get("aks-istio-ingressgateway-internal").get(3)).startsWith("10.");
    assertThat(Set.of(eps.out().trim().split(" "))).hasSize(2).isEqualTo(Set.of(podIps.out().trim().split(" ")));
    assertThat(Set.of(slices.out().trim().split(" "))).hasSize(2)
        .isEqualTo(Set.of(internalPods.out().trim().split(" ")));
    assertThat(egress.lines())
        .containsExactlyInAnyOrder("deployment.apps/asm-egress-test-asm-1-18", "service/asm-egress-test");
  }
}
