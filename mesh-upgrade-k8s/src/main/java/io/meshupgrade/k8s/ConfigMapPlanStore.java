package io.meshupgrade.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meshupgrade.exception.CheckpointException;
import io.meshupgrade.exception.RemoteCallException;
import io.meshupgrade.k8s.internal.KubeCalls;
import io.meshupgrade.k8s.internal.KubeCalls.Op;
import io.meshupgrade.k8s.internal.Names;
import io.meshupgrade.spi.Checkpoint;
import io.meshupgrade.spi.PlanStore;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link PlanStore} keeping each checkpoint in a ConfigMap {@code mesh-upgrade-plan-<key>} (key {@code plan.json})
 * in aks-istio-system. The version is the ConfigMap's {@code metadata.resourceVersion}: saving with an expected
 * version replaces the ConfigMap with that resourceVersion, so the API server refuses a stale write (409), which
 * becomes a {@link CheckpointException}, unless the stored checkpoint is exactly the one being saved (a retried write
 * whose first attempt landed but whose answer was lost): then that checkpoint is returned. Needs get, create, update
 * and delete on configmaps in that namespace ({@code mesh-upgrade-k8s/rbac/role.yaml} grants them in aks-istio-system).
 *
 * <p>Thread-safe.
 */
public final class ConfigMapPlanStore implements PlanStore {
  /** The prefix of the ConfigMaps' names. */
  public static final String NAME_PREFIX = "mesh-upgrade-plan-";
  /** The data key holding the checkpoint JSON. */
  public static final String DATA_KEY = "plan.json";

  private static final Pattern KEY = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,233}[a-z0-9])?");

  private final CoreV1Api core;
  private final String namespace;
  private final KubeCalls calls;

  /**
   * A store in aks-istio-system.
   *
   * @param client the Kubernetes API client
   */
  public ConfigMapPlanStore(ApiClient client) {
    this(client, Names.SYSTEM_NAMESPACE);
  }

  /**
   * A store in {@code namespace}.
   *
   * @param client the Kubernetes API client
   * @param namespace the namespace
   */
  public ConfigMapPlanStore(ApiClient client, String namespace) {
    this.core = new CoreV1Api(Objects.requireNonNull(client, "client"));
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.calls = new KubeCalls(5, Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  @Override
  public Optional<Checkpoint> load(String key) {
    String name = name(key);
    try {
      V1ConfigMap cm = calls.execute(Op.of("get", "configmaps", namespace, name),
          () -> core.readNamespacedConfigMap(name, namespace).execute());
      String json = cm.getData() == null ? null : cm.getData().get(DATA_KEY);
      if (json == null) {
        throw new CheckpointException("ConfigMap " + namespace + "/" + name + " has no key " + DATA_KEY
            + ": it was not written by this store; delete it or choose another key");
      }
      return Optional.of(new Checkpoint(json, cm.getMetadata().getResourceVersion()));
    } catch (RemoteCallException e) {
      if (KubeCalls.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Checkpoint save(String key, String json, Optional<String> expectedVersion) {
    String name = name(key);
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
    V1ConfigMap cm = new V1ConfigMap().apiVersion("v1").kind("ConfigMap")
        .metadata(new V1ObjectMeta().name(name).namespace(namespace)
            .labels(Map.of("app.kubernetes.io/managed-by", "mesh-upgrade")))
        .data(Map.of(DATA_KEY, json));
    try {
      V1ConfigMap saved;
      if (expectedVersion.isEmpty()) {
        saved = calls.execute(Op.of("create", "configmaps", namespace, name),
            () -> core.createNamespacedConfigMap(namespace, cm).execute());
      } else {
        cm.getMetadata().setResourceVersion(expectedVersion.get());
        saved = calls.execute(Op.of("update", "configmaps", namespace, name),
            () -> core.replaceNamespacedConfigMap(name, namespace, cm).execute());
      }
      return new Checkpoint(json, saved.getMetadata().getResourceVersion());
    } catch (RemoteCallException e) {
      if (e.httpStatus() == 409) {
        // A retry after a lost answer (dropped connection) finds our own write: already exists, or a stale version.
        Optional<Checkpoint> stored = load(key);
        if (stored.isPresent() && stored.get().json().equals(json)) {
          return stored.get();
        }
      }
      if (e.httpStatus() == 409 || (e.httpStatus() == 404 && expectedVersion.isPresent())) {
        throw new CheckpointException("checkpoint " + key + " was not saved: another run wrote ConfigMap "
            + namespace + "/" + name + " since version " + expectedVersion.orElse("(none)") + " ("
            + e.remoteMessage() + "); load it again and decide whether this run may continue", e);
      }
      throw e;
    }
  }

  @Override
  public void delete(String key) {
    String name = name(key);
    try {
      calls.execute(Op.of("delete", "configmaps", namespace, name),
          () -> core.deleteNamespacedConfigMap(name, namespace).execute());
    } catch (RemoteCallException e) {
      if (!KubeCalls.isNotFound(e)) {
        throw e;
      }
    }
  }

  private static String name(String key) {
    Objects.requireNonNull(key, "key");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("'" + key + "' is not a usable plan key: expected lower-case letters,"
          + " digits, '-' and '.', starting and ending with a letter or digit, at most 235 characters");
    }
    return NAME_PREFIX + key;
  }
}
