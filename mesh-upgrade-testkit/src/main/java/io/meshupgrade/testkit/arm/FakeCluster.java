package io.meshupgrade.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.testkit.arm.internal.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The managed cluster document the fake ARM server starts with: a complete {@code ManagedCluster} body as ARM
 * returns it on GET (api-version 2025-10-01 shape). By default the body of the Azure REST API example
 * {@code ManagedClustersCreate_AzureServiceMesh}: subscription {@code 00000000-0000-0000-0000-000000000000},
 * resource group {@code rg1}, cluster {@code clustername1}, location {@code location1}, Kubernetes 1.9.6, Istio
 * revision asm-1-17, plug-in CA, one internal ingress gateway, one egress gateway.
 *
 * <p>Immutable and thread-safe.
 */
public final class FakeCluster {

  private static final Pattern ID = Pattern.compile(
      "/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ContainerService/managedClusters/([^/]+)",
      Pattern.CASE_INSENSITIVE);

  private final String json;
  private final String subscriptionId;
  private final String resourceGroup;
  private final String name;
  private final String location;

  private FakeCluster(ObjectNode body) {
    Matcher m = ID.matcher(body.path("id").asText());
    if (!m.matches()) {
      throw new IllegalArgumentException("cluster body needs an id of the form /subscriptions/{sub}/resourceGroups/"
          + "{rg}/providers/Microsoft.ContainerService/managedClusters/{name}, got: " + body.path("id"));
    }
    if (!body.path("location").isTextual() || !body.path("properties").isObject()) {
      throw new IllegalArgumentException("cluster body needs 'location' and 'properties', got: " + Json.write(body));
    }
    this.subscriptionId = m.group(1);
    this.resourceGroup = m.group(2);
    this.name = m.group(3);
    this.location = body.path("location").asText();
    this.json = Json.write(body);
  }

  /**
   * The cluster of the Azure REST API example, unchanged.
   *
   * @return the cluster
   */
  public static FakeCluster fromFixture() {
    return new FakeCluster(fixtureBody());
  }

  /**
   * Any managed cluster body as ARM returns it on GET.
   *
   * @param json the body; must have {@code id}, {@code location} and {@code properties}
   * @return the cluster
   * @throws IllegalArgumentException when the body is not such an object
   */
  public static FakeCluster fromJson(String json) {
    Objects.requireNonNull(json, "json");
    return new FakeCluster(Json.parseObject(json, "managed cluster body"));
  }

  /**
   * A builder that starts from the example cluster ({@link #fromFixture()}).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder(fixtureBody());
  }

  private static ObjectNode fixtureBody() {
    return (ObjectNode) Json.fixture("ManagedClustersCreate_AzureServiceMesh.2025-10-01.json")
        .path("responses").path("200").path("body");
  }

  /**
   * The body.
   *
   * @return JSON text
   */
  public String json() {
    return json;
  }

  /**
   * Subscription id from the body's {@code id}.
   *
   * @return e.g. {@code 00000000-0000-0000-0000-000000000000}
   */
  public String subscriptionId() {
    return subscriptionId;
  }

  /**
   * Resource group from the body's {@code id}.
   *
   * @return e.g. {@code rg1}
   */
  public String resourceGroup() {
    return resourceGroup;
  }

  /**
   * Cluster name from the body's {@code id}.
   *
   * @return e.g. {@code clustername1}
   */
  public String name() {
    return name;
  }

  /**
   * Location.
   *
   * @return e.g. {@code location1}
   */
  public String location() {
    return location;
  }

  @Override
  public String toString() {
    return "FakeCluster[" + subscriptionId + "/" + resourceGroup + "/" + name + " in " + location + "]";
  }

  /** Builds a {@link FakeCluster} by changing the example cluster. Not thread-safe. */
  public static final class Builder {
    private final ObjectNode body;
    private String subscriptionId;
    private String resourceGroup;
    private String name;

    private Builder(ObjectNode body) {
      this.body = body;
      Matcher m = ID.matcher(body.path("id").asText());
      if (!m.matches()) {
        throw new IllegalStateException("fixture id is malformed: " + body.path("id"));
      }
      subscriptionId = m.group(1);
      resourceGroup = m.group(2);
      name = m.group(3);
    }

