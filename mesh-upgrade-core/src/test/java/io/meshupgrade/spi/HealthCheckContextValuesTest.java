package io.meshupgrade.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.model.Revision;
import io.meshupgrade.model.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthCheckContextValuesTest {
  private static final Revision R18 = Revision.parse("asm-1-18");
  private static final Revision R19 = Revision.parse("asm-1-19");
  private static final Instant END = Instant.parse("2026-11-26T08:10:00Z");

  private static HealthCheckContext.Builder base() {
    return HealthCheckContext.builder().from(R18).to(R19).deadline(END);
  }

  @Test
  void issue9_startsAtTheFirstAttemptWithNothingElapsedAndNothingRestarted() {
    HealthCheckContext c = base().build();

    assertThat(c.from()).isEqualTo(R18);
    assertThat(c.to()).isEqualTo(R19);
    assertThat(c.attempt()).isEqualTo(1);
    assertThat(c.elapsed()).isZero();
    assertThat(c.deadline()).isEqualTo(END);
    assertThat(c.restartedWorkloads()).isEmpty();
  }

  @Test
  void issue9_copiesTheWorkloadsAndIsAValue() {
    List<WorkloadRef> workloads = new ArrayList<>(List.of(WorkloadRef.deployment("shop", "cart")));
    HealthCheckContext c = base().attempt(3).elapsed(Duration.ofMinutes(2)).restartedWorkloads(workloads).build();
    workloads.add(WorkloadRef.deployment("shop", "orders"));

    assertThat(c.restartedWorkloads()).containsExactly(WorkloadRef.deployment("shop", "cart"));
    assertThatThrownBy(() -> c.restartedWorkloads().add(WorkloadRef.deployment("a", "b")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c).isNotSameAs(c);
    assertThat(c.toBuilder().attempt(4).build()).isNotEqualTo(c);
    assertThat(c.toBuilder().attempt(4).build().hashCode()).isNotEqualTo(c.hashCode());
    assertThat(c.toBuilder().elapsed(Duration.ofMinutes(3)).build()).isNotEqualTo(c);
    assertThat(c.toBuilder().deadline(END.plusSeconds(1)).build()).isNotEqualTo(c);
    assertThat(c.toBuilder().from(Revision.parse("asm-1-17")).build()).isNotEqualTo(c);
    assertThat(c.toBuilder().to(Revision.parse("asm-1-20")).build()).isNotEqualTo(c);
    assertThat(c.toBuilder().restartedWorkloads(List.of()).build()).isNotEqualTo(c);
    assertThat(c).isNotEqualTo("a context");
    assertThat(c.toString()).contains("asm-1-18 -> asm-1-19").contains("attempt 3").contains("PT2M")
        .contains("2026-11-26T08:10:00Z").contains("shop/cart");
  }

  @Test
  void issue9_refusesMissingValuesAndImpossibleCounts() {
    assertThatThrownBy(() -> HealthCheckContext.builder().to(R19).deadline(END).build())
        .isInstanceOf(NullPointerException.class).hasMessage("from");
    assertThatThrownBy(() -> HealthCheckContext.builder().from(R18).deadline(END).build())
        .isInstanceOf(NullPointerException.class).hasMessage("to");
    assertThatThrownBy(() -> HealthCheckContext.builder().from(R18).to(R19).build())
        .isInstanceOf(NullPointerException.class).hasMessage("deadline");
    assertThatThrownBy(() -> base().attempt(0).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not 0");
    assertThat(base().attempt(1).build().attempt()).isEqualTo(1);
    assertThatThrownBy(() -> base().elapsed(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    assertThat(base().elapsed(Duration.ZERO).build().elapsed()).isZero();
    assertThatThrownBy(() -> base().restartedWorkloads(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("restartedWorkloads");
    assertThatThrownBy(() -> HealthCheck.of(null, (f, t) -> HealthResult.ok()))
        .isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> HealthCheck.of("x", null)).isInstanceOf(NullPointerException.class).hasMessage("check");
  }
}
