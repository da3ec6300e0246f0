package io.meshupgrade.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiException;
import io.meshupgrade.exception.ClusterChangedException;
import io.meshupgrade.exception.MissingPermissionException;
import io.meshupgrade.exception.RemoteCallException;
import io.meshupgrade.exception.RequestRejectedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Kubernetes API calls: retries 429, 5xx and connection failures with bounded exponential backoff (honouring
 * Retry-After), retries 409 conflicts of read-modify-write attempts, and turns {@link ApiException}s into the
 * core's typed exceptions. Thread-safe.
 */
public final class KubeCalls {
  private static final Logger LOG = LoggerFactory.getLogger(KubeCalls.class);

  /** An API call. */
  @FunctionalInterface
  public interface Call<T> {
    T run() throws ApiException;
  }

  /**
   * What a call does, for messages.
   *
   * @param verb the RBAC verb (get, list, create, update, patch, delete)
   * @param resource the resource (e.g. deployments)
   * @param namespace the namespace, "" for cluster-scoped resources, "*" for all namespaces
   * @param name the object's name, or ""
   */
  public record Op(String verb, String resource, String namespace, String name) {
    public static Op of(String verb, String resource, String namespace, String name) {
      return new Op(verb, resource, namespace == null ? "" : namespace, name == null ? "" : name);
    }

    String scope() {
      if (namespace.equals("*")) {
        return "all namespaces";
      }
      return namespace.isEmpty() ? "the cluster scope" : namespace;
    }

    String object() {
      String where = namespace.isEmpty() || namespace.equals("*") ? "" : namespace + "/";
      return resource + (name.isEmpty() ? (namespace.equals("*") ? "" : " in " + scope()) : " " + where + name);
    }
  }

  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  public KubeCalls(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
    }
    this.maxRetries = maxRetries;
    this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
    this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
  }

  /**
   * Runs {@code call}, retrying transient failures (429, 5xx, no response).
   *
   * @throws RemoteCallException (or a subtype) once the failure is not transient or the retries are spent
   */
  public <T> T execute(Op op, Call<T> call) {
    int attempt = 0;
    while (true) {
      try {
        return call.run();
      } catch (ApiException e) {
        if (isTransient(e.getCode()) && attempt < maxRetries) {
          Duration wait = backoff(attempt, e.getResponseHeaders());
          LOG.debug("{} {} answered {}; retry {} of {} in {}", op.verb(), op.object(), e.getCode(), attempt + 1,
              maxRetries, wait);
          attempt++;
          sleep(wait);
          continue;
        }
        throw translate(op, e);
      }
    }
  }

  /**
   * Runs a read-modify-write {@code attempt} again (re-reading) while it fails with 409 Conflict, up to the retry
   * budget; then the {@link ClusterChangedException} escapes.
   */
  public <T> T retryOnConflict(Supplier<T> attempt) {
    int tries = 0;
    while (true) {
      try {
        return attempt.get();
      } catch (ClusterChangedException e) {
        if (!"Conflict".equals(e.code()) && !e.code().isEmpty() || tries >= maxRetries) {
          throw e;
        }
        LOG.debug("conflict ({}); re-reading and retrying", e.remoteMessage());
        tries++;
        sleep(backoff(tries - 1, null));
      }
    }
  }

  /** Whether a failure is worth retrying as is. */
  public static boolean isTransient(int code) {
    return code == 0 || code == 429 || code >= 500;
  }

  /** Whether {@code e} is a 404. */
  public static boolean isNotFound(RuntimeException e) {
    return e instanceof RemoteCallException r && r.httpStatus() == 404;
  }

  /** Whether {@code e} is a 409 (conflict or already exists). */
  public static boolean isConflict(RuntimeException e) {
    return e instanceof RemoteCallException r && r.httpStatus() == 409;
  }

  /** Maps an {@link ApiException} to the core's typed exception. */
  public static RemoteCallException translate(Op op, ApiException e) {
    int code = e.getCode();
    String reason = "";
    String remote = "";
    String body = e.getResponseBody();
    if (body != null && !body.isBlank()) {
      try {
        JsonElement root = JsonParser.parseString(body);
        if (root.isJsonObject()) {
          JsonObject o = root.getAsJsonObject();
          reason = o.has("reason") && o.get("reason").isJsonPrimitive() ? o.get("reason").getAsString() : "";
          remote = o.has("message") && o.get("message").isJsonPrimitive() ? o.get("message").getAsString() : "";
        }
      } catch (RuntimeException notJson) {
        remote = body.length() > 300 ? body.substring(0, 300) : body;
      }
    }
    if (remote.isEmpty() && e.getMessage() != null) {
      remote = e.getMessage();
    }
    String summary = op.verb() + " " + op.object() + " failed: HTTP " + code
        + (reason.isEmpty() ? "" : " " + reason) + (remote.isEmpty() ? "" : ": " + remote);
    switch (code) {
      case 403:
        return new MissingPermissionException(code, reason, remote, "missing permission: " + op.verb() + " "
            + op.resource() + " in " + op.scope() + ": grant it to the identity the adapter runs as"
            + " (see mesh-upgrade-k8s/rbac/clusterrole.yaml and role.yaml) and call again", e);
      case 409:
        return new ClusterChangedException(code, reason.isEmpty() ? "Conflict" : reason, remote, summary
            + ": the object changed meanwhile; call again (the call re-reads the cluster)", e);
      case 400:
      case 422:
        return new RequestRejectedException(code, reason, remote, summary
            + ": the API server rejected the request; check the object named above", e);
      case 404:
        return new RemoteCallException(code, reason.isEmpty() ? "NotFound" : reason, remote, summary
            + ": check that the object exists", e);
      case 0:
        return new RemoteCallException(0, "", remote, op.verb() + " " + op.object()
            + " failed: no response from the API server (" + e.getMessage()
            + "); check the kubeconfig and the network, then call again", e);
      default:
        return new RemoteCallException(code, reason, remote, summary
            + (isTransient(code) ? ": the API server kept failing after retries; wait and call again" : ""), e);
    }
  }

  private Duration backoff(int attempt, Map<String, List<String>> headers) {
    Duration wait = initialBackoff.multipliedBy(1L << Math.min(attempt, 20));
    if (headers != null) {
      List<String> retryAfter = headers.entrySet().stream()
          .filter(h -> "retry-after".equalsIgnoreCase(h.getKey())).map(Map.Entry::getValue).findFirst().orElse(null);
      if (retryAfter != null && !retryAfter.isEmpty()) {
        try {
          wait = Duration.ofSeconds(Long.parseLong(retryAfter.get(0).trim()));
        } catch (NumberFormatException ignored) {
          // keep the exponential backoff
        }
      }
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  private static void sleep(Duration d) {
    Cluster.sleep(d, "a retry of a Kubernetes API call");
  }
}
