package io.meshupgrade.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RestartStampTest {
  private static final Instant NOW = Instant.parse("2026-11-26T07:15:21.456789Z");

  @Test
  void writesTheCurrentSecondInRfc3339LikeKubectl() {
    assertThat(RestartStamp.next(NOW, null)).isEqualTo("2026-11-26T07:15:21Z");
    assertThat(RestartStamp.next(NOW, "2026-11-26T07:00:00Z")).isEqualTo("2026-11-26T07:15:21Z");
  }

  @Test
  void stillChangesTheTemplateWhenRestartedTwiceInTheSameSecond() {
    String first = RestartStamp.next(NOW, null);

    String second = RestartStamp.next(NOW, first);

    assertThat(second).isNotEqualTo(first).isEqualTo("2026-11-26T07:15:21.456Z");
    DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(second);
  }

  @Test
  void keepsChangingWithAFrozenClock() {
    Instant frozen = Instant.parse("2026-11-26T07:15:21Z");
    String a = RestartStamp.next(frozen, null);
    String b = RestartStamp.next(frozen, a);
    String c = RestartStamp.next(frozen, b);

    assertThat(a).isEqualTo("2026-11-26T07:15:21Z");
    assertThat(b).isEqualTo("2026-11-26T07:15:21.001Z");
    assertThat(c).isEqualTo("2026-11-26T07:15:21.002Z");
  }

  @Test
  void movesPastAStampFromTheFuture() {
    String future = "2026-11-26T08:00:00Z";

    String next = RestartStamp.next(NOW, future);

    assertThat(Instant.parse(next)).isAfter(Instant.parse(future));
  }

  @Test
  void replacesAnUnreadableValue() {
    assertThat(RestartStamp.next(NOW, "yesterday")).isEqualTo("2026-11-26T07:15:21Z");
  }
}
