package io.meshupgrade.testkit.arm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.testkit.arm.FakeCluster;
import io.meshupgrade.testkit.arm.FakeRevisionCatalog;
import io.meshupgrade.testkit.arm.OperationGate;
import io.meshupgrade.testkit.arm.RevisionChange;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The fake ARM's state: one managed cluster document, its eTag, its operations and the revision catalog; and the
 * add-on's server-side rules. Thread-safe: every method holds one lock. Not API.
 */
public final class ArmState {

  static final String RULE_PREFIX = "Requested change in revisions is not allowed. Reason: ";
  private static final String CLUSTER_TYPE = "Microsoft.ContainerService/ManagedClusters";

  /** Top-level and {@code properties} fields ARM owns: a PUT cannot set them and does not remove them. */
  private static final List<String> READ_ONLY_TOP = List.of("id", "name", "type", "eTag", "systemData");
  private static final List<String> READ_ONLY_PROPERTIES = List.of("provisioningState", "powerState",
      "maxAgentPools", "fqdn", "azurePortalFQDN", "privateFQDN", "currentKubernetesVersion", "resourceUID");
  private static final List<String> READ_ONLY_POOL = List.of("provisioningState", "nodeImageVersion",
      "currentOrchestratorVersion", "eTag");

  private final Object lock = new Object();
  private final Clock clock;
  private final int defaultSteps;
  private final FaultPlan faults;
  private final String subscriptionId;
  private final String resourceGroup;
  private final String clusterName;
  private final String location;
  private final Map<String, Operation> operations = new HashMap<>();
  private ObjectNode doc;
  private String etag;
  private FakeRevisionCatalog catalog;
  private Operation running;
  private Duration retryAfter;

  /**
   * @param cluster initial cluster
   * @param catalog revision catalog
   * @param faults fault plan
   * @param clock server clock
   * @param defaultSteps InProgress steps of an operation by default
   * @param retryAfter Retry-After announced by PUT and operation status
   */
  public ArmState(FakeCluster cluster, FakeRevisionCatalog catalog, FaultPlan faults, Clock clock,
      int defaultSteps, Duration retryAfter) {
    this.doc = Json.parseObject(cluster.json(), "cluster");
    this.doc.remove("eTag");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.faults = Objects.requireNonNull(faults, "faults");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.defaultSteps = defaultSteps;
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    this.subscriptionId = cluster.subscriptionId();
    this.resourceGroup = cluster.resourceGroup();
    this.clusterName = cluster.name();
    this.location = cluster.location();
    this.etag = newEtag();
  }

  // ---------------------------------------------------------------- identity

  String subscriptionId() {
    return subscriptionId;
  }

  String resourceGroup() {
    return resourceGroup;
  }

  String clusterName() {
    return clusterName;
  }

  String location() {
    return location;
  }

  Clock clock() {
    return clock;
  }

  // ---------------------------------------------------------------- accessors for tests

  /** @return the current document with its eTag, as GET returns it */
  public String clusterJson() {
    synchronized (lock) {
      return Json.write(view());
    }
  }

  /** @return the revisions installed now (those of a running operation are not installed yet) */
  public List<String> installedRevisions() {
    synchronized (lock) {
      return running != null ? running.before : installed(doc);
    }
  }

  /** @return the cluster's provisioningState */
  public String provisioningState() {
    synchronized (lock) {
      return doc.path("properties").path("provisioningState").asText();
    }
  }

  /** @return the current eTag */
  public String etag() {
    synchronized (lock) {
      return etag;
    }
  }

  /** @return whether an operation is running */
  public boolean operationInProgress() {
    synchronized (lock) {
      return running != null;
    }
  }

  /** @return the catalog */
  public FakeRevisionCatalog catalog() {
    synchronized (lock) {
      return catalog;
    }
  }

