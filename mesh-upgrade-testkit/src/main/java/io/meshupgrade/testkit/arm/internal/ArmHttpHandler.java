package io.meshupgrade.testkit.arm.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.meshupgrade.testkit.arm.ArmCall;
import io.meshupgrade.testkit.arm.RecordedRequest;
import io.meshupgrade.testkit.arm.RevisionChange;
import io.meshupgrade.testkit.arm.RevisionListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes ARM requests to the state, applies injected faults, records requests. Thread-safe. Not API. */
public final class ArmHttpHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ArmHttpHandler.class);

  private final ArmState state;
  private final FaultPlan faults;
  private final Set<String> apiVersions;
  private final Supplier<String> baseUrl;
  private final List<RecordedRequest> log = new CopyOnWriteArrayList<>();
  private final List<RevisionListener> listeners = new CopyOnWriteArrayList<>();

  /**
   * @param state the state
   * @param faults the fault plan
   * @param apiVersions accepted api-versions
   * @param baseUrl the server's base URL, e.g. {@code http://127.0.0.1:41234}
   */
  public ArmHttpHandler(ArmState state, FaultPlan faults, Set<String> apiVersions, Supplier<String> baseUrl) {
    this.state = state;
    this.faults = faults;
    this.apiVersions = Set.copyOf(apiVersions);
    this.baseUrl = baseUrl;
  }

  /** @return the request log */
  public List<RecordedRequest> requests() {
    return List.copyOf(log);
  }

  /** Empties the request log. */
  public void clearRequests() {
    log.clear();
  }

  /** @param listener added */
  public void addListener(RevisionListener listener) {
    listeners.add(listener);
  }

  /** @param listener removed */
  public void removeListener(RevisionListener listener) {
    listeners.remove(listener);
  }

  /** @param change announced to the listeners on the calling thread */
  public void fire(RevisionChange change) {
    for (RevisionListener l : listeners) {
      try {
        l.revisionsChanged(change);
      } catch (RuntimeException e) {
        LOG.warn("revision listener {} failed on {}; ignored", l, change, e);
      }
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Instant receivedAt = state.clock().instant();
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = exchange.getRequestURI().getPath();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    String query = rawQuery == null ? "" : rawQuery;
    String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> segments = segments(path);
    ArmCall call = classify(method, segments);
    Optional<FaultPlan.RequestFault> fault = faults.take(call);
    if (fault.isPresent() && fault.get() instanceof FaultPlan.Hook hook) {
      try {
        hook.action().run();
      } catch (RuntimeException e) {
        LOG.warn("runBeforeNext action failed before {} {}; serving anyway", method, path, e);
      }
      fault = Optional.empty();
    }
    if (fault.isPresent() && fault.get() instanceof FaultPlan.Drop) {
      log.add(new RecordedRequest(call, method, path, query, ifMatch, RecordedRequest.CONNECTION_DROPPED,
          body, receivedAt));
      LOG.debug("{} {} -> connection dropped (injected)", method, path);
      exchange.close();
      return;
    }
    ArmResponse response;
    if (fault.isPresent()) {
      FaultPlan.Respond r = (FaultPlan.Respond) fault.get();
      response = ArmResponse.error(r.status(), r.code(), r.message());
      if (r.retryAfter() != null) {
        response = response.withHeader("Retry-After", seconds(r.retryAfter()));
      }
    } else {
      response = serve(call, method, path, segments, query, ifMatch,
          exchange.getRequestHeaders().getFirst("If-None-Match"), body);
    }
    for (RevisionChange change : response.events()) {
      fire(change);
    }
    log.add(new RecordedRequest(call, method, path, query, ifMatch, response.status(), body, receivedAt));
    LOG.debug("{} {}?{} -> {}", method, path, query, response.status());
    send(exchange, response);
  }

  private ArmResponse serve(ArmCall call, String method, String path, List<String> s, String query,
      String ifMatch, String ifNoneMatch, String body) {
    if (call == ArmCall.UNKNOWN) {
      return ArmResponse.error(404, "InvalidResourceType",
          "The fake ARM server does not serve " + method + " " + path + ".");
    }
    Optional<String> apiVersion = queryParam(query, "api-version");
    if (apiVersion.isEmpty()) {
      return ArmResponse.error(400, "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.");
    }
    if (!apiVersions.contains(apiVersion.get())) {
      return ArmResponse.error(400, "InvalidApiVersionParameter", "The api-version '" + apiVersion.get()
          + "' is invalid. The supported versions are '" + String.join(",", apiVersions.stream().sorted()
          .toList()) + "'.");
    }
    if (!s.get(1).equalsIgnoreCase(state.subscriptionId())) {
      return ArmResponse.error(404, "SubscriptionNotFound",
          "The subscription '" + s.get(1) + "' could not be found.");
    }
    switch (call) {
      case GET_CLUSTER, PUT_CLUSTER, LIST_MESH_UPGRADE_PROFILES, GET_MESH_UPGRADE_PROFILE -> {
        if (!s.get(3).equalsIgnoreCase(state.resourceGroup())) {
          return ArmResponse.error(404, "ResourceGroupNotFound",
              "Resource group '" + s.get(3) + "' could not be found.");
        }
        if (!s.get(7).equalsIgnoreCase(state.clusterName())) {
          return ArmResponse.error(404, "ResourceNotFound", "The Resource "
              + "'Microsoft.ContainerService/managedClusters/" + s.get(7) + "' under resource group '"
              + s.get(3) + "' was not found. For more details please go to "
              + "https://aka.ms/ARMResourceNotFoundFix");
        }
        return switch (call) {
          case GET_CLUSTER -> state.getCluster();
          case PUT_CLUSTER -> state.putCluster(body, ifMatch, ifNoneMatch, apiVersion.get(), baseUrl.get());
          case LIST_MESH_UPGRADE_PROFILES -> state.meshUpgradeProfiles(Optional.empty());
          default -> state.meshUpgradeProfiles(Optional.of(s.get(9)));
        };
      }
      case LIST_MESH_REVISION_PROFILES -> {
        return state.meshRevisionProfiles(s.get(5), Optional.empty());
      }
      case GET_MESH_REVISION_PROFILE -> {
        return state.meshRevisionProfiles(s.get(5), Optional.of(s.get(7)));
      }
      case OPERATION_STATUS -> {
        return state.operationStatus(s.get(5), s.get(7), path);
      }
      default -> throw new IllegalStateException("unrouted call " + call);
    }
  }

  /** Classifies by path shape (literal segments case-insensitive, as ARM does) and method. */
  static ArmCall classify(String method, List<String> s) {
    boolean get = "GET".equals(method);
    if (s.size() >= 8 && is(s, 0, "subscriptions") && is(s, 2, "resourcegroups") && is(s, 4, "providers")
        && is(s, 5, "microsoft.containerservice") && is(s, 6, "managedclusters")) {
      if (s.size() == 8) {
        return get ? ArmCall.GET_CLUSTER : "PUT".equals(method) ? ArmCall.PUT_CLUSTER : ArmCall.UNKNOWN;
      }
      if (is(s, 8, "meshupgradeprofiles") && get) {
        return s.size() == 9 ? ArmCall.LIST_MESH_UPGRADE_PROFILES
            : s.size() == 10 ? ArmCall.GET_MESH_UPGRADE_PROFILE : ArmCall.UNKNOWN;
      }
      return ArmCall.UNKNOWN;
    }
    if (get && s.size() >= 7 && is(s, 0, "subscriptions") && is(s, 2, "providers")
        && is(s, 3, "microsoft.containerservice") && is(s, 4, "locations")) {
      if (is(s, 6, "meshrevisionprofiles")) {
        return s.size() == 7 ? ArmCall.LIST_MESH_REVISION_PROFILES
            : s.size() == 8 ? ArmCall.GET_MESH_REVISION_PROFILE : ArmCall.UNKNOWN;
      }
      if (is(s, 6, "operations") && s.size() == 8) {
        return ArmCall.OPERATION_STATUS;
      }
    }
    return ArmCall.UNKNOWN;
  }

  private static boolean is(List<String> s, int i, String literal) {
    return s.get(i).equalsIgnoreCase(literal);
  }

  static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        out.add(part);
      }
    }
    return out;
  }

  static Optional<String> queryParam(String query, String name) {
    return Arrays.stream(query.split("&"))
        .map(p -> p.split("=", 2))
        .filter(kv -> kv[0].equalsIgnoreCase(name) && kv.length == 2)
        .map(kv -> java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8))
        .findFirst();
  }

  private static void send(HttpExchange exchange, ArmResponse response) throws IOException {
    byte[] bytes = response.body() == null ? new byte[0]
        : Json.write(response.body()).getBytes(StandardCharsets.UTF_8);
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json; charset=utf-8");
    String requestId = UUID.randomUUID().toString();
    headers.set("x-ms-request-id", requestId);
    headers.set("x-ms-correlation-request-id", requestId);
    for (Map.Entry<String, String> h : response.headers().entrySet()) {
      headers.set(h.getKey(), h.getValue());
    }
    exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }

  private static String seconds(Duration d) {
    return Long.toString(d.getSeconds() + (d.getNano() > 0 ? 1 : 0));
  }
}
