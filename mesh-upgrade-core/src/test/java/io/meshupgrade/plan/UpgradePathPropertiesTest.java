package io.meshupgrade.plan;

import static io.meshupgrade.PropertyCases.between;
import static io.meshupgrade.PropertyCases.cases;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.PropertyCases.Case;
import io.meshupgrade.exception.UpgradeNotAllowedException;
import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every path UpgradePath returns obeys UpgradeRules hop by hop, on random catalogs. Seeded cases, see
 * {@link io.meshupgrade.PropertyCases}: each property has a fixed seed and the number of tries it always had.
 */
class UpgradePathPropertiesTest {

  private static final long PATHS_SEED = 0x9A7B_0001L;
  private static final int PATHS_TRIES = 500;
  private static final long CHAINS_SEED = 0x9A7B_0002L;
  private static final int CHAINS_TRIES = 200;
  private static final long TARGETS_SEED = 0x9A7B_0003L;
  private static final int TARGETS_TRIES = 300;

  /** A random region, cluster and request. */
  record Scenario(RevisionCatalog catalog, UpgradePolicy policy, Revision current, Revision desired,
      KubernetesVersion kubernetes) {
    UpgradeRules rules() {
      return UpgradeRules.of(catalog, policy);
    }
  }

  /** Random scenarios for a property; its edge cases are hand-made catalogs around asm-1-9 / asm-1-10. */
  static Stream<Case<Scenario>> scenarios(String property, long seed, int tries) {
    return cases(property, seed, tries, edgeScenarios(), UpgradePathPropertiesTest::scenario);
  }

  static Stream<Case<Scenario>> pathScenarios() {
    return scenarios("everyReturnedPathObeysTheRulesHopByHop", PATHS_SEED, PATHS_TRIES);
  }

  static Stream<Case<Scenario>> targetScenarios() {
    return scenarios("allowedTargetsAreExactlyTheTargetsTheRulesAllow", TARGETS_SEED, TARGETS_TRIES);
  }

  /**
   * The boundaries: asm-1-9 to asm-1-10 (two digits; ordered as numbers, not text), nothing to do, downgrade, a
   * skip of one minor under both policies, a missing middle revision, an unsupported Kubernetes version, asm-1-0.
   */
  private static List<Scenario> edgeScenarios() {
    RevisionCatalog nineToEleven = RevisionCatalog.builder()
        .revision("asm-1-9", List.of("asm-1-10", "asm-1-11"), List.of("1.27", "1.28"))
        .revision("asm-1-10", List.of("asm-1-11"), List.of("1.28", "1.29"))
        .revision("asm-1-11", List.of(), List.of("1.28", "1.29", "1.30"))
        .build();
    RevisionCatalog gap = RevisionCatalog.builder()
        .revision("asm-1-0", List.of("asm-1-2"), List.of("1.22"))
        .revision("asm-1-2", List.of(), List.of("1.22"))
        .build();
    KubernetesVersion k28 = KubernetesVersion.of(1, 28);
    return List.of(
        new Scenario(nineToEleven, UpgradePolicy.ONE_MINOR_AT_A_TIME, Revision.of(1, 9), Revision.of(1, 10), k28),
        new Scenario(nineToEleven, UpgradePolicy.ONE_MINOR_AT_A_TIME, Revision.of(1, 9), Revision.of(1, 11), k28),
        new Scenario(nineToEleven, UpgradePolicy.ALLOW_SKIP_ONE_MINOR, Revision.of(1, 9), Revision.of(1, 11), k28),
        new Scenario(nineToEleven, UpgradePolicy.ONE_MINOR_AT_A_TIME, Revision.of(1, 10), Revision.of(1, 10), k28),
        new Scenario(nineToEleven, UpgradePolicy.ONE_MINOR_AT_A_TIME, Revision.of(1, 11), Revision.of(1, 9), k28),
        new Scenario(nineToEleven, UpgradePolicy.ONE_MINOR_AT_A_TIME, Revision.of(1, 9), Revision.of(1, 10),
            KubernetesVersion.of(1, 27)),
        new Scenario(nineToEleven, UpgradePolicy.ONE_MINOR_AT_A_TIME, Revision.of(1, 9), Revision.of(1, 12), k28),
        new Scenario(gap, UpgradePolicy.ONE_MINOR_AT_A_TIME, Revision.of(1, 0), Revision.of(1, 2),
            KubernetesVersion.of(1, 22)),
        new Scenario(gap, UpgradePolicy.ALLOW_SKIP_ONE_MINOR, Revision.of(1, 0), Revision.of(1, 2),
            KubernetesVersion.of(1, 22)));
  }