  /** @param newCatalog replaces the catalog */
  public void replaceCatalog(FakeRevisionCatalog newCatalog) {
    Objects.requireNonNull(newCatalog, "newCatalog");
    synchronized (lock) {
      catalog = newCatalog;
    }
  }

  /** @param value Retry-After for PUT and operation status answers */
  public void retryAfter(Duration value) {
    Objects.requireNonNull(value, "value");
    synchronized (lock) {
      retryAfter = value;
    }
  }

  /**
   * Writes revisions as another client would have, without an operation or any rule.
   *
   * @param revisions the new revisions (empty disables nothing: it just empties the list)
   * @return the change, or empty when the installed revisions are the same
   */
  public Optional<RevisionChange> replaceRevisions(List<String> revisions) {
    synchronized (lock) {
      if (running != null) {
        throw new IllegalStateException("an operation is running; release it before changing revisions");
      }
      List<String> before = installed(doc);
      ObjectNode mesh = ((ObjectNode) doc.path("properties")).withObjectProperty("serviceMeshProfile");
      mesh.put("mode", "Istio");
      mesh.withObjectProperty("istio").set("revisions", Json.array(revisions));
      etag = newEtag();
      List<String> after = installed(doc);
      return before.equals(after) ? Optional.empty() : Optional.of(new RevisionChange(before, after));
    }
  }

  /** Changes the eTag as an unrelated write by another client would. */
  public void touch() {
    synchronized (lock) {
      etag = newEtag();
    }
  }

  /**
   * Starts an operation of another client (no revision change) held until the gate is released.
   *
   * @return the gate
   */
  public OperationGate startForeignOperation() {
    synchronized (lock) {
      if (running != null) {
        throw new IllegalStateException("an operation is already running: " + running.id);
      }
      Gate gate = new Gate();
      List<String> now = installed(doc);
      Operation op = new Operation(UUID.randomUUID().toString(), "2025-09-01", clock.instant(), now, now,
          doc.path("properties").path("serviceMeshProfile").deepCopy(),
          OperationSpec.DEFAULT.withGate(gate), 0, true);
      begin(op);
      return gate;
    }
  }

  // ---------------------------------------------------------------- requests

  ArmResponse getCluster() {
    synchronized (lock) {
      List<RevisionChange> events = step(true);
      return ArmResponse.ok(view()).withHeader("ETag", quoted(etag)).withEvents(events);
    }
  }

