package io.meshupgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.UpgradePlanTest.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class CheckpointPropertiesTest {

  /**
   * Walks a random legal history (each step picks one of the legal next stages by the given choices) and checks
   * that the checkpoint reads back to the same plan and the same text.
   */
  @Property(tries = 300)
  void checkpointRoundTripsForRandomLegalHistories(
      @ForAll @Size(max = 25) List<@IntRange(min = 0, max = 10) Integer> choices,
      @ForAll @StringLength(max = 40) String detail,
      @ForAll @IntRange(min = 0, max = 30) int minor) {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    UpgradePlan plan = UpgradePlan.create("p", "rg/c", Revision.of(1, minor), Revision.of(1, minor + 1), clock);
    for (int choice : choices) {
      List<UpgradeStage> next = new ArrayList<>(plan.nextStages());
      if (next.isEmpty()) {
        break;
      }
      next.sort(null);
      UpgradeStage to = next.get(choice % next.size());
      clock.tick();
      plan = to == UpgradeStage.HALTED ? plan.halt(detail, clock) : plan.moveTo(to, clock, Map.of("d", detail));
    }
    String json = plan.toCheckpoint();
    UpgradePlan back = UpgradePlan.fromCheckpoint(json);
    assertThat(back).isEqualTo(plan);
    assertThat(back.stage()).isEqualTo(plan.stage());
    assertThat(back.toCheckpoint()).isEqualTo(json);
  }
}
