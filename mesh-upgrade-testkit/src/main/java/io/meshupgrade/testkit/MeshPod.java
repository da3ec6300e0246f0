package io.meshupgrade.testkit;

import java.util.Objects;
import java.util.Optional;

/**
 * A pod of the simulated cluster as a mesh sees it: which revision injected its proxy (from the
 * {@code sidecar.istio.io/status} annotation) and which proxy image it runs. Pods without a sidecar have neither.
 *
 * @param namespace the pod's namespace
 * @param name the pod's name
 * @param revision the revision that injected the proxy, e.g. {@code asm-1-18}; empty when the pod has no sidecar
 * @param proxyImage the image of the {@code istio-proxy} container (or native sidecar); empty without a sidecar
 * @param ready whether the pod is Ready
 *
 * <p>Immutable and thread-safe.
 */
public record MeshPod(
    String namespace, String name, Optional<String> revision, Optional<String> proxyImage, boolean ready) {

  /**
   * Checks the components.
   *
   * @param namespace the pod's namespace
   * @param name the pod's name
   * @param revision the revision that injected the proxy, e.g. {@code asm-1-18}; empty when the pod has no sidecar
   * @param proxyImage the image of the {@code istio-proxy} container (or native sidecar); empty without a sidecar
   * @param ready whether the pod is Ready  <p>Immutable and thread-safe.
   */
  public MeshPod {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(proxyImage, "proxyImage");
  }

  /**
   * {@return whether the pod runs a proxy injected by {@code revision}}
   *
   * @param revision the revision that injected the proxy, e.g. {@code asm-1-18}; empty when the pod has no sidecar
   */
  public boolean runs(String revision) {
    return this.revision.isPresent() && this.revision.get().equals(Objects.requireNonNull(revision, "revision"));
  }

  /** {@code namespace/name}. */
  @Override
  public String toString() {
    return namespace + "/" + name + revision.map(r -> " (" + r + ")").orElse(" (no sidecar)");
  }
}