  /** Chains where every revision offers the next and runs everywhere: a path always exists. */
  record Chain(int first, int length, int ahead) {
    Scenario scenario() {
      RevisionCatalog.Builder b = RevisionCatalog.builder();
      for (int m = first; m < first + length; m++) {
        List<String> ups = m + 1 < first + length ? List.of("asm-1-" + (m + 1)) : List.of();
        b.revision("asm-1-" + m, ups, List.of("1.28"));
      }
      int desired = first + Math.min(ahead, length - 1);
      return new Scenario(b.build(), UpgradePolicy.ONE_MINOR_AT_A_TIME, Revision.of(1, first), Revision.of(1, desired),
          KubernetesVersion.of(1, 28));
    }
  }

  static Stream<Case<Chain>> chains() {
    return cases("aChainOfOfferedRevisionsIsWalkedOneMinorAtATime", CHAINS_SEED, CHAINS_TRIES,
        List.of(new Chain(0, 1, 0), new Chain(9, 2, 1), new Chain(8, 3, 2), new Chain(0, 11, 10), new Chain(10, 11, 10),
            new Chain(10, 1, 10), new Chain(5, 6, 0)),
        r -> new Chain(between(r, 0, 10), between(r, 0, 10) + 1, between(r, 0, 10)));
  }

