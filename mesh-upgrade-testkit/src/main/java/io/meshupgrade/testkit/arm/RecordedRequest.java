package io.meshupgrade.testkit.arm;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One request the fake ARM server received, with the status it answered.
 *
 * <p>Immutable and thread-safe.
 *
 * @param call what the request was
 * @param method HTTP method, e.g. {@code PUT}
 * @param path the decoded path, e.g. {@code /subscriptions/.../managedClusters/clustername1}
 * @param query the raw query string (empty when none)
 * @param ifMatch the {@code If-Match} header, or null when absent
 * @param status the HTTP status answered, or {@link #CONNECTION_DROPPED} when the fake closed the connection
 * @param body the request body as text (empty when none)
 * @param receivedAt when the request arrived (server clock)
 */
public record RecordedRequest(
    ArmCall call,
    String method,
    String path,
    String query,
    String ifMatch,
    int status,
    String body,
    Instant receivedAt) {

  /** The {@link #status()} of a request whose connection the fake dropped without answering. */
  public static final int CONNECTION_DROPPED = 0;

  /**
   * Validates the components.
   *
   * @param call what the request was
   * @param method HTTP method, e.g. {@code PUT}
   * @param path the decoded path, e.g. {@code /subscriptions/.../managedClusters/clustername1}
   * @param query the raw query string (empty when none)
   * @param ifMatch the {@code If-Match} header, or null when absent
   * @param status the HTTP status answered, or {@link #CONNECTION_DROPPED} when the fake closed the connection
   * @param body the request body as text (empty when none)
   * @param receivedAt when the request arrived (server clock)
   */
  public RecordedRequest {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  /**
   * The {@code If-Match} header.
   *
   * @return the header value, or empty when the request had none
   */
  public Optional<String> ifMatchHeader() {
    return Optional.ofNullable(ifMatch);
  }
}
