package io.meshupgrade.plan;

import io.meshupgrade.exception.UpgradeNotAllowedException;
import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.model.Revision;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict of {@link UpgradeRules#check}: the upgrade is allowed, there is nothing to do (same revision), or it
 * is refused with an {@link UpgradeNotAllowedException} that names the rule, the alternatives and what to do next.
 *
 * <p>Immutable and thread-safe.
 */
public final class UpgradeDecision {

  /** The three possible verdicts. */
  public enum Outcome {
    /** {@code current -> target} obeys every rule. */
    ALLOWED,
    /** {@code current} already is {@code target}: not an error, nothing to change. */
    NOTHING_TO_DO,
    /** A rule forbids the upgrade; see {@link #refusal()}. */
    REFUSED
  }

  private final Outcome outcome;
  private final Revision current;
  private final Revision target;
  private final KubernetesVersion kubernetes;
  private final UpgradeNotAllowedException refusal;

  private UpgradeDecision(
      Outcome outcome, Revision current, Revision target, KubernetesVersion kubernetes,
      UpgradeNotAllowedException refusal) {
    this.outcome = outcome;
    this.current = Objects.requireNonNull(current, "current");
    this.target = Objects.requireNonNull(target, "target");
    this.kubernetes = Objects.requireNonNull(kubernetes, "kubernetes");
    this.refusal = refusal;
  }

  /**
   * {@return an allowed upgrade}
   *
   * @param current the installed revision
   * @param target the revision to upgrade to
   * @param kubernetes the cluster's Kubernetes version
   */
  public static UpgradeDecision allowed(Revision current, Revision target, KubernetesVersion kubernetes) {
    return new UpgradeDecision(Outcome.ALLOWED, current, target, kubernetes, null);
  }

  /**
   * Nothing to do: {@code revision} is already installed.
   *
   * @param revision the revision, e.g. {@code asm-1-19}
   * @param kubernetes the cluster's Kubernetes version
   * @return the upgrade decision
   */
  public static UpgradeDecision nothingToDo(Revision revision, KubernetesVersion kubernetes) {
    return new UpgradeDecision(Outcome.NOTHING_TO_DO, revision, revision, kubernetes, null);
  }

  /**
   * {@return a refused upgrade; current and target are taken from {@code refusal}}
   *
   * @param refusal the refusal
   * @param kubernetes the cluster's Kubernetes version
   */
  public static UpgradeDecision refused(UpgradeNotAllowedException refusal, KubernetesVersion kubernetes) {
    Objects.requireNonNull(refusal, "refusal");
    return new UpgradeDecision(Outcome.REFUSED, refusal.current(), refusal.requested(), kubernetes, refusal);
  }

  /**
   * The verdict.
   *
   * @return the outcome
   */
  public Outcome outcome() {
    return outcome;
  }

  /** {@return the revision installed now} */
  public Revision current() {
    return current;
  }

  /** {@return the revision asked for} */
  public Revision target() {
    return target;
  }

  /** {@return the cluster's Kubernetes version the decision was made for} */
  public KubernetesVersion kubernetes() {
    return kubernetes;
  }

  /** {@return why the upgrade is refused; present exactly when {@link #outcome()} is {@link Outcome#REFUSED}} */
  public Optional<UpgradeNotAllowedException> refusal() {
    return Optional.ofNullable(refusal);
  }

  /** {@return whether the upgrade may start} */
  public boolean isAllowed() {
    return outcome == Outcome.ALLOWED;
  }

  /** {@return whether the target already is installed} */
  public boolean isNothingToDo() {
    return outcome == Outcome.NOTHING_TO_DO;
  }

  /** {@return whether a rule forbids the upgrade} */
  public boolean isRefused() {
    return outcome == Outcome.REFUSED;
  }

  /**
   * {@return this decision when it is not a refusal}
   *
   * @throws UpgradeNotAllowedException the refusal, when refused
   */
  public UpgradeDecision orThrow() {
    if (refusal != null) {
      throw refusal;
    }
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpgradeDecision d && d.outcome == outcome && d.current.equals(current)
        && d.target.equals(target) && d.kubernetes.equals(kubernetes)
        && (refusal == null ? d.refusal == null : d.refusal != null && d.refusal.rule() == refusal.rule());
  }

  @Override
  public int hashCode() {
    return Objects.hash(outcome, current, target, kubernetes, refusal == null ? null : refusal.rule());
  }

  /** E.g. {@code ALLOWED asm-1-18 -> asm-1-19 on Kubernetes 1.27}, or the refusal's message. */
  @Override
  public String toString() {
    return outcome + " " + current + " -> " + target + " on Kubernetes " + kubernetes
        + (refusal == null ? "" : ": " + refusal.getMessage());
  }
}