  ArmResponse putCluster(String bodyText, String ifMatch, String ifNoneMatch, String apiVersion, String baseUrl) {
    ObjectNode body;
    try {
      body = Json.parseObject(bodyText, "request body");
    } catch (IllegalArgumentException e) {
      return ArmResponse.error(400, "InvalidRequestContent",
          "The request content was invalid and could not be deserialized: " + e.getMessage());
    }
    synchronized (lock) {
      List<RevisionChange> events = step(false);
      if ("*".equals(strip(ifNoneMatch))) {
        return precondition(ifNoneMatch).withEvents(events);
      }
      if (running != null) {
        return ArmResponse.error(409, "OperationNotAllowed",
            "Operation is not allowed because there's an in progress update managed cluster operation "
                + "(operation id " + running.id + ") on the managed cluster '" + clusterName
                + "'. Please wait for it to finish before starting a new operation.")
            .withEvents(events);
      }
      if (ifMatch != null && !"*".equals(strip(ifMatch)) && !strip(ifMatch).equals(etag)) {
        return precondition(ifMatch).withEvents(events);
      }
      if (!body.path("properties").isObject()) {
        return ArmResponse.error(400, "InvalidRequestContent",
            "The request content must be a managed cluster with 'properties'.").withEvents(events);
      }
      String newLocation = body.path("location").asText("");
      if (!normalizeLocation(newLocation).equals(normalizeLocation(location))) {
        return ArmResponse.error(400, "LocationNotAllowed", "Changing property 'location' is not "
            + "allowed: the cluster is in '" + location + "', the request says '" + newLocation + "'.")
            .withEvents(events);
      }
      // No rule refuses a PUT on a cluster left Failed (or Canceled): as in AKS, re-applying the cluster's current
      // body (a reconcile PUT that changes nothing, what `az aks update -g <rg> -n <name>` without arguments sends:
      // "attempts to move the cluster to its goal state without changing the current cluster configuration. This
      // can be used to move out of a non-succeeded state", Azure/azure-cli pull request 23682; the reconcile advised
      // for a Failed cluster in Azure/AKS issue 4607) starts an operation whose success sets it Succeeded again. A
      // stale If-Match still gets 412 above, Failed or not.
      List<String> before = installed(doc);
      List<String> after = installed(body);
      Optional<String> violation = checkRevisions(before, requested(body), body);
      if (violation.isPresent()) {
        return ArmResponse.error(400, "BadRequest", RULE_PREFIX + violation.get()).withEvents(events);
      }
      ObjectNode next = body.deepCopy();
      restoreReadOnly(next, doc);
      ((ObjectNode) next.path("properties")).put("provisioningState", "Updating");
      JsonNode previousMesh = doc.path("properties").path("serviceMeshProfile");
      OperationSpec spec = faults.takeNextOperation();
      int steps = spec.steps() >= 0 ? spec.steps() : defaultSteps;
      Operation op = new Operation(UUID.randomUUID().toString(), apiVersion, clock.instant(), before, after,
          previousMesh.isMissingNode() ? null : previousMesh.deepCopy(), spec, steps, false);
      doc = next;
      begin(op);
      String statusUrl = baseUrl + "/subscriptions/" + subscriptionId
          + "/providers/Microsoft.ContainerService/locations/" + normalizeLocation(location)
          + "/operations/" + op.id + "?api-version=" + apiVersion;
      return new ArmResponse(200, Map.of(), view(), events)
          .withHeader("ETag", quoted(etag))
          .withHeader("Azure-AsyncOperation", statusUrl)
          .withHeader("Retry-After", seconds(retryAfter));
    }
  }

  ArmResponse meshUpgradeProfiles(Optional<String> mode) {
    synchronized (lock) {
      List<RevisionChange> events = step(false);
      if (mode.isPresent() && !"istio".equalsIgnoreCase(mode.get())) {
        return notFound("meshUpgradeProfiles/" + mode.get()).withEvents(events);
      }
      List<String> now = installed(doc);
      if (now.size() > 1) {
        List<String> sorted = sortRevisions(now);
        return ArmResponse.error(409, "ServiceMeshUpgradeInProgress", "Service mesh upgrade from "
            + sorted.get(0) + " to " + sorted.get(1) + " is in progress. Complete or roll back the "
            + "upgrade before listing upgrades.").withEvents(events);
      }
      if (now.isEmpty()) {
        if (mode.isPresent()) {
          return ArmResponse.error(404, "NotFound", "Istio-based service mesh is not enabled for "
              + "managed cluster '" + clusterName + "'.").withEvents(events);
        }
        ObjectNode empty = Json.MAPPER.createObjectNode();
        empty.putArray("value");
        return ArmResponse.ok(empty).withEvents(events);
      }
      ObjectNode profile = upgradeProfile(now.get(0));
      if (mode.isPresent()) {
        return ArmResponse.ok(profile).withEvents(events);
      }
      ObjectNode list = Json.MAPPER.createObjectNode();
      list.putArray("value").add(profile);
      return ArmResponse.ok(list).withEvents(events);
    }
  }

