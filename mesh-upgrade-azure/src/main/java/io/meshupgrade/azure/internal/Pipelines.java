package io.meshupgrade.azure.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.resources.fluentcore.utils.HttpPipelineProvider;
import java.time.Duration;
import java.util.List;

/**
 * Builds the HTTP pipelines of the adapter: the SDK's ARM pipeline (bearer token, retry honouring Retry-After
 * within bounds), or the same without authentication for a local fake ARM. Logging of HTTP traffic is off, so no
 * header (and no token) reaches a log line. Thread-safe. Not API.
 */
public final class Pipelines {

  private static final String USER_AGENT = "mesh-upgrade";

  private Pipelines() {}

  /**
   * Retry bounds for 429, 408, 5xx and I/O failures.
   *
   * @param maxRetries retries after the first attempt
   * @param baseDelay first back-off when the answer has no Retry-After
   * @param maxDelay the longest back-off, and the cap on a Retry-After
   */
  public record RetryBounds(int maxRetries, Duration baseDelay, Duration maxDelay) {

    /** Validates. */
    public RetryBounds {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
      }
      if (baseDelay.isNegative() || baseDelay.isZero()) {
        throw new IllegalArgumentException("baseDelay must be positive, got " + baseDelay);
      }
      if (maxDelay.compareTo(baseDelay) < 0) {
        throw new IllegalArgumentException(
            "maxDelay (" + maxDelay + ") must not be shorter than baseDelay (" + baseDelay + ")");
      }
    }

    RetryPolicy policy() {
      return new RetryPolicy(new ExponentialBackoff(maxRetries, baseDelay, maxDelay));
    }
  }

  /**
   * The SDK's ARM pipeline with our retry bounds.
   *
   * @param credential the credential
   * @param profile cloud and subscription
   * @param httpClient transport, or null for the SDK default
   * @param retry retry bounds
   * @return the pipeline
   */
  public static HttpPipeline authenticated(TokenCredential credential, AzureProfile profile, HttpClient httpClient,
      RetryBounds retry) {
    return HttpPipelineProvider.buildHttpPipeline(credential, profile, null, noHttpLogging(), null, retry.policy(),
        List.of(new ClampRetryAfterPolicy(retry.maxDelay())), httpClient);
  }

  /**
   * The same pipeline without authentication: for a fake ARM on a loopback address (a bearer policy refuses
   * plain HTTP).
   *
   * @param httpClient transport, or null for the SDK default
   * @param retry retry bounds
   * @return the pipeline
   */
  public static HttpPipeline unauthenticated(HttpClient httpClient, RetryBounds retry) {
    HttpPipelineBuilder b = new HttpPipelineBuilder().policies(
        new UserAgentPolicy(USER_AGENT),
        new RequestIdPolicy(),
        retry.policy(),
        new ClampRetryAfterPolicy(retry.maxDelay()),
        new AddDatePolicy(),
        new HttpLoggingPolicy(noHttpLogging()));
    if (httpClient != null) {
      b.httpClient(httpClient);
    }
    return b.build();
  }

  private static HttpLogOptions noHttpLogging() {
    return new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE);
  }
}
