package io.meshupgrade.plan;

import static io.meshupgrade.PropertyCases.between;
import static io.meshupgrade.PropertyCases.cases;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.PropertyCases;
import io.meshupgrade.PropertyCases.Case;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.plan.UpgradePlanTest.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checkpoints of random legal histories read back to the same plan; seeded cases, see {@link PropertyCases}. */
class CheckpointPropertiesTest {

  /** How many steps a history takes at most, which legal next stage each picks, the detail text, the minor. */
  record History(List<Integer> choices, String detail, int minor) {
  }

  private static final int TRIES = 300;
  private static final long SEED = 0xC4EC_0001L;

  static Stream<Case<History>> histories() {
    return cases("checkpointRoundTripsForRandomLegalHistories", SEED, TRIES,
        List.of(new History(List.of(), "", 0), new History(List.of(), "", 30),
            new History(Collections.nCopies(25, 0), "", 9), new History(Collections.nCopies(25, 10), "x", 10),
            new History(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), "quote \" backslash \\ newline \n tab \t", 19),
            new History(Collections.nCopies(25, 1), "nul \u0000 emoji \uD83D\uDE00 \u00E9", 29)),
        r -> new History(PropertyCases.listOf(r, 25, n -> between(n, 0, 10)), PropertyCases.anyString(r, 40),
            between(r, 0, 30)));
  }

  /**
   * Walks a random legal history (each step picks one of the legal next stages by the given choices) and checks
   * that the checkpoint reads back to the same plan and the same text.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void checkpointRoundTripsForRandomLegalHistories(Case<History> c) {
    c.check(h -> {
      MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
      UpgradePlan plan = UpgradePlan.create("p", "rg/c", Revision.of(1, h.minor()), Revision.of(1, h.minor() + 1),
          clock);
      for (int choice : h.choices()) {
        List<UpgradeStage> next = new ArrayList<>(plan.nextStages());
        if (next.isEmpty()) {
          break;
        }
        next.sort(null);
        UpgradeStage to = next.get(choice % next.size());
        clock.tick();
        plan = to == UpgradeStage.HALTED ? plan.halt(h.detail(), clock)
            : plan.moveTo(to, clock, Map.of("d", h.detail()));
      }
      String json = plan.toCheckpoint();
      UpgradePlan back = UpgradePlan.fromCheckpoint(json);
      assertThat(back).isEqualTo(plan);
      assertThat(back.stage()).isEqualTo(plan.stage());
      assertThat(back.toCheckpoint()).isEqualTo(json);
    });
  }
}