  ArmResponse meshRevisionProfiles(String requestedLocation, Optional<String> mode) {
    synchronized (lock) {
      if (!normalizeLocation(requestedLocation).equals(normalizeLocation(location))) {
        return ArmResponse.error(404, "LocationNotAvailableForResourceType", "The provided location '"
            + requestedLocation + "' is not available for resource type "
            + "'Microsoft.ContainerService/locations/meshRevisionProfiles'. This fake serves only '"
            + location + "'.");
      }
      if (mode.isPresent() && !"istio".equalsIgnoreCase(mode.get())) {
        return notFound("meshRevisionProfiles/" + mode.get());
      }
      ObjectNode profile = Json.MAPPER.createObjectNode();
      profile.put("id", "/subscriptions/" + subscriptionId + "/providers/Microsoft.ContainerService/locations/"
          + requestedLocation + "/meshRevisionProfiles/istio");
      profile.put("type", "Microsoft.ContainerService/locations/meshRevisionProfiles");
      profile.put("name", "istio");
      ArrayNode revisions = profile.putObject("properties").putArray("meshRevisions");
      for (FakeRevisionCatalog.Entry e : catalog.entries()) {
        ObjectNode r = revisions.addObject();
        r.put("revision", e.revision());
        r.set("upgrades", Json.array(e.upgrades()));
        r.set("compatibleWith", compatibleWith(e.kubernetesVersions()));
      }
      if (mode.isPresent()) {
        return ArmResponse.ok(profile);
      }
      ObjectNode list = Json.MAPPER.createObjectNode();
      list.putArray("value").add(profile);
      return ArmResponse.ok(list);
    }
  }

  ArmResponse operationStatus(String requestedLocation, String id, String path) {
    synchronized (lock) {
      Operation op = operations.get(id);
      if (op == null || !normalizeLocation(requestedLocation).equals(normalizeLocation(location))) {
        return notFound("operations/" + id);
      }
      List<RevisionChange> events = op == running ? step(true) : List.of();
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("id", path);
      body.put("name", op.id);
      body.put("status", op.status);
      body.put("startTime", op.startTime.toString());
      if (op.endTime != null) {
        body.put("endTime", op.endTime.toString());
      }
      if ("Failed".equals(op.status) || "Canceled".equals(op.status)) {
        body.putObject("error").put("code", op.spec.errorCode()).put("message", op.spec.errorMessage());
      }
      ArmResponse response = ArmResponse.ok(body).withEvents(events);
      if (op.running()) {
        response = response.withHeader("Retry-After", seconds(retryAfter));
      }
      return response;
    }
  }

  // ---------------------------------------------------------------- operations

  private void begin(Operation op) {
    operations.put(op.id, op);
    running = op;
    ((ObjectNode) doc.path("properties")).put("provisioningState", "Updating");
    etag = newEtag();
  }

  /** Advances the running operation; a counted step consumes one InProgress step. */
  private List<RevisionChange> step(boolean counted) {
    Operation op = running;
    if (op == null) {
      return List.of();
    }
    if (op.stepsLeft > 0) {
      if (counted) {
        op.stepsLeft--;
      }
      return List.of();
    }
    if (op.spec.gate() != null && !op.spec.gate().isReleased()) {
      return List.of();
    }
    if (clock.instant().isBefore(op.startTime.plus(op.spec.minDuration()))) {
      return List.of();
    }
    return finish(op);
  }

  private List<RevisionChange> finish(Operation op) {
    running = null;
    op.endTime = clock.instant();
    op.status = op.spec.outcome();
    ObjectNode props = (ObjectNode) doc.path("properties");
    etag = newEtag();
    if ("Succeeded".equals(op.status)) {
      props.put("provisioningState", "Succeeded");
      return op.before.equals(op.after) ? List.of() : List.of(new RevisionChange(op.before, op.after));
    }
    if (!op.foreign) {
      if (op.previousMeshProfile == null) {
        props.remove("serviceMeshProfile");
      } else {
        props.set("serviceMeshProfile", op.previousMeshProfile.deepCopy());
      }
    }
    props.put("provisioningState", op.status);
    return List.of();
  }

  // ---------------------------------------------------------------- rules

