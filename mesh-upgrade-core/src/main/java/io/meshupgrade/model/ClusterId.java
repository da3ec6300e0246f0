package io.meshupgrade.model;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity of a managed cluster: its full ARM resource id,
 * {@code /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>}.
 * Two ids are equal when they are equal ignoring case, as ARM compares resource ids. A resource group and a name
 * alone do not identify a cluster: two subscriptions may each have {@code rg1/cluster1}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param subscriptionId the subscription id
 * @param resourceGroup the resource group
 * @param name the managed cluster's name
 */
public record ClusterId(String subscriptionId, String resourceGroup, String name) {

  private static final Pattern RESOURCE_ID = Pattern.compile(
      "/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ContainerService/managedClusters/([^/]+)",
      Pattern.CASE_INSENSITIVE);

  /**
   * Creates a {@code ClusterId} from its components, checking them.
   *
   * @param subscriptionId the subscription id
   * @param resourceGroup the resource group
   * @param name the managed cluster's name
   */
  public ClusterId {
    subscriptionId = part(subscriptionId, "subscriptionId");
    resourceGroup = part(resourceGroup, "resourceGroup");
    name = part(name, "name");
  }

  private static String part(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank() || value.contains("/")) {
      throw new IllegalArgumentException("'" + value + "' is not a valid " + what + " of a cluster id: expected a"
          + " non-blank ARM name without '/'");
    }
    return value;
  }

  /**
   * Parses a full resource id.
   *
   * @param resourceId the resource id
   * @return the cluster id
   * @throws IllegalArgumentException quoting the text and the expected form when it is not one
   */
  public static ClusterId parse(String resourceId) {
    Objects.requireNonNull(resourceId, "resourceId");
    return tryParse(resourceId).orElseThrow(() -> new IllegalArgumentException("'" + resourceId + "' is not the"
        + " resource id of a managed cluster: expected /subscriptions/<sub>/resourceGroups/<rg>/providers/"
        + "Microsoft.ContainerService/managedClusters/<name>"));
  }

  /**
   * {@return the id {@code text} names, or empty when it is not a full resource id (e.g. an older {@code rg/name})}
   *
   * @param text the text to parse
   */
  public static Optional<ClusterId> tryParse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = RESOURCE_ID.matcher(text.strip());
    return m.matches() ? Optional.of(new ClusterId(m.group(1), m.group(2), m.group(3))) : Optional.empty();
  }

  /**
   * {@return whether {@code text} is a full resource id of a managed cluster}
   *
   * @param text the text to parse
   */
  public static boolean isResourceId(String text) {
    return tryParse(text).isPresent();
  }

  /** {@return the full ARM resource id} */
  public String resourceId() {
    return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
        + "/providers/Microsoft.ContainerService/managedClusters/" + name;
  }

  /**
   * {@code resourceGroup/name}: how releases before the full id named a cluster (not an identity).
   *
   * @return the string
   */
  public String legacyName() {
    return resourceGroup + "/" + name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClusterId c && key().equals(c.key());
  }

  @Override
  public int hashCode() {
    return key().hashCode();
  }

  private String key() {
    return resourceId().toLowerCase(Locale.ROOT);
  }

  /** The full resource id. */
  @Override
  public String toString() {
    return resourceId();
  }
}
