package io.meshupgrade;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An upgrade from {@code current} to {@code requested} breaks a rule. Carries the rule, both revisions, the
 * targets that would be allowed instead, and, when a Kubernetes upgrade would unblock it, the minimum version.
 */
public class UpgradeNotAllowedException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  private final UpgradeRule rule;
  private final transient Revision current;
  private final transient Revision requested;
  private final transient SortedSet<Revision> allowed;
  private final transient KubernetesVersion requiredKubernetes;

  public UpgradeNotAllowedException(
      UpgradeRule rule,
      Revision current,
      Revision requested,
      SortedSet<Revision> allowed,
      KubernetesVersion requiredKubernetes,
      String message) {
    super(message);
    this.rule = rule;
    this.current = current;
    this.requested = requested;
    this.allowed = Collections.unmodifiableSortedSet(new TreeSet<>(allowed));
    this.requiredKubernetes = requiredKubernetes;
  }

  /** The rule the request broke. */
  public UpgradeRule rule() {
    return rule;
  }

  public Revision current() {
    return current;
  }

  public Revision requested() {
    return requested;
  }

  /** The targets that would be allowed instead (may be empty). */
  public SortedSet<Revision> allowed() {
    return allowed;
  }

  /** The lowest Kubernetes version that would allow the request, when upgrading Kubernetes would help. */
  public Optional<KubernetesVersion> requiredKubernetes() {
    return Optional.ofNullable(requiredKubernetes);
  }
}
