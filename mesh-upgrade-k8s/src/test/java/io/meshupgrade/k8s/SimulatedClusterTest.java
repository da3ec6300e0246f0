package io.meshupgrade.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.meshupgrade.model.Revision;
import io.meshupgrade.testkit.k8s.ApiResource;
import io.meshupgrade.testkit.k8s.KubernetesSimulator;
import io.meshupgrade.testkit.k8s.RequestLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the contract tests: a fresh Kubernetes simulator per test, the adapter talking to it over real HTTP with
 * the official client, and after each test the RBAC check: every (verb, resource, namespace) the simulator served must
 * be granted by {@code rbac/clusterrole.yaml}, or by {@code rbac/role.yaml} in the Role's namespace. Setup and
 * assertions use the simulator's Java API, which is not logged, so the log holds the adapter's calls only.
 */
abstract class SimulatedClusterTest {
  static final Revision ASM_1_18 = Revision.parse("asm-1-18");
  static final Revision ASM_1_19 = Revision.parse("asm-1-19");
  static final String IMAGE_1_18 = "mcr.microsoft.com/oss/istio/proxyv2:1.18.2-distroless";
  static final String IMAGE_1_19 = "mcr.microsoft.com/oss/istio/proxyv2:1.19.3-distroless";
  static final Duration POLL = Duration.ofMillis(20);

  /** One request an adapter made: (verb, group, resource, namespace or null). */
  record Used(String verb, String group, String resource, String namespace) {
    @Override
    public String toString() {
      return key(verb, group, resource) + (namespace == null ? "" : " in " + namespace);
    }
  }

  /** Every request any contract test made, for {@link RbacCoverageTest}. */
  static final Set<Used> USED = ConcurrentHashMap.newKeySet();
  /** The contract test classes that ran. */
  static final Set<String> RAN = ConcurrentHashMap.newKeySet();

  KubernetesSimulator sim;
  ApiClient client;
  KubernetesMeshDataPlane dataPlane;

  @BeforeEach
  void startSimulator() {
    sim = simulator().build();
    client = new ClientBuilder().setBasePath(sim.uri().toString()).build();
    dataPlane = dataPlane().build();
  }

  /** The simulator's settings; tests may override. */
  KubernetesSimulator.Builder simulator() {
    return KubernetesSimulator.builder();
  }

  /** The adapter's settings for tests: fast polls and backoff. */
  KubernetesMeshDataPlane.Builder dataPlane() {
    return KubernetesMeshDataPlane.builder().apiClient(client).pollInterval(POLL)
        .retries(5, Duration.ofMillis(1), Duration.ofMillis(20));
  }

  @AfterEach
  void checkRbacAndStop() {
    try {
      RbacRole role = RbacRole.shipped();
      List<RequestLog.Entry> entries = sim.requestLog().entries();
      Set<String> missing = new TreeSet<>();
      for (RequestLog.Entry e : entries) {
        Used used = new Used(e.verb(), e.group() == null ? "" : e.group(), e.rbacResource(), e.namespace());
        USED.add(used);
        if (!role.grants(e.verb(), e.group(), e.rbacResource(), e.namespace())) {
          missing.add(used.toString());
        }
      }
      RAN.add(getClass().getSimpleName());
      assertThat(missing).as("requests not granted by " + RbacRole.FILES).isEmpty();
    } finally {
      sim.close();
    }
  }

  static String key(String verb, String group, String resource) {
    return verb + " " + (group == null || group.isEmpty() ? "" : group + "/") + resource;
  }

  ObjectNode get(ApiResource resource, String namespace, String name) {
    return sim.store().get(resource, namespace, name)
        .orElseThrow(() -> new AssertionError(resource.plural() + " " + namespace + "/" + name + " not found"));
  }

  static String label(JsonNode object, String key) {
    JsonNode v = object.path("metadata").path("labels").path(key);
    return v.isMissingNode() || v.isNull() ? null : v.asText();
  }

  static String annotation(JsonNode object, String key) {
    JsonNode v = object.path("metadata").path("annotations").path(key);
    return v.isMissingNode() || v.isNull() ? null : v.asText();
  }

  long requests(String verb, String resource) {
    return sim.requestLog().count(verb, resource);
  }

  static Map<String, String> rev(Revision revision) {
    return Map.of("istio.io/rev", revision.toString());
  }
}
