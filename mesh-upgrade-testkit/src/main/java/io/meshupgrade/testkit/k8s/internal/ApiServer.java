package io.meshupgrade.testkit.k8s.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshupgrade.testkit.k8s.ApiResource;
import io.meshupgrade.testkit.k8s.Faults;
import io.meshupgrade.testkit.k8s.ObjectStore.PatchType;
import io.meshupgrade.testkit.k8s.RequestLog;
import io.meshupgrade.testkit.k8s.SimulatedApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of the simulator: Kubernetes REST paths over the JDK's HTTP server on 127.0.0.1, JSON only, watches
 * as chunked streams of one JSON event per line. Thread-safe; one thread per open request.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final long DEFAULT_WATCH_TIMEOUT_SECONDS = 1800;
  /**
   * Per-exchange state, keyed by the exchange itself: HttpExchange attributes cannot hold it, because the JDK 17
   * server shares them between all exchanges of a context (JDK-8288109), so one request's state leaked into others.
   */
  private static final Map<HttpExchange, LogOnce> LOGGERS = new java.util.concurrent.ConcurrentHashMap<>();
  private static final java.util.Set<HttpExchange> DROPPING = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Thrown instead of sending an answer that a fault drops; the exchange then closes the connection. */
  private static final class DroppedResponse extends RuntimeException {
    DroppedResponse() {
      super("response dropped by a fault", null, false, false);
    }
  }

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY each small response waits for the
    // client's delayed ACK (about 40 ms on Linux). Read once by the JDK when its first server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final InMemoryObjectStore store;
  private final RequestLog log;
  private final Faults faults;
  private final Duration bookmarkInterval;
  private final HttpServer server;
  private final ExecutorService executor;
  private final String kubernetesVersion;

  /** A parsed request path. */
  record Target(
      ApiResource resource, String namespace, String name, String subresource, Map<String, String> query) {}

  public ApiServer(
      InMemoryObjectStore store, RequestLog log, Faults faults, Duration bookmarkInterval, String kubernetesVersion)
      throws IOException {
    this.kubernetesVersion = kubernetesVersion;
    this.store = store;
    this.log = log;
    this.faults = faults;
    this.bookmarkInterval = bookmarkInterval;
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "k8s-sim-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    store.dropWatches();
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      handleExchange(ex);
    } finally {
      LOGGERS.remove(ex);
      DROPPING.remove(ex);
    }
  }

  private void handleExchange(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      Map<String, String> query = parseQuery(ex.getRequestURI().getRawQuery());
      if (path.equals("/version") || path.equals("/version/")) {
        writeJson(ex, 200, version());
        return;
      }
      String trimmed = path.replaceAll("/+$", "");
      String accept = ex.getRequestHeaders().getFirst("Accept");
      if (ex.getRequestMethod().equals("GET") && Discovery.wantsAggregated(accept)) {
        ObjectNode aggregated = Discovery.aggregated(trimmed);
        if (aggregated != null) {
          writeJson(ex, 200, aggregated, Discovery.AGGREGATED_V2);
          return;
        }
      }
      ObjectNode discovery = Discovery.answer(trimmed, server.getAddress().getPort());
      if (discovery != null && ex.getRequestMethod().equals("GET")) {
        writeJson(ex, 200, discovery);
        return;
      }
      Target t;
      try {
        t = parse(path, query);
      } catch (SimulatedApiException e) {
        writeStatus(ex, e);
        return;
      }
      String verb = verb(ex.getRequestMethod(), t);
      long latency = faults.latencyMillis();
      if (latency > 0) {
        try {
          Thread.sleep(latency);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      LOGGERS.put(
          ex,
          new LogOnce(
              status ->
                  log.record(
                      new RequestLog.Entry(
                          verb,
                          t.resource.group(),
                          t.resource.plural(),
                          t.subresource,
                          t.namespace,
                          t.name,
                          status))));
      String continueToken = t.query.get("continue");
      boolean continued = verb.equals("list") && continueToken != null && !continueToken.isEmpty();
      Optional<Faults.Injected> fault = faults.take(verb, t.resource.plural(), t.name, continued);
      if (fault.isPresent()) {
        writeStatus(ex, injected(fault.get(), verb, t));
      } else {
        if (faults.takeDrop(verb, t.resource.plural(), t.name)) {
          DROPPING.add(ex);
        }
        serve(ex, verb, t);
      }
    } catch (DroppedResponse dropped) {
      // served, but no answer: closing the exchange before any response header closes the connection
      LOG.debug("dropped the response to {} {}", ex.getRequestMethod(), ex.getRequestURI());
    } catch (RuntimeException e) {
      LOG.warn("simulator failed to serve {} {}", ex.getRequestMethod(), ex.getRequestURI(), e);
      try {
        writeStatus(
            ex, new SimulatedApiException(500, "InternalError", "simulator error: " + e, null, null, null, 0));
      } catch (IOException | RuntimeException ignored) {
        // response already started
      }
    }
  }

  private static String verb(String method, Target t) {
    return switch (method) {
      case "GET" -> t.name != null ? "get" : "true".equals(t.query.get("watch")) ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> t.name != null ? "delete" : "deletecollection";
      default -> method.toLowerCase(java.util.Locale.ROOT);
    };
  }

  private SimulatedApiException injected(Faults.Injected f, String verb, Target t) {
    String what = t.resource.qualifiedName() + (t.name == null ? "" : " \"" + t.name + "\"");
    String message =
        switch (f.status()) {
          case 403 -> what
              + " is forbidden: User \"system:serviceaccount:mesh-upgrade:mesh-upgrade\" cannot "
              + verb
              + " resource \""
              + t.resource.plural()
              + "\" in API group \""
              + t.resource.group()
              + "\""
              + (t.namespace == null ? " at the cluster scope" : " in the namespace \"" + t.namespace + "\"");
          case 409 -> "Operation cannot be fulfilled on "
              + what
              + ": the object has been modified; please apply your changes to the latest version and try again";
          case 429 -> "Too many requests, please try again later.";
          case 410 -> "The provided continue parameter is too old to display a consistent list result. You can"
              + " start a new list without the continue parameter.";
          default -> "Internal error occurred: injected fault for " + verb + " " + what;
        };
    return new SimulatedApiException(
        f.status(),
        f.reason(),
        message,
        t.name,
        t.resource.group().isEmpty() ? null : t.resource.group(),
        t.resource.plural(),
        f.retryAfterSeconds());
  }

  private int serve(HttpExchange ex, String verb, Target t) throws IOException {
    try {
      ApiResource r = t.resource;
      switch (verb) {
        case "get" -> {
          ObjectNode o = store.getRaw(r, t.namespace, t.name);
          if (o == null) {
            throw SimulatedApiException.notFound(r, t.name);
          }
          if (t.subresource == null && Tables.wantsTable(ex.getRequestHeaders().getFirst("Accept"))) {
            writeJson(ex, 200, Tables.table(r, java.util.List.of(o), null, null, t.query.get("includeObject"),
                store.clock().instant()));
            return 200;
          }
          writeJson(ex, 200, o);
          return 200;
        }
        case "list" -> {
          list(ex, t);
          return 200;
        }
        case "watch" -> {
          watch(ex, t);
          return 200;
        }
        case "create" -> {
          ObjectNode body = bodyObject(ex);
          ObjectNode created = store.create(r, t.namespace, body, true);
          writeJson(ex, 201, created);
          return 201;
        }
        case "update" -> {
          ObjectNode body = bodyObject(ex);
          InMemoryObjectStore.Mode mode = modeOf(t);
          ObjectNode updated = store.update(r, t.namespace, t.name, body, mode);
          writeJson(ex, 200, updated);
          return 200;
        }
        case "patch" -> {
          String contentType = ex.getRequestHeaders().getFirst("Content-Type");
          PatchType type = PatchType.ofContentType(contentType);
          if (type == null) {
            throw new SimulatedApiException(
                415,
                "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: "
                    + "application/json-patch+json, application/merge-patch+json, "
                    + "application/strategic-merge-patch+json (got "
                    + contentType
                    + ")",
                null,
                null,
                null,
                0);
          }
          JsonNode patch = body(ex);
          ObjectNode patched = store.patch(r, t.namespace, t.name, type, patch, modeOf(t));
          writeJson(ex, 200, patched);
          return 200;
        }
        case "delete" -> {
          byte[] raw = ex.getRequestBody().readAllBytes();
          String uid = null;
          if (raw.length > 0) {
            JsonNode opts = Json.parse(raw);
            uid = Json.text(opts, "preconditions", "uid");
          }
          ObjectNode deleted = store.delete(r, t.namespace, t.name, uid);
          if (r.deleteReturnsObject()) {
            writeJson(ex, 200, deleted);
          } else {
            ObjectNode s = statusBase("Success");
            ObjectNode d = Json.with(s, "details");
            d.put("name", t.name);
            if (!r.group().isEmpty()) {
              d.put("group", r.group());
            }
            d.put("kind", r.plural());
            d.put("uid", Json.text(deleted, "metadata", "uid"));
            writeJson(ex, 200, s);
          }
          return 200;
        }
        case "deletecollection" -> {
          LabelSelector labels = LabelSelector.parse(t.query.get("labelSelector"));
          FieldSelector fields = FieldSelector.parse(t.query.get("fieldSelector"));
          InMemoryObjectStore.Page page = store.listPage(r, t.namespace, labels, fields, 0, null, null);
          for (ObjectNode o : page.items()) {
            store.delete(r, Json.text(o, "metadata", "namespace"), Json.text(o, "metadata", "name"));
          }
          writeJson(ex, 200, statusBase("Success"));
          return 200;
        }
        default -> throw new SimulatedApiException(
            405, "MethodNotAllowed", "the server does not allow this method on the requested resource", null, null,
            null, 0);
      }
    } catch (SimulatedApiException e) {
      writeStatus(ex, e);
      return e.code();
    } catch (IllegalArgumentException e) {
      SimulatedApiException bad = SimulatedApiException.badRequest(e.getMessage());
      writeStatus(ex, bad);
      return 400;
    }
  }

  private static InMemoryObjectStore.Mode modeOf(Target t) {
    if (t.subresource == null) {
      return InMemoryObjectStore.Mode.MAIN;
    }
    if (t.subresource.equals("status")) {
      return InMemoryObjectStore.Mode.STATUS;
    }
    throw new SimulatedApiException(
        404, "NotFound", "the server could not find the requested resource", null, null, null, 0);
  }

  private void list(HttpExchange ex, Target t) throws IOException {
    LabelSelector labels = LabelSelector.parse(t.query.get("labelSelector"));
    FieldSelector fields = FieldSelector.parse(t.query.get("fieldSelector"));
    int limit = 0;
    String limitText = t.query.get("limit");
    if (limitText != null && !limitText.isEmpty()) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("limit must be an integer, got \"" + limitText + "\"", e);
      }
    }
    String afterNs = null;
    String afterName = null;
    String token = t.query.get("continue");
    if (token != null && !token.isEmpty()) {
      try {
        JsonNode c = Json.parse(Base64.getUrlDecoder().decode(token));
        afterNs = Json.text(c, "ns");
        afterName = Json.text(c, "name");
        if (afterNs == null || afterName == null) {
          throw new IllegalArgumentException("incomplete");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid continue token \"" + token + "\"", e);
      }
    }
    InMemoryObjectStore.Page page = store.listPage(t.resource, t.namespace, labels, fields, limit, afterNs, afterName);
    String continueToken = null;
    if (page.continueName() != null) {
      ObjectNode c = Json.obj();
      c.put("ns", page.continueNamespace());
      c.put("name", page.continueName());
      c.put("rv", page.resourceVersion());
      continueToken =
          Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(c).getBytes(StandardCharsets.UTF_8));
    }
    if (Tables.wantsTable(ex.getRequestHeaders().getFirst("Accept"))) {
      writeJson(ex, 200, Tables.table(t.resource, page.items(), Long.toString(page.resourceVersion()), continueToken,
          t.query.get("includeObject"), store.clock().instant()));
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    send(ex, 200, 0);
    try (OutputStream out = ex.getResponseBody();
        JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("kind", t.resource.listKind());
      g.writeStringField("apiVersion", t.resource.apiVersion());
      g.writeObjectFieldStart("metadata");
      g.writeStringField("resourceVersion", Long.toString(page.resourceVersion()));
      if (page.continueName() != null) {
        ObjectNode c = Json.obj();
        c.put("ns", page.continueNamespace());
        c.put("name", page.continueName());
        c.put("rv", page.resourceVersion());
        g.writeStringField(
            "continue",
            Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(c).getBytes(StandardCharsets.UTF_8)));
      }
      g.writeEndObject();
      g.writeArrayFieldStart("items");
      for (ObjectNode o : page.items()) {
        g.writeTree(o);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private void watch(HttpExchange ex, Target t) throws IOException {
    LabelSelector labels = LabelSelector.parse(t.query.get("labelSelector"));
    FieldSelector fields = FieldSelector.parse(t.query.get("fieldSelector"));
    String rvText = t.query.get("resourceVersion");
    Long since = null;
    if (rvText != null && !rvText.isEmpty() && !rvText.equals("0")) {
      try {
        since = Long.parseLong(rvText);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("resourceVersion must be an integer, got \"" + rvText + "\"", e);
      }
    }
    long timeoutSeconds = DEFAULT_WATCH_TIMEOUT_SECONDS;
    String timeoutText = t.query.get("timeoutSeconds");
    if (timeoutText != null && !timeoutText.isEmpty()) {
      timeoutSeconds = Long.parseLong(timeoutText);
    }
    boolean bookmarks = "true".equals(t.query.get("allowWatchBookmarks"));
    boolean table = Tables.wantsTable(ex.getRequestHeaders().getFirst("Accept"));
    ex.getResponseHeaders().set("Content-Type", "application/json");
    WatchSubscription w;
    try {
      w = store.watch(t.resource, t.namespace, labels, fields, since);
    } catch (SimulatedApiException e) {
      send(ex, 200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        ObjectNode event = Json.obj();
        event.put("type", "ERROR");
        event.set("object", statusJson(e));
        out.write((Json.write(event) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return;
    }
    send(ex, 200, 0);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    long bookmarkMillis = Math.max(1, bookmarkInterval.toMillis());
    try (w;
        OutputStream out = ex.getResponseBody()) {
      out.flush();
      while (true) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return;
        }
        WatchSubscription.Item item = w.poll(bookmarks ? Math.min(left, bookmarkMillis) : Math.min(left, 1000));
        if (item == null) {
          if (bookmarks) {
            long rv = w.bookmarkVersion();
            if (rv >= 0) {
              ObjectNode obj = Json.obj();
              obj.put("kind", t.resource.kind());
              obj.put("apiVersion", t.resource.apiVersion());
              Json.with(obj, "metadata").put("resourceVersion", Long.toString(rv));
              writeEvent(out, "BOOKMARK", obj);
            }
          }
          continue;
        }
        if (WatchSubscription.isClosedMarker(item)) {
          return;
        }
        ObjectNode object = item.object();
        if (table && !item.type().equals("ERROR")) {
          object = Tables.table(t.resource, java.util.List.of(object), null, null, t.query.get("includeObject"),
              store.clock().instant());
        }
        writeEvent(out, item.type(), object);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("watch client went away: {}", e.toString());
    }
  }

  private static final class LogOnce {
    private final java.util.function.IntConsumer sink;
    private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();

    LogOnce(java.util.function.IntConsumer sink) {
      this.sink = sink;
    }

    void record(int status) {
      if (done.compareAndSet(false, true)) {
        sink.accept(status);
      }
    }
  }

  /** Records the request (once, before the client can see the answer), then sends the headers. */
  private static void send(HttpExchange ex, int code, long length) throws IOException {
    LogOnce once = LOGGERS.get(ex);
    if (once != null) {
      once.record(code);
    }
    if (DROPPING.contains(ex)) {
      throw new DroppedResponse();
    }
    ex.sendResponseHeaders(code, length);
  }

  private static void writeEvent(OutputStream out, String type, ObjectNode object) throws IOException {
    ObjectNode event = Json.obj();
    event.put("type", type);
    event.set("object", object);
    byte[] line = Json.MAPPER.writeValueAsBytes(event);
    out.write(line);
    out.write('\n');
    out.flush();
  }

  private static Target parse(String rawPath, Map<String, String> query) {
    String[] parts = rawPath.replaceAll("^/+|/+$", "").split("/");
    for (int i = 0; i < parts.length; i++) {
      parts[i] = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
    }
    String group;
    String version;
    int i;
    if (parts.length >= 2 && parts[0].equals("api")) {
      group = "";
      version = parts[1];
      i = 2;
    } else if (parts.length >= 3 && parts[0].equals("apis")) {
      group = parts[1];
      version = parts[2];
      i = 3;
    } else {
      throw notFoundPath(rawPath);
    }
    int rest = parts.length - i;
    if (rest >= 3 && parts[i].equals("namespaces")) {
      Optional<ApiResource> r = ApiResource.find(group, version, parts[i + 2]);
      if (r.isPresent() && r.get().namespaced()) {
        String ns = parts[i + 1];
        String name = rest >= 4 ? parts[i + 3] : null;
        String sub = rest >= 5 ? parts[i + 4] : null;
        if (rest > 5) {
          throw notFoundPath(rawPath);
        }
        return new Target(r.get(), ns, name, sub, query);
      }
    }
    if (rest < 1 || rest > 3) {
      throw notFoundPath(rawPath);
    }
    ApiResource r = ApiResource.find(group, version, parts[i]).orElseThrow(() -> notFoundPath(rawPath));
    String name = rest >= 2 ? parts[i + 1] : null;
    String sub = rest >= 3 ? parts[i + 2] : null;
    if (r.namespaced() && name != null) {
      throw notFoundPath(rawPath);
    }
    return new Target(r, null, name, sub, query);
  }

  private static SimulatedApiException notFoundPath(String path) {
    return new SimulatedApiException(
        404, "NotFound", "the server could not find the requested resource (path " + path + ")", null, null, null, 0);
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static JsonNode body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] raw = in.readAllBytes();
      if (raw.length == 0) {
        throw SimulatedApiException.badRequest("the request body is empty");
      }
      return Json.parse(raw);
    }
  }

  private static ObjectNode bodyObject(HttpExchange ex) throws IOException {
    JsonNode n = body(ex);
    if (!(n instanceof ObjectNode o)) {
      throw SimulatedApiException.badRequest("the request body must be a JSON object");
    }
    return o;
  }

  private ObjectNode version() {
    String[] parts = kubernetesVersion.split("\\.");
    ObjectNode v = Json.obj();
    v.put("major", parts[0]);
    v.put("minor", parts[1]);
    v.put("gitVersion", "v" + kubernetesVersion);
    v.put("gitCommit", "0000000000000000000000000000000000000000");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2026-01-01T00:00:00Z");
    v.put("goVersion", "go1.22.8");
    v.put("compiler", "gc");
    v.put("platform", "linux/amd64");
    return v;
  }

  private static ObjectNode statusBase(String status) {
    ObjectNode s = Json.obj();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.set("metadata", Json.obj());
    s.put("status", status);
    return s;
  }

  /** The v1 Status of an error. */
  public static ObjectNode statusJson(SimulatedApiException e) {
    ObjectNode s = statusBase("Failure");
    s.put("message", e.getMessage());
    s.put("reason", e.reason());
    if (e.detailsName() != null || e.detailsKind() != null || e.retryAfterSeconds() > 0) {
      ObjectNode d = Json.with(s, "details");
      if (e.detailsName() != null) {
        d.put("name", e.detailsName());
      }
      if (e.detailsGroup() != null) {
        d.put("group", e.detailsGroup());
      }
      if (e.detailsKind() != null) {
        d.put("kind", e.detailsKind());
      }
      if (e.retryAfterSeconds() > 0) {
        d.put("retryAfterSeconds", e.retryAfterSeconds());
      }
    }
    s.put("code", e.code());
    return s;
  }

  private static void writeStatus(HttpExchange ex, SimulatedApiException e) throws IOException {
    if (e.retryAfterSeconds() > 0) {
      ex.getResponseHeaders().set("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
    writeJson(ex, e.code(), statusJson(e));
  }

  private static void writeJson(HttpExchange ex, int code, JsonNode body) throws IOException {
    writeJson(ex, code, body, "application/json");
  }

  private static void writeJson(HttpExchange ex, int code, JsonNode body, String contentType) throws IOException {
    byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", contentType);
    send(ex, code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
