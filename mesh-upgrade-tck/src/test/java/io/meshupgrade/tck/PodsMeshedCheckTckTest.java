package io.meshupgrade.tck;

import io.meshupgrade.model.SidecarState;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.spi.HealthCheck;
import io.meshupgrade.spi.HealthCheckContext;
import io.meshupgrade.spi.HealthResult;
import io.meshupgrade.tck.fakes.CallLog;
import io.meshupgrade.tck.fakes.InMemoryMeshDataPlane;
import java.util.List;

/**
 * The TCK against a check of the kind users write: no pod of namespace {@code shop} without a sidecar, over a data
 * plane of its own (the system it watches).
 */
class PodsMeshedCheckTckTest extends HealthCheckContract {

  /** Fails while a pod of {@code shop} runs without a sidecar. */
  static final class PodsMeshedCheck implements HealthCheck {
    private final InMemoryMeshDataPlane watched;

    PodsMeshedCheck(InMemoryMeshDataPlane watched) {
      this.watched = watched;
    }

    @Override
    public HealthResult check(HealthCheckContext context) {
      long outside = watched.inventory().podsIn(SidecarState.NOT_INJECTED).stream()
          .filter(p -> p.namespace().equals("shop")).count();
      return outside == 0 ? HealthResult.ok()
          : HealthResult.failed(outside + " pod(s) of shop without a sidecar at attempt " + context.attempt());
    }

    @Override
    public String name() {
      return "pods-meshed";
    }
  }

  private static InMemoryMeshDataPlane watched(String shopLabel) {
    return new InMemoryMeshDataPlane(new CallLog(), () -> List.of(ASM_1_18))
        .namespace("shop", shopLabel).workload(WorkloadKind.DEPLOYMENT, "shop", "cart", 2);
  }

  @Override
  protected HealthCheck healthyCheck() {
    return new PodsMeshedCheck(watched("asm-1-18"));
  }

  @Override
  protected HealthCheck unhealthyCheck() {
    return new PodsMeshedCheck(watched(""));
  }
}
