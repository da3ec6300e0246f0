package io.meshupgrade.k8s.internal;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AdmissionregistrationV1Api;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1MutatingWebhookConfiguration;
import io.kubernetes.client.openapi.models.V1MutatingWebhookConfigurationList;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NamespaceList;
import io.meshupgrade.exception.ClusterChangedException;
import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.exception.RemoteCallException;
import io.meshupgrade.k8s.internal.KubeCalls.Op;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What every capability of the data-plane adapter shares: the client and its API groups, the retrying call wrapper,
 * the clock, poll interval, page size and the add-on's namespaces, plus the reads several capabilities need.
 * Immutable; thread-safe.
 */
public record Cluster(ApiClient client, CoreV1Api core, AppsV1Api apps, AdmissionregistrationV1Api admission,
    KubeCalls calls, Clock clock, Duration pollInterval, int pageSize, String systemNamespace,
    String ingressNamespace) {

  public static Cluster of(ApiClient client, KubeCalls calls, Clock clock, Duration pollInterval, int pageSize,
      String systemNamespace, String ingressNamespace) {
    return new Cluster(client, new CoreV1Api(client), new AppsV1Api(client), new AdmissionregistrationV1Api(client),
        calls, clock, pollInterval, pageSize, systemNamespace, ingressNamespace);
  }

  /** A ConfigMap of the system namespace, or empty on 404. */
  public Optional<V1ConfigMap> readConfigMap(String name) {
    try {
      return Optional.of(calls.execute(Op.of("get", "configmaps", systemNamespace, name),
          () -> core.readNamespacedConfigMap(name, systemNamespace).execute()));
    } catch (RemoteCallException e) {
      if (KubeCalls.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Every namespace matching a label selector (built from validated values only), read page by page and handed over
   * once the list is complete (a list restarted after an expired continue token hands nothing twice).
   */
  public void listNamespaces(String selector, Consumer<MeshNamespace> consumer) {
    List<MeshNamespace> found = new ArrayList<>();
    Pages.<V1NamespaceList, V1Namespace>forEach(calls, Op.of("list", "namespaces", "", ""),
        c -> core.listNamespace().labelSelector(selector).limit(pageSize)._continue(c).execute(),
        V1NamespaceList::getItems, V1NamespaceList::getMetadata, n -> found.add(toMeshNamespace(n)), found::clear);
    found.forEach(consumer);
  }

  /**
   * Every labelled MutatingWebhookConfiguration matching a label selector, read page by page and handed over once
   * the list is complete.
   */
  public void listWebhooks(String selector, Consumer<V1MutatingWebhookConfiguration> consumer) {
    List<V1MutatingWebhookConfiguration> found = new ArrayList<>();
    Pages.<V1MutatingWebhookConfigurationList, V1MutatingWebhookConfiguration>forEach(calls,
        Op.of("list", "mutatingwebhookconfigurations", "", ""),
        c -> admission.listMutatingWebhookConfiguration().labelSelector(selector).limit(pageSize)._continue(c)
            .execute(),
        V1MutatingWebhookConfigurationList::getItems, V1MutatingWebhookConfigurationList::getMetadata,
        w -> {
          if (w.getMetadata() != null && w.getMetadata().getLabels() != null) {
            found.add(w);
          }
        }, found::clear);
    found.forEach(consumer);
  }

  /** The mesh labels of a namespace. */
  public static MeshNamespace toMeshNamespace(V1Namespace n) {
    Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
    return new MeshNamespace(n.getMetadata().getName(), labels.get(Names.LABEL_REV),
        labels.get(Names.LABEL_ISTIO_INJECTION));
  }

  /**
   * A 409 from a create (AlreadyExists) means another writer won: it becomes a conflict so that
   * {@link KubeCalls#retryOnConflict} re-reads.
   */
  public static RemoteCallException asConflict(RemoteCallException e) {
    if (e.httpStatus() == 409 && !"Conflict".equals(e.code())) {
      return new ClusterChangedException(409, "Conflict", e.remoteMessage(), e.getMessage(), e);
    }
    return e;
  }

  /** Sleeps (at least 1 ms for a positive duration); interruption becomes a MeshUpgradeException. */
  public static void sleep(Duration d, String waitingFor) {
    if (d.isNegative() || d.isZero()) {
      return;
    }
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshUpgradeException("interrupted while waiting for " + waitingFor + "; call again to resume", e);
    }
  }
}
