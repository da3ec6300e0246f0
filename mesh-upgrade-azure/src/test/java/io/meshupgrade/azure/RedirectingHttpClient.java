package io.meshupgrade.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import io.meshupgrade.azure.internal.RewrittenHeadersResponse;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * A transport for the production pipeline in tests: requests to https://management.azure.com go to a local fake
 * ARM instead, and URLs in its answers are mapped back, so the bearer-token policy (which refuses http://) runs
 * unchanged. Records the Authorization headers it saw.
 */
final class RedirectingHttpClient implements HttpClient {
  static final String ARM = "https://management.azure.com";

  private final HttpClient delegate = HttpClient.createDefault();
  private final String local;
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  RedirectingHttpClient(URI fakeEndpoint) {
    this.local = fakeEndpoint.toString().replaceAll("/$", "");
  }

  @Override
  public Mono<HttpResponse> send(HttpRequest request) {
    String auth = request.getHeaders().getValue(HttpHeaderName.AUTHORIZATION);
    if (auth != null) {
      authorizations.add(auth);
    }
    HttpRequest copy = request.copy();
    copy.setUrl(request.getUrl().toString().replace(ARM, local));
    return delegate.send(copy).map(r -> mapped(request, r, local));
  }

  /** The answer with local URLs in its headers mapped back to ARM's. */
  private static HttpResponse mapped(HttpRequest original, HttpResponse delegate, String local) {
    HttpHeaders headers = new HttpHeaders();
    for (HttpHeader h : delegate.getHeaders()) {
      headers.set(h.getName(), h.getValue().replace(local, ARM));
    }
    return new RewrittenHeadersResponse(original, delegate, headers);
  }
}