  private static Scenario scenario(Random random) {
    RevisionCatalog.Builder b = RevisionCatalog.builder();
    List<Integer> supported = new ArrayList<>();
    for (int m = 0; m <= 14; m++) {
      if (random.nextInt(10) < 8) {
        supported.add(m);
      }
    }
    for (int m : supported) {
      List<String> ups = new ArrayList<>();
      for (int u = m + 1; u <= m + 3; u++) {
        boolean listed = supported.contains(u) ? random.nextInt(20) < 17 : random.nextInt(10) == 0;
        if (listed) {
          ups.add("asm-1-" + u);
        }
      }
      int low = 22 + m / 3 - random.nextInt(2);
      int high = low + 3 + random.nextInt(4);
      List<String> ks = new ArrayList<>();
      for (int k = low; k <= high; k++) {
        ks.add("1." + k);
      }
      b.revision("asm-1-" + m, ups, ks);
    }
    UpgradePolicy policy = random.nextBoolean() ? UpgradePolicy.ONE_MINOR_AT_A_TIME : UpgradePolicy.ALLOW_SKIP_ONE_MINOR;
    int current = random.nextInt(15);
    Revision desired = Revision.of(1, Math.max(0, current - 1 + random.nextInt(7)));
    KubernetesVersion k = KubernetesVersion.parse("1." + (22 + current / 3 + random.nextInt(6)) + "." + random.nextInt(3));
    return new Scenario(b.build(), policy, Revision.of(1, current), desired, k);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pathScenarios")
  void everyReturnedPathObeysTheRulesHopByHop(Case<Scenario> c) {
    c.check(s -> {
      String outcome = outcome(s);
      if (outcome.equals("refused")) {
        return;
      }
      UpgradePath path = UpgradePath.find(s.rules(), s.current(), s.desired(), s.kubernetes());
      Revision at = s.current();
      for (Revision hop : path.hops()) {
        assertThat(s.rules().check(at, hop, s.kubernetes()).isAllowed()).as("%s -> %s", at, hop).isTrue();
        at = hop;
      }
      assertThat(at).isEqualTo(s.desired());
      assertThat(path.hops().size()).as("fewest hops").isEqualTo(shortestByRules(s));
    });
  }

  /**
   * The cases of {@link #everyReturnedPathObeysTheRulesHopByHop} exercise both outcomes, at least 10% each (what the
   * property's coverage check always asked): the generator is not all refusals or all paths.
   */
  @Test
  void theScenariosOfThePathPropertyCoverPathsAndRefusals() {
    Map<String, Integer> counts = new HashMap<>();
    pathScenarios().forEach(c -> counts.merge(outcome(c.value()), 1, Integer::sum));

    assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(PATHS_TRIES);
    assertThat(counts.getOrDefault("path", 0)).as("paths in %s", counts).isGreaterThanOrEqualTo(PATHS_TRIES / 10);
    assertThat(counts.getOrDefault("refused", 0)).as("refusals in %s", counts)
        .isGreaterThanOrEqualTo(PATHS_TRIES / 10);
  }

  /**
   * "refused" (after checking the refusal names a hop the rules refuse and that no path exists), "nothing to do"
   * or "path".
   */
  private static String outcome(Scenario s) {
    UpgradePath path;
    try {
      path = UpgradePath.find(s.rules(), s.current(), s.desired(), s.kubernetes());
    } catch (UpgradeNotAllowedException e) {
      assertThat(s.rules().check(e.current(), e.requested(), s.kubernetes()).isRefused())
          .as("the hop the refusal names is refused by the rules").isTrue();
      assertThat(shortestByRules(s)).as("no path exists").isEqualTo(-1);
      return "refused";
    }
    return path.isEmpty() ? "nothing to do" : "path";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chains")
  void aChainOfOfferedRevisionsIsWalkedOneMinorAtATime(Case<Chain> c) {
    c.check(chain -> {
      Scenario s = chain.scenario();
      UpgradePath path = UpgradePath.find(s.rules(), s.current(), s.desired(), s.kubernetes());

      List<Revision> expected = new ArrayList<>();
      for (Revision r = s.current(); r.isBefore(s.desired()); r = r.nextMinor()) {
        expected.add(r.nextMinor());
      }
      assertThat(path.hops()).containsExactlyElementsOf(expected);
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targetScenarios")
  void allowedTargetsAreExactlyTheTargetsTheRulesAllow(Case<Scenario> c) {
    c.check(s -> {
      TreeSet<Revision> byCheck = new TreeSet<>();
      for (int m = 0; m <= 20; m++) {
        Revision t = Revision.of(1, m);
        if (s.rules().check(s.current(), t, s.kubernetes()).isAllowed()) {
          byCheck.add(t);
        }
      }
      assertThat(s.rules().allowedTargets(s.current(), s.kubernetes())).containsExactlyElementsOf(byCheck);
    });
  }

  /** Breadth-first search over single hops that {@link UpgradeRules#check} allows; -1 when unreachable. */
  private static int shortestByRules(Scenario s) {
    if (s.current().equals(s.desired())) {
      return 0;
    }
    Map<Revision, Integer> depth = new HashMap<>();
    Deque<Revision> queue = new ArrayDeque<>(List.of(s.current()));
    depth.put(s.current(), 0);
    while (!queue.isEmpty()) {
      Revision at = queue.poll();
      for (int m = at.minor() + 1; m <= s.desired().minor(); m++) {
        Revision next = Revision.of(1, m);
        if (!depth.containsKey(next) && s.rules().check(at, next, s.kubernetes()).isAllowed()) {
          depth.put(next, depth.get(at) + 1);
          if (next.equals(s.desired())) {
            return depth.get(next);
          }
          queue.add(next);
        }
      }
    }
    return -1;
  }
}