  private Optional<String> checkRevisions(List<String> before, List<String> requested, ObjectNode body) {
    if (!meshEnabled(body)) {
      return Optional.empty();
    }
    List<String> unique = List.copyOf(new LinkedHashSet<>(requested));
    if (unique.isEmpty()) {
      return Optional.of("At least one revision is required when the service mesh mode is Istio.");
    }
    if (unique.size() > 2) {
      return Optional.of("At most 2 revisions can be installed at a time, requested " + unique + ".");
    }
    List<String> added = unique.stream().filter(r -> !before.contains(r)).toList();
    for (String r : added) {
      if (!catalog.contains(r)) {
        return Optional.of("Revision " + r + " is not supported by the service mesh add-on.");
      }
    }
    if (added.isEmpty()) {
      return Optional.empty();
    }
    if (before.isEmpty()) {
      return added.size() == 1 ? Optional.empty()
          : Optional.of("Only one revision can be installed when the service mesh is enabled, requested "
              + added + ".");
    }
    if (before.size() > 1) {
      return Optional.of("Revision " + added.get(0) + " cannot be added while the upgrade from "
          + sortRevisions(before).get(0) + " to " + sortRevisions(before).get(1)
          + " is in progress; complete or roll back the upgrade first.");
    }
    List<String> offered = upgrades(before.get(0));
    for (String r : added) {
      if (!offered.contains(r)) {
        return Optional.of("Revision " + r + " is not a valid upgrade for revision " + before.get(0)
            + ". Valid upgrades: " + offered + ".");
      }
    }
    return Optional.empty();
  }

  private List<String> upgrades(String revision) {
    Optional<FakeRevisionCatalog.Entry> entry = catalog.find(revision);
    if (entry.isPresent()) {
      return entry.get().upgrades();
    }
    String minor = kubernetesMinor();
    return catalog.entries().stream()
        .filter(e -> e.kubernetesVersions().contains(minor))
        .map(FakeRevisionCatalog.Entry::revision)
        .sorted(ArmState::compareRevisions)
        .limit(1)
        .toList();
  }

  private ObjectNode upgradeProfile(String revision) {
    ObjectNode profile = Json.MAPPER.createObjectNode();
    profile.put("id", "/subscriptions/" + subscriptionId + "/resourcegroups/" + resourceGroup
        + "/providers/Microsoft.ContainerService/managedClusters/" + clusterName + "/meshUpgradeProfiles/istio");
    profile.put("type", "Microsoft.ContainerService/managedClusters/meshUpgradeProfiles");
    profile.put("name", "istio");
    ObjectNode props = profile.putObject("properties");
    props.put("revision", revision);
    props.set("upgrades", Json.array(upgrades(revision)));
    props.set("compatibleWith", compatibleWith(
        catalog.find(revision).map(FakeRevisionCatalog.Entry::kubernetesVersions).orElse(List.of())));
    return profile;
  }

