package io.meshupgrade.exception;

import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.UpgradeRule;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An upgrade from {@code current} to {@code requested} breaks a rule. Carries the rule, both revisions, the
 * targets that would be allowed instead, and, when a Kubernetes upgrade would unblock it, the minimum version.
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class UpgradeNotAllowedException extends UpgradeRefusedException {
  private static final long serialVersionUID = 1L;

  /** Serialized: the value of {@link #rule()}. */
  private final UpgradeRule rule;
  /** Serialized: the value of {@link #current()}. */
  private final transient Revision current;
  /** Serialized: the value of {@link #requested()}. */
  private final transient Revision requested;
  /** Serialized: the value of {@link #allowed()}. */
  private final transient SortedSet<Revision> allowed;
  /** Serialized: the value of {@link #requiredKubernetes()}. */
  private final transient KubernetesVersion requiredKubernetes;

  /**
   * A refusal.
   *
   * @param rule the rule broken
   * @param current the installed revision (or the hop's start)
   * @param requested the revision asked for (or the hop's end)
   * @param allowed the targets allowed instead (copied)
   * @param requiredKubernetes the lowest Kubernetes version that would allow the request, or null
   * @param message what was refused, why, and what to do next
   */
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

  /** {@return the rule the request broke} */
  public UpgradeRule rule() {
    return rule;
  }

  /** {@return the revision the request starts from} */
  public Revision current() {
    return current;
  }

  /** {@return the revision asked for} */
  public Revision requested() {
    return requested;
  }

  /** {@return the targets that would be allowed instead (may be empty)} */
  public SortedSet<Revision> allowed() {
    return allowed;
  }

  /** {@return the lowest Kubernetes version that would allow the request, when upgrading Kubernetes would help} */
  public Optional<KubernetesVersion> requiredKubernetes() {
    return Optional.ofNullable(requiredKubernetes);
  }
}
