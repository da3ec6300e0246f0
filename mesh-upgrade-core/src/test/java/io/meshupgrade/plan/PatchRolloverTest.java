package io.meshupgrade.plan;

import static io.meshupgrade.Fixtures.rev;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.PodRecord;
import io.meshupgrade.model.SidecarState;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.plan.PatchRollover.StaleWorkload;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatchRolloverTest {

  private static final String CURRENT = "mcr.microsoft.com/oss/istio/proxyv2:1.19.5-distroless";
  private static final String OLD = "mcr.microsoft.com/oss/istio/proxyv2:1.19.3-distroless";
  private static final WorkloadRef CART = WorkloadRef.deployment("shop", "cart");
  private static final WorkloadRef DB = WorkloadRef.statefulSet("shop", "db");
  private static final WorkloadRef AGENT = WorkloadRef.daemonSet("infra", "agent");

  private static PodRecord pod(WorkloadRef owner, String name, String revision, String image) {
    return PodRecord.builder().namespace(owner.namespace()).name(name).owner(owner).sidecar(SidecarState.INJECTED)
        .revisionName(revision).proxyImage(image).build();
  }

  @Test
  void findsTheWorkloadsWhosePodsRunAnOlderProxyOfTheRevision() {
    PodInventory inventory = PodInventory.of(List.of(
        pod(CART, "cart-1", "asm-1-19", CURRENT),
        pod(CART, "cart-2", "asm-1-19", OLD),
        pod(DB, "db-0", "asm-1-19", CURRENT),
        pod(AGENT, "agent-x", "asm-1-19", OLD),
        pod(WorkloadRef.deployment("web", "front"), "front-1", "asm-1-18", OLD),
        PodRecord.builder().namespace("shop").name("batch-1").owner(new WorkloadRef(WorkloadKind.JOB, "shop", "batch"))
            .sidecar(SidecarState.OPTED_OUT).revisionName("").proxyImage("").build()));

    List<StaleWorkload> stale = PatchRollover.staleWorkloads(rev("asm-1-19"), CURRENT, inventory);

    assertThat(stale).extracting(StaleWorkload::workload).containsExactly(AGENT, CART);
    assertThat(stale.get(1).podImages()).containsExactlyEntriesOf(Map.of("cart-2", OLD));
    assertThat(stale.get(1).images()).containsExactly(OLD);
    assertThat(stale.get(1).isRestartable()).isTrue();
  }

  @ParameterizedTest(name = "pod image {0} is stale against {1}: {2}")
  @CsvSource({
      "mcr.microsoft.com/oss/istio/proxyv2:1.19.5-distroless, mcr.microsoft.com/oss/istio/proxyv2:1.19.5-distroless, false",
      "mcr.microsoft.com/oss/istio/proxyv2:1.19.5,            mcr.microsoft.com/oss/istio/proxyv2:1.19.5-distroless, true",
      "mcr.microsoft.com/oss/istio/proxyv2:1.19.5-distroless, mcr.microsoft.com/oss/istio/proxyv2:1.19.5,            true",
      "registry:5000/istio/proxyv2:1.19.5,                    registry:5000/istio/proxyv2:1.19.5,                    false",
      "registry:5000/istio/proxyv2:1.19.5,                    registry:5001/istio/proxyv2:1.19.5,                    true",
      "mcr.microsoft.com/oss/istio/proxyv2:1.19.5@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, mcr.microsoft.com/oss/istio/proxyv2:1.19.5@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, false",
      "mcr.microsoft.com/oss/istio/proxyv2:1.19.5@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, mcr.microsoft.com/oss/istio/proxyv2:1.19.5, true",
      "'', mcr.microsoft.com/oss/istio/proxyv2:1.19.5, true",
  })
  void comparesFullImageReferences(String podImage, String current, boolean stale) {
    PodInventory inventory = PodInventory.of(List.of(pod(CART, "cart-1", "asm-1-19", podImage)));

    assertThat(PatchRollover.staleWorkloads(rev("asm-1-19"), current, inventory)).hasSize(stale ? 1 : 0);
  }

  @Test
  void reportsWorkloadsThatCannotBeRestartedToo() {
    WorkloadRef job = new WorkloadRef(WorkloadKind.JOB, "shop", "nightly");
    PodInventory inventory = PodInventory.of(List.of(pod(job, "nightly-abc", "asm-1-19", OLD)));

    List<StaleWorkload> stale = PatchRollover.staleWorkloads(rev("asm-1-19"), CURRENT, inventory);

    assertThat(stale).singleElement().satisfies(w -> assertThat(w.isRestartable()).isFalse());
  }

  @Test
  void findsNothingInAnUpToDateOrEmptyCluster() {
    assertThat(PatchRollover.staleWorkloads(rev("asm-1-19"), CURRENT, PodInventory.of(List.of()))).isEmpty();
    assertThat(PatchRollover.staleWorkloads(rev("asm-1-19"), CURRENT,
        PodInventory.of(List.of(pod(CART, "cart-1", "asm-1-19", CURRENT))))).isEmpty();
  }

  @Test
  void rejectsNullsAndAMalformedCurrentImage() {
    PodInventory empty = PodInventory.of(List.of());

    assertThatThrownBy(() -> PatchRollover.staleWorkloads(null, CURRENT, empty)).hasMessage("revision");
    assertThatThrownBy(() -> PatchRollover.staleWorkloads(rev("asm-1-19"), null, empty)).hasMessage("currentImage");
    assertThatThrownBy(() -> PatchRollover.staleWorkloads(rev("asm-1-19"), CURRENT, null)).hasMessage("inventory");
    assertThatThrownBy(() -> PatchRollover.staleWorkloads(rev("asm-1-19"), "", empty))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("''");
    assertThatThrownBy(() -> new StaleWorkload(null, new TreeMap<>())).hasMessage("workload");
    assertThatThrownBy(() -> new StaleWorkload(CART, null)).hasMessage("podImages");
  }

  @Test
  void returnsUnmodifiableResults() {
    PodInventory inventory = PodInventory.of(List.of(pod(CART, "cart-1", "asm-1-19", OLD)));
    List<StaleWorkload> stale = PatchRollover.staleWorkloads(rev("asm-1-19"), CURRENT, inventory);

    assertThatThrownBy(stale::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> stale.get(0).podImages().clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
