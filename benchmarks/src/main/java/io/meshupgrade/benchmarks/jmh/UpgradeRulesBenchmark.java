package io.meshupgrade.benchmarks.jmh;

import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.plan.UpgradeDecision;
import io.meshupgrade.plan.UpgradeRules;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link UpgradeRules#check} for an allowed hop and for a refused one (the refusal builds its message and the allowed
 * targets), and {@link UpgradeRules#allowedTargets}, over a catalog of the AKS shape (asm-1-17 to asm-1-24). No
 * baseline: nothing simpler gives the same answer. Not thread-safe.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UpgradeRulesBenchmark {
  private UpgradeRules rules;
  private final Revision current = Revision.parse("asm-1-20");
  private final Revision next = Revision.parse("asm-1-21");
  private final Revision skip = Revision.parse("asm-1-23");
  private final KubernetesVersion kubernetes = KubernetesVersion.parse("1.29.2");

  @Setup
  public void setUp() {
    RevisionCatalog.Builder catalog = RevisionCatalog.builder();
    for (int minor = 17; minor <= 24; minor++) {
      List<String> upgrades = minor < 24 ? List.of("asm-1-" + (minor + 1), minor < 23 ? "asm-1-" + (minor + 2)
          : "asm-1-" + (minor + 1)) : List.of();
      catalog.revision("asm-1-" + minor, upgrades.stream().distinct().toList(),
          List.of("1." + (minor + 7), "1." + (minor + 8), "1." + (minor + 9)));
    }
    rules = UpgradeRules.of(catalog.build());
  }

  @Benchmark
  public UpgradeDecision checkAllowed() {
    return rules.check(current, next, kubernetes);
  }

  @Benchmark
  public UpgradeDecision checkRefusedSkip() {
    return rules.check(current, skip, kubernetes);
  }

  @Benchmark
  public SortedSet<Revision> allowedTargets() {
    return rules.allowedTargets(current, kubernetes);
  }
}
