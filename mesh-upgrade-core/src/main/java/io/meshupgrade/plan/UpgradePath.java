package io.meshupgrade.plan;

import io.meshupgrade.exception.UpgradeNotAllowedException;
import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The hops that take a cluster's mesh from its current revision to a desired final revision, each one allowed by
 * {@link UpgradeRules} on the cluster's Kubernetes version: {@code asm-1-17 -> asm-1-20} gives
 * {@code [asm-1-18, asm-1-19, asm-1-20]} under the default policy. Each hop is one canary upgrade.
 *
 * <p>{@link #find} returns the path with the fewest hops (the lowest revisions first among equally short ones)
 * that never passes the desired revision, or throws a refusal naming the hop that blocks.
 *
 * <p>Immutable and thread-safe.
 *
 * @param from the current revision
 * @param to the desired final revision
 * @param kubernetes the Kubernetes version the path was found for
 * @param hops the revisions to upgrade to, in order, ending with {@code to}; empty when {@code from == to}
 */
public record UpgradePath(Revision from, Revision to, KubernetesVersion kubernetes, List<Revision> hops) {

  /**
   * Checks for nulls and copies the hops.
   *
   * @param from the current revision
   * @param to the desired final revision
   * @param kubernetes the Kubernetes version the path was found for
   * @param hops the revisions to upgrade to, in order, ending with {@code to}; empty when {@code from == to}
   */
  public UpgradePath {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(kubernetes, "kubernetes");
    hops = List.copyOf(Objects.requireNonNull(hops, "hops"));
  }

  /**
   * Finds the path from {@code current} to {@code desired} on Kubernetes {@code kubernetes}.
   *
   * @param rules the rules
   * @param current the installed revision
   * @param desired the desired
   * @param kubernetes the Kubernetes version the path was found for
   * @return the path; empty when {@code current} already is {@code desired}
   * @throws UpgradeNotAllowedException when no allowed path exists: its {@link UpgradeNotAllowedException#current()}
   *     and {@link UpgradeNotAllowedException#requested()} are the hop that blocks (from the highest revision
   *     reachable on the way), its rule and {@link UpgradeNotAllowedException#requiredKubernetes()} are that
   *     hop's, and its message names the whole request too. A downgrade is refused with
   *     {@link io.meshupgrade.model.UpgradeRule#NO_DOWNGRADE}.
   * @throws NullPointerException if an argument is null
   */
  public static UpgradePath find(
      UpgradeRules rules, Revision current, Revision desired, KubernetesVersion kubernetes) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(kubernetes, "kubernetes");
    if (!desired.isAfter(current)) {
      rules.require(current, desired, kubernetes); // nothing to do, or a downgrade refusal
      return new UpgradePath(current, desired, kubernetes, List.of());
    }
    Map<Revision, Revision> parent = new HashMap<>();
    Deque<Revision> queue = new ArrayDeque<>();
    queue.add(current);
    Revision highest = current;
    while (!queue.isEmpty()) {
      Revision at = queue.poll();
      for (Revision next : rules.allowedTargets(at, kubernetes)) {
        if (!next.isAfter(desired) && !next.equals(current) && !parent.containsKey(next)) {
          parent.put(next, at);
          queue.add(next);
          highest = next.isAfter(highest) ? next : highest;
        }
      }
      if (parent.containsKey(desired)) {
        List<Revision> hops = new ArrayList<>();
        for (Revision r = desired; !r.equals(current); r = parent.get(r)) {
          hops.add(r);
        }
        Collections.reverse(hops);
        return new UpgradePath(current, desired, kubernetes, hops);
      }
    }
    throw blocked(rules, current, desired, kubernetes, highest);
  }

  /** {@return whether there is nothing to do} */
  public boolean isEmpty() {
    return hops.isEmpty();
  }

  /** {@return the first canary upgrade to run, when there is one} */
  public Optional<Revision> firstHop() {
    return hops.isEmpty() ? Optional.empty() : Optional.of(hops.get(0));
  }

  /** E.g. {@code asm-1-17 -> asm-1-18 -> asm-1-19 on Kubernetes 1.27}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(from.toString());
    hops.forEach(h -> b.append(" -> ").append(h));
    return b.append(" on Kubernetes ").append(kubernetes).toString();
  }

  private static UpgradeNotAllowedException blocked(
      UpgradeRules rules, Revision current, Revision desired, KubernetesVersion k, Revision highest) {
    Revision hop = nextHopIgnoringKubernetes(rules, highest, desired);
    UpgradeNotAllowedException cause = rules.check(highest, hop, k).refusal().orElseThrow(
        () -> new IllegalStateException("hop " + highest + " -> " + hop + " should have been refused"));
    String reached = highest.equals(current) ? "" : " (the path gets as far as " + highest + ")";
    return new UpgradeNotAllowedException(cause.rule(), highest, hop, cause.allowed(),
        cause.requiredKubernetes().orElse(null),
        "no allowed upgrade path from " + current + " to " + desired + " on Kubernetes " + k + reached
            + "; the hop " + highest + " -> " + hop + " is blocked: " + cause.getMessage());
  }

  /** The hop from {@code at} toward {@code desired} that would be next if Kubernetes did not stand in the way. */
  private static Revision nextHopIgnoringKubernetes(UpgradeRules rules, Revision at, Revision desired) {
    RevisionCatalog catalog = rules.catalog();
    TreeSet<Revision> candidates = new TreeSet<>();
    if (catalog.supports(at)) {
      for (Revision t : catalog.upgradesOf(at)) {
        if (t.isAfter(at) && !t.isAfter(desired) && rules.withinStep(at, t) && catalog.supports(t)) {
          candidates.add(t);
        }
      }
    } else {
      catalog.revisions().stream().filter(r -> r.isAfter(at) && !r.isAfter(desired)).findFirst()
          .ifPresent(candidates::add);
    }
    if (!candidates.isEmpty()) {
      return candidates.first();
    }
    Revision next = at.major() == desired.major() ? at.nextMinor() : desired;
    return rules.withinStep(at, desired) ? desired : next;
  }
}
