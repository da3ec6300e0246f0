package io.meshupgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Every path UpgradePath returns obeys UpgradeRules hop by hop, on random catalogs. */
class UpgradePathPropertiesTest {

  /** A random region, cluster and request. */
  record Scenario(RevisionCatalog catalog, UpgradePolicy policy, Revision current, Revision desired,
      KubernetesVersion kubernetes) {
    UpgradeRules rules() {
      return UpgradeRules.of(catalog, policy);
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Arbitraries.randomValue(UpgradePathPropertiesTest::scenario);
  }

  /** Chains where every revision offers the next and runs everywhere: a path always exists. */
  @Provide
  Arbitrary<Scenario> chains() {
    return Arbitraries.integers().between(0, 10).tuple3().map(t -> {
      int first = t.get1();
      int length = t.get2() + 1;
      RevisionCatalog.Builder b = RevisionCatalog.builder();
      for (int m = first; m < first + length; m++) {
        List<String> ups = m + 1 < first + length ? List.of("asm-1-" + (m + 1)) : List.of();
        b.revision("asm-1-" + m, ups, List.of("1.28"));
      }
      int desired = first + Math.min(t.get3(), length - 1);
      return new Scenario(b.build(), UpgradePolicy.ONE_MINOR_AT_A_TIME, Revision.of(1, first), Revision.of(1, desired),
          KubernetesVersion.of(1, 28));
    });
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

  @Property(tries = 500)
  void everyReturnedPathObeysTheRulesHopByHop(@ForAll("scenarios") Scenario s) {
    Statistics.label("outcome").coverage(c -> {
      c.check("path").percentage(p -> p >= 10);
      c.check("refused").percentage(p -> p >= 10);
    });
    UpgradePath path;
    try {
      path = UpgradePath.find(s.rules(), s.current(), s.desired(), s.kubernetes());
    } catch (UpgradeNotAllowedException e) {
      Statistics.label("outcome").collect("refused");
      assertThat(s.rules().check(e.current(), e.requested(), s.kubernetes()).isRefused())
          .as("the hop the refusal names is refused by the rules").isTrue();
      assertThat(shortestByRules(s)).as("no path exists").isEqualTo(-1);
      return;
    }
    Statistics.label("outcome").collect(path.isEmpty() ? "nothing to do" : "path");
    Revision at = s.current();
    for (Revision hop : path.hops()) {
      assertThat(s.rules().check(at, hop, s.kubernetes()).isAllowed()).as("%s -> %s", at, hop).isTrue();
      at = hop;
    }
    assertThat(at).isEqualTo(s.desired());
    assertThat(path.hops().size()).as("fewest hops").isEqualTo(shortestByRules(s));
  }

  @Property(tries = 200)
  void aChainOfOfferedRevisionsIsWalkedOneMinorAtATime(@ForAll("chains") Scenario s) {
    UpgradePath path = UpgradePath.find(s.rules(), s.current(), s.desired(), s.kubernetes());

    List<Revision> expected = new ArrayList<>();
    for (Revision r = s.current(); r.isBefore(s.desired()); r = r.nextMinor()) {
      expected.add(r.nextMinor());
    }
    assertThat(path.hops()).containsExactlyElementsOf(expected);
  }

  @Property(tries = 300)
  void allowedTargetsAreExactlyTheTargetsTheRulesAllow(@ForAll("scenarios") Scenario s) {
    TreeSet<Revision> byCheck = new TreeSet<>();
    for (int m = 0; m <= 20; m++) {
      Revision t = Revision.of(1, m);
      if (s.rules().check(s.current(), t, s.kubernetes()).isAllowed()) {
        byCheck.add(t);
      }
    }
    assertThat(s.rules().allowedTargets(s.current(), s.kubernetes())).containsExactlyElementsOf(byCheck);
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
