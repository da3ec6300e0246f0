package io.meshupgrade.model;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Whether a revision's control plane (istiod, and its ingress gateways when enabled) is ready, with every object
 * checked and why it is not ready.
 *
 * <p>Immutable and thread-safe.
 */
public record ControlPlaneStatus(Revision revision, List<Component> components) {

  /**
   * One checked object.
   *
   * @param kind e.g. Deployment
   * @param namespace its namespace
   * @param name its name
   * @param ready whether it is ready
   * @param reason why it is not ready ("" when ready), e.g. "0/2 replicas available"
   */
  public record Component(String kind, String namespace, String name, boolean ready, String reason) {
    /**
     * Creates a {@code Component} from its components, checking them.
     *
     * @param kind e.g. Deployment
     * @param namespace its namespace
     * @param name its name
     * @param ready whether it is ready
     * @param reason why it is not ready ("" when ready), e.g. "0/2 replicas available"
     */
    public Component {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
      reason = reason == null ? "" : reason;
    }
  }

  /**
   * Creates a {@code ControlPlaneStatus} from its components, checking them.
   *
   * @param revision the revision
   * @param components the components
   */
  public ControlPlaneStatus {
    Objects.requireNonNull(revision, "revision");
    components = List.copyOf(components);
  }

  /**
   * Ready when there is at least one component and every component is ready.
   *
   * @return whether there is at least one component and every component is ready
   */
  public boolean ready() {
    return !components.isEmpty() && components.stream().allMatch(Component::ready);
  }

  /**
   * {@return what is not ready, for messages: {@code "asm-1-19: Deployment aks-istio-system/istiod-asm-1-19 (0/2
   * replicas available), ..."}; {@code "asm-1-19 has no control plane objects"} when nothing was checked, and {@code
   * "asm-1-19: ready"} when everything is ready}
   */
  public String describe() {
    if (components.isEmpty()) {
      return revision + " has no control plane objects";
    }
    if (ready()) {
      return revision + ": ready";
    }
    return notReady().stream()
        .map(c -> c.kind() + " " + c.namespace() + "/" + c.name() + " (" + c.reason() + ")")
        .collect(Collectors.joining(", ", revision + ": ", ""));
  }

  /** {@return the components that are not ready} */
  public List<Component> notReady() {
    return components.stream().filter(c -> !c.ready()).toList();
  }
}
