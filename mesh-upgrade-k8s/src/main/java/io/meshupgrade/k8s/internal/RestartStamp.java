package io.meshupgrade.k8s.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The value of the pod-template annotation {@code kubectl.kubernetes.io/restartedAt}: the current time in RFC3339
 * like kubectl ({@code 2026-11-26T07:15:21Z}). When the workload already carries that same second (restarted twice
 * within a second, where kubectl fails with "not modified"), the value moves past the existing one with a
 * fractional second so the pod template still changes. Pure; thread-safe.
 */
public final class RestartStamp {
  private RestartStamp() {}

  /**
   * The next value.
   *
   * @param now the current time
   * @param existing the current annotation value, or null
   */
  public static String next(Instant now, String existing) {
    Objects.requireNonNull(now, "now");
    Instant candidate = now.truncatedTo(ChronoUnit.SECONDS);
    if (existing != null) {
      Instant previous = parse(existing);
      if (previous != null && !candidate.isAfter(previous)) {
        Instant precise = now.isAfter(previous) ? now : previous.plusMillis(1);
        candidate = precise.truncatedTo(ChronoUnit.MILLIS);
        if (!candidate.isAfter(previous)) {
          candidate = previous.plusMillis(1).truncatedTo(ChronoUnit.MILLIS);
        }
      }
    }
    String value = DateTimeFormatter.ISO_INSTANT.format(candidate);
    return value.equals(existing) ? DateTimeFormatter.ISO_INSTANT.format(candidate.plusMillis(1)) : value;
  }

  private static Instant parse(String text) {
    try {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
