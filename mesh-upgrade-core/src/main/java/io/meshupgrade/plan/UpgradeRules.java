package io.meshupgrade.plan;

import io.meshupgrade.exception.UpgradeNotAllowedException;
import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.model.SupportPlan;
import io.meshupgrade.model.UpgradeRule;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides whether the mesh of a cluster on Kubernetes version K may move from one revision to another, and if
 * not, why and what is allowed instead. The rules (the seed's, see {@link UpgradeRule}):
 *
 * <ul>
 *   <li>the same revision is "nothing to do", not an error;
 *   <li>no downgrade;
 *   <li>a supported current revision (one the catalog lists) moves one minor at a time
 *       ({@link UpgradePolicy#ONE_MINOR_AT_A_TIME}, the default; {@link UpgradePolicy#ALLOW_SKIP_ONE_MINOR} also
 *       allows n+2), to a supported target that the catalog offers as its upgrade and that runs on K;
 *   <li>an unsupported current revision must move to the lowest supported revision above it that runs on K, and
 *       to no other (whether or not anything "offers" it);
 *   <li>when a Kubernetes upgrade would make the request legal, the refusal names the lowest such version
 *       ("upgrade the cluster to Kubernetes 1.27 first").
 * </ul>
 *
 * <p>A hop to the next major counts as one minor when it lands on minor 0 (two minors, minor 0 or 1, under
 * {@link UpgradePolicy#ALLOW_SKIP_ONE_MINOR}). Revisions are always compared numerically.
 *
 * <p>Immutable and thread-safe.
 */
public final class UpgradeRules {

  private final RevisionCatalog catalog;
  private final UpgradePolicy policy;
  private final SupportPlan plan;

  private UpgradeRules(RevisionCatalog catalog, UpgradePolicy policy) {
    this(catalog, policy, SupportPlan.KUBERNETES_OFFICIAL);
  }

  private UpgradeRules(RevisionCatalog catalog, UpgradePolicy policy, SupportPlan plan) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.plan = Objects.requireNonNull(plan, "plan");
  }

  /**
   * {@return the rules over {@code catalog} with the default policy, {@link UpgradePolicy#ONE_MINOR_AT_A_TIME}}
   *
   * @param catalog the revisions AKS offers
   */
  public static UpgradeRules of(RevisionCatalog catalog) {
    return new UpgradeRules(catalog, UpgradePolicy.ONE_MINOR_AT_A_TIME);
  }

  /**
   * {@return the rules over {@code catalog} with {@code policy}}
   *
   * @param catalog the revisions AKS offers
   * @param policy the policy
   */
  public static UpgradeRules of(RevisionCatalog catalog, UpgradePolicy policy) {
    return new UpgradeRules(catalog, policy);
  }

  /**
   * {@return the rules over {@code catalog} with {@code policy} for a cluster on the support plan {@code plan}: a
   * revision runs on the Kubernetes versions of that plan's list (or of the list without a tier)}
   *
   * @param catalog the revisions AKS offers
   * @param policy the policy
   * @param plan the cluster's support plan ({@link io.meshupgrade.model.ClusterMeshState#supportPlan()})
   */
  public static UpgradeRules of(RevisionCatalog catalog, UpgradePolicy policy, SupportPlan plan) {
    return new UpgradeRules(catalog, policy, plan);
  }

  /** {@return the support plan whose Kubernetes compatibility lists the rules use} */
  public SupportPlan supportPlan() {
    return plan;
  }

  /** {@return the catalog the rules consult} */
  public RevisionCatalog catalog() {
    return catalog;
  }

  /** {@return how far one hop of a supported revision may go} */
  public UpgradePolicy policy() {
    return policy;
  }

  /**
   * Decides {@code current -> target} on Kubernetes {@code kubernetes}.
   *
   * @param current the installed revision
   * @param target the revision to upgrade to
   * @param kubernetes the cluster's Kubernetes version
   * @return {@link UpgradeDecision.Outcome#ALLOWED}, {@link UpgradeDecision.Outcome#NOTHING_TO_DO} when both are
   *     the same, or {@link UpgradeDecision.Outcome#REFUSED} with the refusal
   * @throws NullPointerException if an argument is null
   */
  public UpgradeDecision check(Revision current, Revision target, KubernetesVersion kubernetes) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(kubernetes, "kubernetes");
    if (current.equals(target)) {
      return UpgradeDecision.nothingToDo(current, kubernetes);
    }
    UpgradeRule broken = target.isBefore(current) ? UpgradeRule.NO_DOWNGRADE : violation(current, target, kubernetes);
    if (broken == null) {
      return UpgradeDecision.allowed(current, target, kubernetes);
    }
    return UpgradeDecision.refused(refusal(broken, current, target, kubernetes), kubernetes);
  }

  /**
   * Requires {@code current -> target} to be allowed or to be nothing to do.
   *
   * @param current the installed revision
   * @param target the revision to upgrade to
   * @param kubernetes the cluster's Kubernetes version
   * @throws UpgradeNotAllowedException naming the rule, the alternatives and what to do next
   * @throws NullPointerException if an argument is null
   */
  public void require(Revision current, Revision target, KubernetesVersion kubernetes) {
    check(current, target, kubernetes).orThrow();
  }

  /**
   * {@return every revision {@code current} may move to in one hop on {@code kubernetes}, ascending: for a supported
   * revision the offered, compatible upgrades within the policy's step; for an unsupported one the lowest
   * supported revision above it that runs on {@code kubernetes} (or nothing)}
   *
   * @param current the installed revision
   * @param kubernetes the cluster's Kubernetes version
   * @throws NullPointerException if an argument is null
   */
  public SortedSet<Revision> allowedTargets(Revision current, KubernetesVersion kubernetes) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(kubernetes, "kubernetes");
    if (!catalog.supports(current)) {
      return lowestSupportedAbove(current, kubernetes)
          .map(r -> Collections.unmodifiableSortedSet(new TreeSet<>(Collections.singleton(r))))
          .orElse(Collections.emptySortedSet());
    }
    TreeSet<Revision> allowed = new TreeSet<>();
    for (Revision t : catalog.upgradesOf(current)) {
      if (t.isAfter(current) && violation(current, t, kubernetes) == null) {
        allowed.add(t);
      }
    }
    return Collections.unmodifiableSortedSet(allowed);
  }

  /**
   * {@return whether one hop from {@code current} to the higher {@code target} stays within the policy's step}
   *
   * @param current the installed revision
   * @param target the revision to upgrade to
   */
  public boolean withinStep(Revision current, Revision target) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(target, "target");
    if (target.major() == current.major()) {
      long distance = (long) target.minor() - current.minor();
      return distance >= 1 && distance <= policy.maxMinorsPerHop();
    }
    return (long) target.major() == (long) current.major() + 1 && target.minor() < policy.maxMinorsPerHop();
  }

  /** The rule {@code current -> target} breaks on {@code k}, or null; {@code target} is above {@code current}. */
  private UpgradeRule violation(Revision current, Revision target, KubernetesVersion k) {
    if (!catalog.supports(current)) {
      Optional<Revision> lowest = lowestSupportedAbove(current, k);
      if (lowest.isEmpty()) {
        return UpgradeRule.NO_COMPATIBLE_REVISION;
      }
      return lowest.get().equals(target) ? null : UpgradeRule.UNSUPPORTED_MOVES_TO_LOWEST_SUPPORTED;
    }
    if (!catalog.supports(target)) {
      return UpgradeRule.TARGET_UNSUPPORTED;
    }
    if (!withinStep(current, target)) {
      return UpgradeRule.ONE_MINOR_AT_A_TIME;
    }
    if (!catalog.upgradesOf(current).contains(target)) {
      return UpgradeRule.TARGET_NOT_OFFERED;
    }
    if (!catalog.isCompatible(target, k, plan)) {
      return hasCompatibleOffer(current, k) ? UpgradeRule.KUBERNETES_INCOMPATIBLE : UpgradeRule.NO_COMPATIBLE_REVISION;
    }
    return null;
  }

  private boolean hasCompatibleOffer(Revision current, KubernetesVersion k) {
    return catalog.upgradesOf(current).stream()
        .anyMatch(t -> t.isAfter(current) && withinStep(current, t) && catalog.isCompatible(t, k, plan));
  }

  private Optional<Revision> lowestSupportedAbove(Revision current, KubernetesVersion k) {
    return catalog.revisions().stream()
        .filter(r -> r.isAfter(current) && catalog.isCompatible(r, k, plan))
        .findFirst();
  }

  /** The lowest Kubernetes minor above {@code k} (among those the catalog names) on which the request is legal. */
  private Optional<KubernetesVersion> requiredKubernetes(Revision current, Revision target, KubernetesVersion k) {
    TreeSet<KubernetesVersion> known = new TreeSet<>();
    catalog.entries().forEach(e -> known.addAll(e.compatibleWith(plan)));
    return known.stream()
        .filter(v -> v.compareTo(k) > 0 && violation(current, target, v) == null)
        .findFirst();
  }

  private UpgradeNotAllowedException refusal(
      UpgradeRule rule, Revision current, Revision target, KubernetesVersion k) {
    SortedSet<Revision> allowed = allowedTargets(current, k);
    KubernetesVersion required =
        rule == UpgradeRule.NO_DOWNGRADE ? null : requiredKubernetes(current, target, k).orElse(null);
    String message = "cannot upgrade the mesh from " + current + " to " + target + " on Kubernetes " + k
        + " (rule " + rule + "): " + explain(rule, current, target, k)
        + ". Allowed targets: " + (allowed.isEmpty() ? "none" : join(allowed))
        + ". Next: " + next(rule, current, target, k, allowed, required);
    return new UpgradeNotAllowedException(rule, current, target, allowed, required, message);
  }

  private String explain(UpgradeRule rule, Revision current, Revision target, KubernetesVersion k) {
    return switch (rule) {
      case NO_DOWNGRADE -> "revisions never move down, and " + target + " is below " + current;
      case ONE_MINOR_AT_A_TIME -> "a supported revision moves "
          + (policy.maxMinorsPerHop() == 1 ? "one minor" : "at most " + policy.maxMinorsPerHop() + " minors")
          + " at a time (policy " + policy + ")";
      case TARGET_UNSUPPORTED -> target + " is not a revision AKS supports in this region (supported: "
          + orNone(catalog.revisions()) + ")";
      case TARGET_NOT_OFFERED -> "AKS does not offer " + target + " as an upgrade of " + current + " (offered: "
          + orNone(catalog.upgradesOf(current)) + ")";
      case KUBERNETES_INCOMPATIBLE -> target + " does not run on Kubernetes " + k.toMinor() + " (it runs on "
          + orNone(catalog.kubernetesVersionsFor(target, plan)) + ") under the cluster's support plan " + plan;
      case NO_COMPATIBLE_REVISION -> catalog.supports(current)
          ? "no upgrade AKS offers for " + current + " runs on Kubernetes " + k.toMinor() + onPlan()
          : current + " is not supported any more and no supported revision above it runs on Kubernetes "
              + k.toMinor() + onPlan();
      case UNSUPPORTED_MOVES_TO_LOWEST_SUPPORTED -> current + " is not supported any more; an unsupported "
          + "revision must move to the lowest supported revision that runs on Kubernetes " + k.toMinor() + onPlan();
    };
  }

  private static String next(
      UpgradeRule rule, Revision current, Revision target, KubernetesVersion k, SortedSet<Revision> allowed,
      KubernetesVersion required) {
    if (required != null) {
      return "upgrade the cluster to Kubernetes " + required + " first"
          + (allowed.isEmpty() ? "" : ", or upgrade to " + allowed.first() + " now");
    }
    if (rule == UpgradeRule.NO_DOWNGRADE) {
      return "keep " + current + " (a revision can only return to an older one by rolling back a canary "
          + "while both revisions are installed)";
    }
    if (!allowed.isEmpty()) {
      return allowed.size() == 1
          ? "the next allowed revision is " + allowed.first()
              + (allowed.first().isBefore(target) ? ": upgrade to it first, then continue toward " + target : "")
          : "choose one of " + join(allowed);
    }
    return "no upgrade of " + current + " is possible on Kubernetes " + k.toMinor()
        + ": check what AKS supports in the region (az aks mesh get-revisions) and the cluster's Kubernetes version";
  }

  private String onPlan() {
    return " under the cluster's support plan " + plan;
  }

  private static String orNone(SortedSet<?> values) {
    return values.isEmpty() ? "none" : join(values);
  }

  private static String join(SortedSet<?> values) {
    return values.stream().map(Object::toString).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return "UpgradeRules[" + policy + ", " + plan + ", " + catalog.revisions() + "]";
  }
}
