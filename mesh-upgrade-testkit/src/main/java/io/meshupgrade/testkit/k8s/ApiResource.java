package io.meshupgrade.testkit.k8s;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A resource type the simulator serves, e.g. {@code apps/v1 deployments}. Immutable and thread-safe.
 *
 * @param group API group, {@code ""} for core
 * @param version API version, e.g. {@code v1}
 * @param plural resource name in URLs, e.g. {@code deployments}
 * @param kind object kind, e.g. {@code Deployment}
 * @param namespaced whether objects live in a namespace
 * @param generationFields top-level fields whose change bumps {@code metadata.generation} (empty: no generation)
 * @param statusSubresource whether {@code status} is a subresource (ignored on main-resource writes)
 * @param deleteReturnsObject whether DELETE answers with the deleted object (as the official client expects for
 *     pods and services) instead of a {@code Status}
 */
public record ApiResource(
    String group,
    String version,
    String plural,
    String kind,
    boolean namespaced,
    Set<String> generationFields,
    boolean statusSubresource,
    boolean deleteReturnsObject) {

  /** {@code namespaces} ({@code v1} Namespace). */
  public static final ApiResource NAMESPACES =
      new ApiResource("", "v1", "namespaces", "Namespace", false, Set.of(), true, false);
  /** {@code nodes} ({@code v1} Node). */
  public static final ApiResource NODES =
      new ApiResource("", "v1", "nodes", "Node", false, Set.of(), true, false);
  /** {@code pods} ({@code v1} Pod). */
  public static final ApiResource PODS =
      new ApiResource("", "v1", "pods", "Pod", true, Set.of(), true, true);
  /** {@code configmaps} ({@code v1} ConfigMap). */
  public static final ApiResource CONFIG_MAPS =
      new ApiResource("", "v1", "configmaps", "ConfigMap", true, Set.of(), false, false);
  /** {@code secrets} ({@code v1} Secret). */
  public static final ApiResource SECRETS =
      new ApiResource("", "v1", "secrets", "Secret", true, Set.of(), false, false);
  /** {@code services} ({@code v1} Service). */
  public static final ApiResource SERVICES =
      new ApiResource("", "v1", "services", "Service", true, Set.of(), true, true);
  /** {@code endpoints} ({@code v1} Endpoints). */
  public static final ApiResource ENDPOINTS =
      new ApiResource("", "v1", "endpoints", "Endpoints", true, Set.of(), false, false);
  /** {@code endpointslices} ({@code discovery.k8s.io/v1} EndpointSlice). */
  public static final ApiResource ENDPOINT_SLICES =
      new ApiResource("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, Set.of(), false, false);
  /** {@code serviceaccounts} ({@code v1} ServiceAccount). */
  public static final ApiResource SERVICE_ACCOUNTS =
      new ApiResource("", "v1", "serviceaccounts", "ServiceAccount", true, Set.of(), false, true);
  /** {@code deployments} ({@code apps/v1} Deployment). */
  public static final ApiResource DEPLOYMENTS =
      new ApiResource("apps", "v1", "deployments", "Deployment", true, Set.of("spec"), true, false);
  /** {@code replicasets} ({@code apps/v1} ReplicaSet). */
  public static final ApiResource REPLICA_SETS =
      new ApiResource("apps", "v1", "replicasets", "ReplicaSet", true, Set.of("spec"), true, false);
  /** {@code statefulsets} ({@code apps/v1} StatefulSet). */
  public static final ApiResource STATEFUL_SETS =
      new ApiResource("apps", "v1", "statefulsets", "StatefulSet", true, Set.of("spec"), true, false);
  /** {@code daemonsets} ({@code apps/v1} DaemonSet). */
  public static final ApiResource DAEMON_SETS =
      new ApiResource("apps", "v1", "daemonsets", "DaemonSet", true, Set.of("spec"), true, false);
  /** {@code jobs} ({@code batch/v1} Job). */
  public static final ApiResource JOBS =
      new ApiResource("batch", "v1", "jobs", "Job", true, Set.of("spec"), true, false);
  /** {@code leases} ({@code coordination.k8s.io/v1} Lease). */
  public static final ApiResource LEASES =
      new ApiResource("coordination.k8s.io", "v1", "leases", "Lease", true, Set.of(), false, false);
  /** {@code mutatingwebhookconfigurations} ({@code admissionregistration.k8s.io/v1}). */
  public static final ApiResource MUTATING_WEBHOOK_CONFIGURATIONS =
      new ApiResource(
          "admissionregistration.k8s.io",
          "v1",
          "mutatingwebhookconfigurations",
          "MutatingWebhookConfiguration",
          false,
          Set.of("webhooks"),
          false,
          false);
  /** {@code validatingwebhookconfigurations} ({@code admissionregistration.k8s.io/v1}). */
  public static final ApiResource VALIDATING_WEBHOOK_CONFIGURATIONS =
      new ApiResource(
          "admissionregistration.k8s.io",
          "v1",
          "validatingwebhookconfigurations",
          "ValidatingWebhookConfiguration",
          false,
          Set.of("webhooks"),
          false,
          false);

  /** Every resource type the simulator serves. */
  public static final List<ApiResource> ALL =
      List.of(
          NAMESPACES,
          NODES,
          PODS,
          CONFIG_MAPS,
          SECRETS,
          SERVICES,
          ENDPOINTS,
          SERVICE_ACCOUNTS,
          DEPLOYMENTS,
          REPLICA_SETS,
          STATEFUL_SETS,
          DAEMON_SETS,
          JOBS,
          LEASES,
          ENDPOINT_SLICES,
          MUTATING_WEBHOOK_CONFIGURATIONS,
          VALIDATING_WEBHOOK_CONFIGURATIONS);

  /**
   * Creates a {@code ApiResource} from its components, checking them.
   *
   * @param group API group, {@code ""} for core
   * @param version API version, e.g. {@code v1}
   * @param plural resource name in URLs, e.g. {@code deployments}
   * @param kind object kind, e.g. {@code Deployment}
   * @param namespaced whether objects live in a namespace
   * @param generationFields top-level fields whose change bumps {@code metadata.generation} (empty: no generation)
   * @param statusSubresource whether {@code status} is a subresource (ignored on main-resource writes)
   * @param deleteReturnsObject whether DELETE answers with the deleted object (as the official client expects for pods
   *     and services) instead of a {@code Status}
   */
  public ApiResource {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(plural, "plural");
    Objects.requireNonNull(kind, "kind");
    generationFields = Set.copyOf(Objects.requireNonNull(generationFields, "generationFields"));
  }

  /**
   * {@code apiVersion} as written in objects: {@code v1} or {@code apps/v1}.
   *
   * @return the string
   */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /**
   * Kind of the list, e.g. {@code PodList}.
   *
   * @return the string
   */
  public String listKind() {
    return kind + "List";
  }

  /** {@return whether writes of this type track {@code metadata.generation}} */
  public boolean hasGeneration() {
    return !generationFields.isEmpty();
  }

  /**
   * {@return the resource name qualified by group as kubectl prints it, e.g. {@code deployments.apps} or {@code pods}}
   */
  public String qualifiedName() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /**
   * Finds a served type by group, version and plural.
   *
   * @param group API group, {@code ""} for core
   * @param version API version, e.g. {@code v1}
   * @param plural resource name in URLs, e.g. {@code deployments}
   * @return the api resource, if any
   */
  public static Optional<ApiResource> find(String group, String version, String plural) {
    for (ApiResource r : ALL) {
      if (r.group.equals(group) && r.version.equals(version) && r.plural.equals(plural)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /**
   * Finds a served type by kind, e.g. {@code Deployment}.
   *
   * @param kind object kind, e.g. {@code Deployment}
   * @return the api resource, if any
   */
  public static Optional<ApiResource> byKind(String kind) {
    for (ApiResource r : ALL) {
      if (r.kind.equals(kind)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
