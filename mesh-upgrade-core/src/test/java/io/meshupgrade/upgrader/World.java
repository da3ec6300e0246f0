package io.meshupgrade.upgrader;

import io.meshupgrade.model.IngressGateway;
import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.MeshUpgrader;
import io.meshupgrade.MeshUpgraderBuilder;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.tck.fakes.CallLog;
import io.meshupgrade.tck.fakes.InMemoryMeshControlPlane;
import io.meshupgrade.tck.fakes.InMemoryMeshDataPlane;
import io.meshupgrade.tck.fakes.InMemoryPlanStore;
import io.meshupgrade.tck.fakes.InMemoryUpgradeLock;
import io.meshupgrade.tck.fakes.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * One simulated cluster for orchestrator tests: ARM rules in the control plane fake, namespaces shop and web on
 * asm-1-18 (plus legacy, labelled istio-injection=enabled), five workloads, a shared mesh config, a plan store, a
 * lock, a fake clock and an event recorder.
 */
final class World {

  static final Revision R17 = Revision.parse("asm-1-17");
  static final Revision R18 = Revision.parse("asm-1-18");
  static final Revision R19 = Revision.parse("asm-1-19");
  static final Revision R20 = Revision.parse("asm-1-20");

  static final WorkloadRef CART = WorkloadRef.deployment("shop", "cart");
  static final WorkloadRef ORDERS = WorkloadRef.statefulSet("shop", "orders");
  static final WorkloadRef FRONTEND = WorkloadRef.deployment("web", "frontend");
  static final WorkloadRef AGENT = WorkloadRef.daemonSet("web", "agent");
  static final List<WorkloadRef> MESHED = List.of(CART, ORDERS, FRONTEND, AGENT);

  static final RevisionCatalog CATALOG = RevisionCatalog.builder()
      .revision("asm-1-18", List.of("asm-1-19"), List.of("1.27", "1.28"))
      .revision("asm-1-19", List.of("asm-1-20"), List.of("1.27", "1.28", "1.29"))
      .revision("asm-1-20", List.of(), List.of("1.28", "1.29"))
      .build();

  final CallLog log = new CallLog();
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T08:00:00Z"));
  final InMemoryMeshControlPlane cp;
  final InMemoryMeshDataPlane dp;
  final InMemoryPlanStore store = new InMemoryPlanStore(log);
  final InMemoryUpgradeLock lock = new InMemoryUpgradeLock(clock);
  final List<UpgradeEvent> events = Collections.synchronizedList(new ArrayList<>());

  World() {
    this(R18);
  }

  World(Revision installed) {
    cp = new InMemoryMeshControlPlane(log, CATALOG, KubernetesVersion.parse("1.28.5"), List.of(installed),
        Set.of(IngressGateway.EXTERNAL));
    dp = new InMemoryMeshDataPlane(log, cp::installed);
    String rev = installed.toString();
    dp.namespace("shop", rev).namespace("web", rev).namespace("legacy", "", "enabled")
        .meshConfig(installed, "accessLogFile: /dev/stdout")
        .workload(WorkloadKind.DEPLOYMENT, "shop", "cart", 2)
        .workload(WorkloadKind.STATEFUL_SET, "shop", "orders", 1)
        .workload(WorkloadKind.DEPLOYMENT, "web", "frontend", 3)
        .workload(WorkloadKind.DAEMON_SET, "web", "agent", 1)
        .workload(WorkloadKind.DEPLOYMENT, "legacy", "old", 1);
  }

  MeshUpgraderBuilder builder() {
    return MeshUpgrader.builder().controlPlane(cp).dataPlane(dp).planStore(store).lock(lock).clock(clock)
        .sleeper(clock.sleeper()).holder("test-run").listener(events::add);
  }

  MeshUpgrader upgrader() {
    return builder().build();
  }

  <T extends UpgradeEvent> List<T> events(Class<T> type) {
    synchronized (events) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }
}
