package io.meshupgrade.benchmarks.jmh;

import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.PodRecord;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.SidecarState;
import io.meshupgrade.model.WorkloadRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Queries of a {@link PodInventory} of 50,000 pods (50 namespaces, 5,000 Deployments of ten pods, 60% on asm-1-18,
 * 40% on asm-1-19): {@link PodInventory#workloadsOn} (the orchestrator's list of stale workloads) against a baseline
 * loop that dedupes in a HashSet and sorts only the distinct workloads, and {@link PodInventory#countByRevision}.
 * Not thread-safe.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PodInventoryBenchmark {
  @Param("50000")
  public int pods;

  private PodInventory inventory;
  private final Revision old = Revision.parse("asm-1-18");

  @Setup
  public void setUp() {
    List<PodRecord> records = new ArrayList<>(pods);
    for (int i = 0; i < pods; i++) {
      int deployment = i / 10;
      String ns = "team-" + (deployment % 50);
      boolean onOld = deployment % 5 < 3;
      records.add(PodRecord.builder().namespace(ns).name("app-" + deployment + "-7d9f8b6c5d-" + i)
          .owner(WorkloadRef.deployment(ns, "app-" + deployment)).sidecar(SidecarState.INJECTED)
          .revisionName(onOld ? "asm-1-18" : "asm-1-19")
          .proxyImage("mcr.microsoft.com/oss/istio/proxyv2:" + (onOld ? "1.18.7" : "1.19.5") + "-distroless").build());
    }
    inventory = PodInventory.of(records);
  }

  @Benchmark
  public SortedSet<WorkloadRef> workloadsOn() {
    return inventory.workloadsOn(old);
  }

  /** Baseline: one loop, distinct workloads in a HashSet, then one sort of the distinct ones. */
  @Benchmark
  public SortedSet<WorkloadRef> workloadsOnBaselineHashSet() {
    Set<WorkloadRef> distinct = new HashSet<>();
    String name = old.toString();
    for (PodRecord p : inventory.pods()) {
      if (p.sidecar() == SidecarState.INJECTED && p.revisionName().equals(name)) {
        distinct.add(p.owner());
      }
    }
    return Collections.unmodifiableSortedSet(new TreeSet<>(distinct));
  }

  @Benchmark
  public Map<String, Integer> countByRevision() {
    return inventory.countByRevision();
  }
}
