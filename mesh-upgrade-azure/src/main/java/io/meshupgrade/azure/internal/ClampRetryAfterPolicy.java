package io.meshupgrade.azure.internal;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Caps the delay a response asks for ({@code Retry-After}, {@code retry-after-ms}, {@code x-ms-retry-after-ms})
 * before the SDK's retry policy reads it, so one throttled answer cannot park a call for an hour. A
 * {@code Retry-After} given as an HTTP date (RFC 1123) becomes the seconds from now until that date, clamped to
 * [0, max]; a value that is neither a number nor a date is replaced by the cap. Placed after the retry policy in
 * the pipeline (closer to the wire). Immutable and thread-safe. Not API.
 */
public final class ClampRetryAfterPolicy implements HttpPipelinePolicy {

  private static final HttpHeaderName RETRY_AFTER_MS = HttpHeaderName.fromString("retry-after-ms");
  private static final HttpHeaderName X_MS_RETRY_AFTER_MS = HttpHeaderName.fromString("x-ms-retry-after-ms");

  private final Duration max;
  private final Clock clock;

  /**
   * @param max the longest delay a response may ask for
   */
  public ClampRetryAfterPolicy(Duration max) {
    this(max, Clock.systemUTC());
  }

  /**
   * @param max the longest delay a response may ask for
   * @param clock the time an HTTP-date {@code Retry-After} is measured from (the wall clock the SDK sleeps by)
   */
  public ClampRetryAfterPolicy(Duration max, Clock clock) {
    this.max = Objects.requireNonNull(max, "max");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    return next.process().map(this::clamp);
  }

  @Override
  public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    return clamp(next.processSync());
  }

  HttpResponse clamp(HttpResponse response) {
    HttpHeaders original = response.getHeaders();
    HttpHeaders clamped = null;
    String retryAfter = original.getValue(HttpHeaderName.RETRY_AFTER);
    if (retryAfter != null) {
      long seconds = parse(retryAfter);
      if (seconds < 0) {
        seconds = secondsUntil(retryAfter);
      }
      if (seconds < 0 || seconds > max.getSeconds() || !retryAfter.equals(Long.toString(seconds))) {
        long capped = seconds < 0 ? max.getSeconds() : Math.min(seconds, max.getSeconds());
        clamped = copy(original, null).set(HttpHeaderName.RETRY_AFTER, Long.toString(capped));
      }
    }
    for (HttpHeaderName name : new HttpHeaderName[] {RETRY_AFTER_MS, X_MS_RETRY_AFTER_MS}) {
      String ms = original.getValue(name);
      if (ms != null && (parse(ms) < 0 || parse(ms) > max.toMillis())) {
        clamped = copy(original, clamped).set(name, Long.toString(max.toMillis()));
      }
    }
    return clamped == null ? response : new RewrittenHeadersResponse(response.getRequest(), response, clamped);
  }

  private static HttpHeaders copy(HttpHeaders original, HttpHeaders already) {
    if (already != null) {
      return already;
    }
    HttpHeaders copy = new HttpHeaders();
    for (HttpHeader h : original) {
      copy.set(h.getName(), h.getValuesList());
    }
    return copy;
  }

  /** The number of {@code value}, or -1 when it is not a non-negative integer. */
  private static long parse(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The whole seconds (rounded up) from now until the HTTP date {@code value}, 0 if past, -1 if not a date. */
  private long secondsUntil(String value) {
    ZonedDateTime at;
    try {
      at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
    } catch (DateTimeParseException e) {
      return -1;
    }
    long millis = Duration.between(clock.instant(), at.toInstant()).toMillis();
    return millis <= 0 ? 0 : (millis + 999) / 1000;
  }
}