  private static ArrayNode compatibleWith(List<String> kubernetesVersions) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    a.addObject().put("name", "kubernetes").set("versions", Json.array(kubernetesVersions));
    return a;
  }

  private String kubernetesMinor() {
    JsonNode props = doc.path("properties");
    String v = props.path("currentKubernetesVersion").asText(props.path("kubernetesVersion").asText(""));
    String[] parts = v.split("\\.");
    return parts.length >= 2 ? parts[0] + "." + parts[1] : v;
  }

  static boolean meshEnabled(JsonNode cluster) {
    return "istio".equalsIgnoreCase(
        cluster.path("properties").path("serviceMeshProfile").path("mode").asText(""));
  }

  private static List<String> requested(JsonNode cluster) {
    return Json.texts(cluster.path("properties").path("serviceMeshProfile").path("istio").path("revisions"));
  }

  static List<String> installed(JsonNode cluster) {
    return meshEnabled(cluster) ? List.copyOf(new LinkedHashSet<>(requested(cluster))) : List.of();
  }

  static List<String> sortRevisions(List<String> revisions) {
    List<String> sorted = new ArrayList<>(revisions);
    sorted.sort(ArmState::compareRevisions);
    return sorted;
  }

  /** Numeric order of asm-major-minor; malformed names sort after well-formed ones, by text. */
  static int compareRevisions(String a, String b) {
    int[] x = parseRevision(a);
    int[] y = parseRevision(b);
    if (x == null || y == null) {
      return x == null && y == null ? a.compareTo(b) : x == null ? 1 : -1;
    }
    return x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]);
  }

  private static int[] parseRevision(String r) {
    String[] parts = r.split("-");
    if (parts.length != 3 || !"asm".equals(parts[0])) {
      return null;
    }
    try {
      return new int[] {Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- helpers

  private ObjectNode view() {
    ObjectNode v = doc.deepCopy();
    v.put("eTag", etag);
    return v;
  }

  private static void restoreReadOnly(ObjectNode next, ObjectNode current) {
    for (String f : READ_ONLY_TOP) {
      next.remove(f);
      if (current.has(f)) {
        next.set(f, current.get(f).deepCopy());
      }
    }
    if (!current.has("type")) {
      next.put("type", CLUSTER_TYPE);
    }
    ObjectNode np = (ObjectNode) next.path("properties");
    JsonNode cp = current.path("properties");
    for (String f : READ_ONLY_PROPERTIES) {
      np.remove(f);
      if (cp.has(f)) {
        np.set(f, cp.get(f).deepCopy());
      }
    }
    JsonNode currentLb = cp.path("networkProfile").path("loadBalancerProfile");
    JsonNode nextLb = np.path("networkProfile").path("loadBalancerProfile");
    if (nextLb.isObject()) {
      ((ObjectNode) nextLb).remove("effectiveOutboundIPs");
      if (currentLb.has("effectiveOutboundIPs")) {
        ((ObjectNode) nextLb).set("effectiveOutboundIPs", currentLb.get("effectiveOutboundIPs").deepCopy());
      }
    }
    for (JsonNode pool : np.path("agentPoolProfiles")) {
      JsonNode old = findPool(cp.path("agentPoolProfiles"), pool.path("name").asText());
      for (String f : READ_ONLY_POOL) {
        ((ObjectNode) pool).remove(f);
        if (old != null && old.has(f)) {
          ((ObjectNode) pool).set(f, old.get(f).deepCopy());
        }
      }
    }
  }

  private static JsonNode findPool(JsonNode pools, String name) {
    for (JsonNode p : pools) {
      if (p.path("name").asText().equals(name)) {
        return p;
      }
    }
    return null;
  }

  private ArmResponse precondition(String sent) {
    return ArmResponse.error(412, "PreconditionFailed", "Operation failed because the eTag of the request ("
        + sent + ") does not match the current eTag of managed cluster '" + clusterName
        + "'. Read the cluster again and retry with its current eTag.");
  }

  private ArmResponse notFound(String what) {
    return ArmResponse.error(404, "NotFound", "The resource '" + what + "' was not found.");
  }

  static String normalizeLocation(String l) {
    return l.replace(" ", "").toLowerCase(Locale.ROOT);
  }

  static String strip(String etagHeader) {
    if (etagHeader == null) {
      return null;
    }
    String s = etagHeader.trim();
    if (s.startsWith("W/")) {
      s = s.substring(2);
    }
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1);
    }
    return s;
  }

  private static String quoted(String etag) {
    return "\"" + etag + "\"";
  }

  private static String seconds(Duration d) {
    long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Long.toString(s);
  }

  private static String newEtag() {
    return UUID.randomUUID().toString();
  }

  /** @return installed and provisioning state as a short text, for logs */
  @Override
  public String toString() {
    synchronized (lock) {
      return "ArmState[" + clusterName + " revisions=" + installed(doc) + " state="
          + doc.path("properties").path("provisioningState").asText() + " eTag=" + etag + "]";
    }
  }
}
