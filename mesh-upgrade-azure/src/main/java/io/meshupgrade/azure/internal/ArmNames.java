package io.meshupgrade.azure.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * ARM's naming rules for the identifiers this adapter sends, checked before any call. Patterns from the Azure
 * REST API specification (Microsoft.ContainerService managedClusters and the common resource-group parameter).
 * Thread-safe. Not API.
 */
public final class ArmNames {

  private static final Pattern SUBSCRIPTION =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern RESOURCE_GROUP = Pattern.compile("[-\\w._()]+");
  private static final Pattern CLUSTER =
      Pattern.compile("[a-zA-Z0-9]|[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]");

  private ArmNames() {}

  /**
   * @param value a subscription id
   * @return the value
   * @throws IllegalArgumentException unless it is a GUID
   */
  public static String subscriptionId(String value) {
    Objects.requireNonNull(value, "subscriptionId");
    if (!SUBSCRIPTION.matcher(value).matches()) {
      throw new IllegalArgumentException("subscription id '" + value
          + "' is malformed: expected a GUID such as 00000000-0000-0000-0000-000000000000");
    }
    return value;
  }

  /**
   * @param value a resource group name
   * @return the value
   * @throws IllegalArgumentException unless it has 1 to 90 letters, digits, '-', '_', '.', '(' or ')' and does
   *     not end with '.'
   */
  public static String resourceGroup(String value) {
    Objects.requireNonNull(value, "resourceGroup");
    if (value.isEmpty() || value.length() > 90 || !RESOURCE_GROUP.matcher(value).matches()
        || value.endsWith(".")) {
      throw new IllegalArgumentException("resource group name '" + value + "' is malformed: expected 1 to 90"
          + " letters, digits, '-', '_', '.', '(' or ')', not ending with '.' (ARM pattern ^[-\\w\\._\\(\\)]+$)");
    }
    return value;
  }

  /**
   * @param value a managed cluster name
   * @return the value
   * @throws IllegalArgumentException unless it matches ARM's managed cluster pattern (1 to 63 characters)
   */
  public static String clusterName(String value) {
    Objects.requireNonNull(value, "clusterName");
    if (!CLUSTER.matcher(value).matches()) {
      throw new IllegalArgumentException("cluster name '" + value + "' is malformed: expected 1 to 63 letters,"
          + " digits, '-' or '_', starting and ending with a letter or digit (ARM pattern"
          + " ^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$)");
    }
    return value;
  }
}
