package io.meshupgrade.testkit.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** deploymentutil.ResolveFenceposts as the simulator's Deployment controller applies it (issue #10). */
class FencepostsTest {

  @ParameterizedTest(name = "{0} replicas, maxSurge {1}, maxUnavailable {2} -> surge {3}, unavailable {4}")
  @CsvSource({
    "4,    ,    , 1, 1",
    "3,    ,    , 1, 0",
    "1,    ,    , 1, 0",
    "10,   ,    , 3, 2",
    "10, 50%, 50%, 5, 5",
    "3,  0,   0,   0, 1",
    "3,  0%,  0%,  0, 1",
    "5,  2,   1,   2, 1",
    "7,  10%, 10%, 1, 0",
  })
  void issue10_resolvesFencepostsWithSurgeRoundedUpAndUnavailableRoundedDown(
      int replicas, String surge, String unavailable, int expectedSurge, int expectedUnavailable) {
    ObjectNode d = Json.obj();
    ObjectNode rolling = Json.with(Json.with(Json.with(d, "spec"), "strategy"), "rollingUpdate");
    put(rolling, "maxSurge", surge);
    put(rolling, "maxUnavailable", unavailable);

    int[] f = WorkloadController.fenceposts(d, replicas);

    assertThat(f).containsExactly(expectedSurge, expectedUnavailable);
  }

  @ParameterizedTest
  @CsvSource({"0, 0s", "119, 119s", "121, 2m1s", "600, 10m", "10800, 3h", "9000, 150m", "90000, 25h",
      "180000, 2d2h"})
  void issue10_printsAgesAsTheApiServerDoes(long seconds, String expected) {
    assertThat(Tables.humanDuration(java.time.Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  private static void put(ObjectNode n, String field, String value) {
    if (value == null) {
      return;
    }
    if (value.endsWith("%")) {
      n.put(field, value);
    } else {
      n.put(field, Integer.parseInt(value));
    }
  }
}
