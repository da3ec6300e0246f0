package io.meshupgrade.azure.internal;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.time.Duration;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Caps the delay a response asks for ({@code Retry-After}, {@code retry-after-ms}, {@code x-ms-retry-after-ms})
 * before the SDK's retry policy reads it, so one throttled answer cannot park a call for an hour. Placed after the
 * retry policy in the pipeline (closer to the wire). Immutable and thread-safe. Not API.
 */
public final class ClampRetryAfterPolicy implements HttpPipelinePolicy {

  private static final HttpHeaderName RETRY_AFTER_MS = HttpHeaderName.fromString("retry-after-ms");
  private static final HttpHeaderName X_MS_RETRY_AFTER_MS = HttpHeaderName.fromString("x-ms-retry-after-ms");

  private final Duration max;

  /**
   * @param max the longest delay a response may ask for
   */
  public ClampRetryAfterPolicy(Duration max) {
    this.max = Objects.requireNonNull(max, "max");
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
    String seconds = original.getValue(HttpHeaderName.RETRY_AFTER);
    if (seconds != null && (parse(seconds) < 0 || parse(seconds) > max.getSeconds())) {
      clamped = copy(original, null).set(HttpHeaderName.RETRY_AFTER, Long.toString(max.getSeconds()));
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

  private static long parse(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1; // an HTTP date or garbage: replaced by the cap
    }
  }
}
