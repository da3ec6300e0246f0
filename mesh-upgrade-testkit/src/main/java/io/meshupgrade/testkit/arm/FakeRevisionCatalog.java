package io.meshupgrade.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshupgrade.testkit.arm.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The revisions the fake ARM server offers in its region, as {@code meshRevisionProfiles} publishes them: each
 * revision with the revisions it may upgrade to and the Kubernetes minor versions it is compatible with.
 *
 * <p>Immutable and thread-safe.
 */
public final class FakeRevisionCatalog {

  private static final Pattern REVISION = Pattern.compile("asm-\\d+-\\d+");
  private static final Pattern KUBERNETES_MINOR = Pattern.compile("\\d+\\.\\d+");

  /**
   * One published revision.
   *
   * @param revision e.g. {@code asm-1-18}
   * @param upgrades revisions it may upgrade to
   * @param kubernetesVersions compatible Kubernetes minor versions, e.g. {@code 1.27}
   */
  public record Entry(String revision, List<String> upgrades, List<String> kubernetesVersions) {

    /**
     * Validates and copies.
     *
     * @param revision e.g. {@code asm-1-18}
     * @param upgrades revisions it may upgrade to
     * @param kubernetesVersions compatible Kubernetes minor versions, e.g. {@code 1.27}
     */
    public Entry {
      Objects.requireNonNull(revision, "revision");
      upgrades = List.copyOf(Objects.requireNonNull(upgrades, "upgrades"));
      kubernetesVersions = List.copyOf(Objects.requireNonNull(kubernetesVersions, "kubernetesVersions"));
    }
  }

  private final Map<String, Entry> entries;

  private FakeRevisionCatalog(Map<String, Entry> entries) {
    this.entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /**
   * The catalog of the Azure REST API example {@code ManagedClustersList_MeshRevisionProfiles.json}:
   * asm-1-17 (upgrades to asm-1-18; Kubernetes 1.23 to 1.26) and asm-1-18 (no upgrades; 1.24 to 1.27).
   *
   * @return the catalog
   */
  public static FakeRevisionCatalog fromFixture() {
    return fromJson(Json.write(Json.fixture("ManagedClustersList_MeshRevisionProfiles.json")
        .path("responses").path("200").path("body")));
  }

  /**
   * Parses a {@code meshRevisionProfiles} list body ({@code {"value":[...]}}) or a single profile body.
   *
   * @param json the body as ARM returns it
   * @return the catalog
   * @throws IllegalArgumentException when the body has no {@code meshRevisions}
   */
  public static FakeRevisionCatalog fromJson(String json) {
    Objects.requireNonNull(json, "json");
    ObjectNode root = Json.parseObject(json, "meshRevisionProfiles body");
    JsonNode profile = root.has("value") ? root.path("value").path(0) : root;
    JsonNode revisions = profile.path("properties").path("meshRevisions");
    if (!revisions.isArray()) {
      throw new IllegalArgumentException(
          "expected a meshRevisionProfile with properties.meshRevisions, got: " + json);
    }
    Builder b = builder();
    for (JsonNode r : revisions) {
      List<String> kubernetes = new ArrayList<>();
      for (JsonNode c : r.path("compatibleWith")) {
        if ("kubernetes".equalsIgnoreCase(c.path("name").asText())) {
          kubernetes.addAll(Json.texts(c.path("versions")));
        }
      }
      b.revision(r.path("revision").asText(), Json.texts(r.path("upgrades")), kubernetes);
    }
    return b.build();
  }

  /**
   * A builder for a hand-made catalog.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * All published revisions, in publication order.
   *
   * @return unmodifiable list
   */
  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  /**
   * One revision.
   *
   * @param revision e.g. {@code asm-1-18}
   * @return its entry, or empty when not published
   */
  public Optional<Entry> find(String revision) {
    return Optional.ofNullable(entries.get(Objects.requireNonNull(revision, "revision")));
  }

  /**
   * Whether a revision is published.
   *
   * @param revision e.g. {@code asm-1-18}
   * @return true when published
   */
  public boolean contains(String revision) {
    return entries.containsKey(Objects.requireNonNull(revision, "revision"));
  }

  @Override
  public String toString() {
    return "FakeRevisionCatalog" + entries.values();
  }

  /** Builds a {@link FakeRevisionCatalog}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Publishes a revision.
     *
     * @param revision {@code asm-<major>-<minor>}
     * @param upgrades revisions it may upgrade to
     * @param kubernetesVersions compatible Kubernetes minor versions ({@code <major>.<minor>})
     * @return this
     * @throws IllegalArgumentException when a name is malformed or the revision is already published
     */
    public Builder revision(String revision, List<String> upgrades, List<String> kubernetesVersions) {
      Objects.requireNonNull(revision, "revision");
      Objects.requireNonNull(upgrades, "upgrades");
      Objects.requireNonNull(kubernetesVersions, "kubernetesVersions");
      requireRevision(revision);
      upgrades.forEach(FakeRevisionCatalog::requireRevision);
      for (String k : kubernetesVersions) {
        if (!KUBERNETES_MINOR.matcher(k).matches()) {
          throw new IllegalArgumentException(
              "Kubernetes version '" + k + "' must have the form <major>.<minor>, e.g. 1.27");
        }
      }
      if (entries.containsKey(revision)) {
        throw new IllegalArgumentException("revision '" + revision + "' is already in the catalog");
      }
      entries.put(revision, new Entry(revision, upgrades, kubernetesVersions));
      return this;
    }

    /**
     * Builds the catalog.
     *
     * @return the catalog
     */
    public FakeRevisionCatalog build() {
      return new FakeRevisionCatalog(entries);
    }
  }

  static void requireRevision(String revision) {
    if (!REVISION.matcher(revision).matches()) {
      throw new IllegalArgumentException(
          "revision '" + revision + "' must have the form asm-<major>-<minor>, e.g. asm-1-18");
    }
  }
}
