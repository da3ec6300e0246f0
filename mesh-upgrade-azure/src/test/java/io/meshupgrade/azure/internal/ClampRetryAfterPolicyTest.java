package io.meshupgrade.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClampRetryAfterPolicyTest {

  private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
  private static final ClampRetryAfterPolicy POLICY =
      new ClampRetryAfterPolicy(Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC));
  private static final HttpRequest REQUEST = new HttpRequest(HttpMethod.GET, "https://management.azure.com/x");

  private static HttpResponse throttled(HttpHeaderName name, String value) {
    HttpResponse r = mock(HttpResponse.class);
    when(r.getHeaders()).thenReturn(new HttpHeaders().set(name, value).set(HttpHeaderName.CONTENT_TYPE, "json"));
    when(r.getRequest()).thenReturn(REQUEST);
    when(r.getStatusCode()).thenReturn(429);
    return r;
  }

  private static String httpDate(Instant at) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
  }

  @ParameterizedTest(name = "Retry-After {0} seconds from now is passed on as {1}")
  @CsvSource({"10, 10", "0, 0", "30, 30", "31, 30", "3600, 30", "-5, 0"})
  void turnsAnHttpDateIntoTheSecondsUntilItClampedToTheBound(long secondsFromNow, String expected) {
    HttpResponse clamped = POLICY.clamp(throttled(HttpHeaderName.RETRY_AFTER,
        httpDate(NOW.plusSeconds(secondsFromNow))));

    assertThat(clamped.getHeaderValue(HttpHeaderName.RETRY_AFTER)).isEqualTo(expected);
    assertThat(clamped.getStatusCode()).isEqualTo(429);
    assertThat(clamped.getRequest()).isSameAs(REQUEST);
    assertThat(clamped.getHeaders().getValue(HttpHeaderName.CONTENT_TYPE)).isEqualTo("json");
  }

  @Test
  void roundsAPartSecondUpSoTheRetryIsNeverEarlierThanAsked() {
    ClampRetryAfterPolicy policy = new ClampRetryAfterPolicy(Duration.ofSeconds(30),
        Clock.fixed(NOW.minusMillis(1500), ZoneOffset.UTC));

    HttpResponse clamped = policy.clamp(throttled(HttpHeaderName.RETRY_AFTER, httpDate(NOW)));

    assertThat(clamped.getHeaderValue(HttpHeaderName.RETRY_AFTER)).isEqualTo("2");
  }

  @ParameterizedTest(name = "Retry-After \"{0}\" becomes \"{1}\"")
  @CsvSource({"5, 5", "30, 30", "31, 30", "86400, 30", "soon, 30", "'', 30"})
  void capsSecondsAndReplacesGarbageByTheBound(String value, String expected) {
    HttpResponse clamped = POLICY.clamp(throttled(HttpHeaderName.RETRY_AFTER, value));

    assertThat(clamped.getHeaders().getValue(HttpHeaderName.RETRY_AFTER)).isEqualTo(expected);
  }

  @Test
  void leavesAnAcceptableAnswerUntouched() {
    HttpResponse r = throttled(HttpHeaderName.RETRY_AFTER, "5");

    assertThat(POLICY.clamp(r)).isSameAs(r);
  }

  @ParameterizedTest(name = "{0}: {1} ms becomes {2}")
  @CsvSource({"retry-after-ms, 90000, 30000", "x-ms-retry-after-ms, -1, 30000", "retry-after-ms, 250, 250"})
  void capsTheMillisecondHeaders(String header, String value, String expected) {
    HttpResponse clamped = POLICY.clamp(throttled(HttpHeaderName.fromString(header), value));

    assertThat(clamped.getHeaders().getValue(HttpHeaderName.fromString(header))).isEqualTo(expected);
  }
}
