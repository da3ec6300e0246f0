package io.meshupgrade.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny ARM client over java.net.http for testing the fake. */
final class ArmHttp {
  static final String API = "api-version=2025-09-01";
  static final ObjectMapper MAPPER = new ObjectMapper();

  record Answer(int status, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return MAPPER.readTree(raw.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    String errorCode() {
      return json().path("error").path("code").asText();
    }

    String errorMessage() {
      return json().path("error").path("message").asText();
    }
  }

  private final FakeArmServer server;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

  ArmHttp(FakeArmServer server) {
    this.server = server;
  }

  Answer get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
  }

  Answer put(String pathAndQuery, String body, String ifMatch) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body));
    if (ifMatch != null) {
      b.header("If-Match", ifMatch);
    }
    return send(b);
  }

  Answer getCluster() {
    return get(server.clusterPath() + "?" + API);
  }

  Answer putCluster(String body, String ifMatch) {
    return put(server.clusterPath() + "?" + API, body, ifMatch);
  }

  /** Polls the Azure-AsyncOperation URL until the status is terminal; bounded. */
  JsonNode awaitOperation(String statusUrl) {
    for (int i = 0; i < 50; i++) {
      Answer a = send(HttpRequest.newBuilder(URI.create(statusUrl)).GET());
      String status = a.json().path("status").asText();
      if (!"InProgress".equals(status)) {
        return a.json();
      }
    }
    throw new AssertionError("operation " + statusUrl + " did not end within 50 polls");
  }

  URI uri(String pathAndQuery) {
    return URI.create(server.endpoint().toString().replaceAll("/$", "") + pathAndQuery);
  }

  Answer send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The cluster body with different revisions, as a client would PUT it. */
  static String withRevisions(JsonNode cluster, String... revisions) {
    com.fasterxml.jackson.databind.node.ObjectNode copy = cluster.deepCopy();
    com.fasterxml.jackson.databind.node.ArrayNode a =
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.path("properties").path("serviceMeshProfile")
            .path("istio")).putArray("revisions");
    for (String r : revisions) {
      a.add(r);
    }
    return copy.toString();
  }
}
