package io.meshupgrade.k8s.internal;

import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodList;
import io.meshupgrade.model.ControlPlaneStatus;
import io.meshupgrade.model.ControlPlaneStatus.Component;
import io.meshupgrade.model.IngressGateway;
import io.meshupgrade.exception.MissingPermissionException;
import io.meshupgrade.exception.RemoteCallException;
import io.meshupgrade.model.Revision;
import io.meshupgrade.k8s.internal.KubeCalls.Op;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness of a revision's control plane: Deployment {@code istiod-<rev>} (and the requested ingress gateway
 * Deployments) available, with as many Ready pods (matched by the Deployment's selector) as desired replicas.
 * Thread-safe.
 */
public final class ControlPlaneChecks {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneChecks.class);

  private final Cluster cluster;

  public ControlPlaneChecks(Cluster cluster) {
    this.cluster = cluster;
  }

  /** Looks until ready or until {@code timeout}; returns the last status either way. */
  public ControlPlaneStatus await(Revision revision, Set<IngressGateway> gateways, Duration timeout) {
    Instant deadline = cluster.clock().instant().plus(timeout);
    while (true) {
      ControlPlaneStatus status = status(revision, gateways);
      Instant now = cluster.clock().instant();
      if (status.ready() || !now.isBefore(deadline)) {
        if (!status.ready()) {
          LOG.warn("control plane of {} not ready after {}: {}", revision, timeout, status.describe());
        }
        return status;
      }
      Duration left = Duration.between(now, deadline);
      Cluster.sleep(left.compareTo(cluster.pollInterval()) < 0 ? left : cluster.pollInterval(),
          "the control plane of " + revision);
    }
  }

  /** One look at every object. */
  public ControlPlaneStatus status(Revision revision, Set<IngressGateway> gateways) {
    List<Component> components = new ArrayList<>();
    components.add(deploymentReadiness(cluster.systemNamespace(), Names.istiodDeployment(revision)));
    for (IngressGateway g : new TreeSet<>(gateways)) {
      components.add(deploymentReadiness(cluster.ingressNamespace(), g.deploymentName(revision)));
    }
    return ControlPlaneStatus.of(revision, components);
  }

  private Component deploymentReadiness(String ns, String name) {
    V1Deployment d;
    try {
      d = cluster.calls().execute(Op.of("get", "deployments", ns, name),
          () -> cluster.apps().readNamespacedDeployment(name, ns).execute());
    } catch (MissingPermissionException e) {
      throw e;
    } catch (RemoteCallException e) {
      String reason = KubeCalls.isNotFound(e) ? "Deployment not found: the revision is not installed (or was removed)"
          : "cannot read it: " + e.getMessage();
      return new Component("Deployment", ns, name, false, reason);
    }
    int desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    int available = d.getStatus() == null || d.getStatus().getAvailableReplicas() == null
        ? 0 : d.getStatus().getAvailableReplicas();
    if (desired < 1) {
      return new Component("Deployment", ns, name, false, "scaled to 0 replicas");
    }
    if (available < desired) {
      return new Component("Deployment", ns, name, false, available + "/" + desired + " replicas available");
    }
    Map<String, String> match = d.getSpec().getSelector() == null ? null : d.getSpec().getSelector().getMatchLabels();
    if (match == null || match.isEmpty()) {
      return new Component("Deployment", ns, name, true, "");
    }
    String selector = match.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
    int[] ready = {0};
    Pages.<V1PodList, V1Pod>forEach(cluster.calls(), Op.of("list", "pods", ns, ""),
        c -> cluster.core().listNamespacedPod(ns).labelSelector(selector).limit(cluster.pageSize())._continue(c)
            .execute(),
        V1PodList::getItems, V1PodList::getMetadata, p -> {
          if (isReady(p)) {
            ready[0]++;
          }
        }, () -> ready[0] = 0);
    if (ready[0] < desired) {
      return new Component("Deployment", ns, name, false, ready[0] + "/" + desired + " pods Ready");
    }
    return new Component("Deployment", ns, name, true, "");
  }

  private static boolean isReady(V1Pod p) {
    if (p.getMetadata() != null && p.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    if (p.getStatus() == null || p.getStatus().getConditions() == null) {
      return false;
    }
    for (V1PodCondition c : p.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }
}