    /**
     * @param subscriptionId subscription id
     * @return this
     */
    public Builder subscriptionId(String subscriptionId) {
      this.subscriptionId = requireSegment(subscriptionId, "subscriptionId");
      return this;
    }

    /**
     * @param resourceGroup resource group name
     * @return this
     */
    public Builder resourceGroup(String resourceGroup) {
      this.resourceGroup = requireSegment(resourceGroup, "resourceGroup");
      return this;
    }

    /**
     * @param name cluster name
     * @return this
     */
    public Builder name(String name) {
      this.name = requireSegment(name, "name");
      return this;
    }

    /**
     * @param location region, e.g. {@code westeurope}
     * @return this
     */
    public Builder location(String location) {
      body.put("location", requireSegment(location, "location"));
      return this;
    }

    /**
     * Sets {@code kubernetesVersion}, {@code currentKubernetesVersion} and each agent pool's
     * {@code orchestratorVersion}.
     *
     * @param version e.g. {@code 1.28.3}
     * @return this
     */
    public Builder kubernetesVersion(String version) {
      Objects.requireNonNull(version, "version");
      if (!version.matches("\\d+\\.\\d+(\\.\\d+)?")) {
        throw new IllegalArgumentException(
            "Kubernetes version '" + version + "' must have the form 1.28 or 1.28.3");
      }
      ObjectNode props = (ObjectNode) body.path("properties");
      props.put("kubernetesVersion", version);
      props.put("currentKubernetesVersion", version);
      for (JsonNode pool : props.path("agentPoolProfiles")) {
        ((ObjectNode) pool).put("orchestratorVersion", version);
        ((ObjectNode) pool).put("currentOrchestratorVersion", version);
      }
      return this;
    }

    /**
     * Enables Istio (mode Istio) with these revisions.
     *
     * @param revisions one or two revisions, e.g. {@code asm-1-18}
     * @return this
     */
    public Builder revisions(String... revisions) {
      Objects.requireNonNull(revisions, "revisions");
      List<String> list = Arrays.asList(revisions);
      list.forEach(r -> FakeRevisionCatalog.requireRevision(Objects.requireNonNull(r, "revision")));
      ObjectNode mesh = meshProfile();
      mesh.put("mode", "Istio");
      istio(mesh).set("revisions", Json.array(list));
      return this;
    }

    /**
     * Ingress gateways on (one external and one internal, both enabled) or off (no {@code ingressGateways}).
     *
     * @param enabled whether the cluster has ingress gateways
     * @return this
     */
    public Builder ingressGateways(boolean enabled) {
      ObjectNode components = istio(meshProfile()).withObjectProperty("components");
      if (enabled) {
        ArrayNode gateways = components.putArray("ingressGateways");
        gateways.addObject().put("enabled", true).put("mode", "External");
        gateways.addObject().put("enabled", true).put("mode", "Internal");
      } else {
        components.remove("ingressGateways");
      }
      return this;
    }

    /**
     * The add-on is disabled: {@code serviceMeshProfile} is {@code {"mode":"Disabled"}}.
     *
     * @return this
     */
    public Builder meshDisabled() {
      ObjectNode props = (ObjectNode) body.path("properties");
      props.putObject("serviceMeshProfile").put("mode", "Disabled");
      return this;
    }

    /**
     * The cluster has no {@code serviceMeshProfile} at all.
     *
     * @return this
     */
    public Builder withoutServiceMeshProfile() {
      ((ObjectNode) body.path("properties")).remove("serviceMeshProfile");
      return this;
    }

    /**
     * Builds the cluster.
     *
     * @return the cluster
     */
    public FakeCluster build() {
      ObjectNode copy = body.deepCopy();
      copy.put("id", "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
          + "/providers/Microsoft.ContainerService/managedClusters/" + name);
      copy.put("name", name);
      return new FakeCluster(copy);
    }

    private ObjectNode meshProfile() {
      return ((ObjectNode) body.path("properties")).withObjectProperty("serviceMeshProfile");
    }

    private static ObjectNode istio(ObjectNode meshProfile) {
      return meshProfile.withObjectProperty("istio");
    }

    private static String requireSegment(String value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isEmpty() || value.contains("/") || value.contains("?")) {
        throw new IllegalArgumentException(what + " '" + value + "' must be a non-empty path segment");
      }
      return value;
    }
  }
}
