package io.meshupgrade.azure.internal;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A response with other headers (and possibly another request): status and body come from the delegate. Used by
 * {@link ClampRetryAfterPolicy} and by the tests' redirecting transport. Immutable and thread-safe as far as the
 * delegate is (a body can be read once). Not API.
 */
public final class RewrittenHeadersResponse extends HttpResponse {
  private final HttpResponse delegate;
  private final HttpHeaders headers;

  /**
   * @param request the request to report (usually the delegate's)
   * @param delegate the response giving status and body
   * @param headers the headers to report instead of the delegate's
   */
  public RewrittenHeadersResponse(HttpRequest request, HttpResponse delegate, HttpHeaders headers) {
    super(request);
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.headers = Objects.requireNonNull(headers, "headers");
  }

  @Override
  public int getStatusCode() {
    return delegate.getStatusCode();
  }

  @Override
  @Deprecated
  public String getHeaderValue(String name) {
    return headers.getValue(HttpHeaderName.fromString(name));
  }

  @Override
  public String getHeaderValue(HttpHeaderName name) {
    return headers.getValue(name);
  }

  @Override
  public HttpHeaders getHeaders() {
    return headers;
  }

  @Override
  public Flux<ByteBuffer> getBody() {
    return delegate.getBody();
  }

  @Override
  public BinaryData getBodyAsBinaryData() {
    return delegate.getBodyAsBinaryData();
  }

  @Override
  public Mono<byte[]> getBodyAsByteArray() {
    return delegate.getBodyAsByteArray();
  }

  @Override
  public Mono<String> getBodyAsString() {
    return delegate.getBodyAsString();
  }

  @Override
  public Mono<String> getBodyAsString(Charset charset) {
    return delegate.getBodyAsString(charset);
  }

  @Override
  public Mono<InputStream> getBodyAsInputStream() {
    return delegate.getBodyAsInputStream();
  }

  @Override
  public InputStream getBodyAsInputStreamSync() {
    return delegate.getBodyAsInputStreamSync();
  }

  @Override
  public void writeBodyTo(WritableByteChannel channel) throws IOException {
    delegate.writeBodyTo(channel);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
