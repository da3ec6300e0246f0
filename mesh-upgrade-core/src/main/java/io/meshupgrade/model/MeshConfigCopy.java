package io.meshupgrade.model;

/**
 * What copying the shared mesh ConfigMap to a new revision did.
 *
 * <p>Immutable and thread-safe.
 */
public enum MeshConfigCopy {
  /** The source existed and the target was created. */
  COPIED,
  /** The target already held the same data (an earlier run copied it); nothing written. */
  ALREADY_PRESENT,
  /** The target held other data and was overwritten, as asked. */
  OVERWRITTEN,
  /** The cluster has no shared mesh ConfigMap for the source revision; nothing to copy. */
  NO_SOURCE
}
