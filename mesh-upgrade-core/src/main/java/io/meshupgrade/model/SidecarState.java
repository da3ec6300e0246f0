package io.meshupgrade.model;

/**
 * Whether a pod runs an Istio sidecar.
 *
 * <p>Immutable and thread-safe.
 */
public enum SidecarState {
  /** The pod has an istio-proxy and a known revision. */
  INJECTED,
  /** The pod opted out with the label {@code sidecar.istio.io/inject=false}. */
  OPTED_OUT,
  /** The pod is in a mesh namespace but has no sidecar (created before labelling, or injection failed). */
  NOT_INJECTED
}
