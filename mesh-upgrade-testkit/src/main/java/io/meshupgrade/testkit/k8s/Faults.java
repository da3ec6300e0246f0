package io.meshupgrade.testkit.k8s;

import io.meshupgrade.testkit.k8s.internal.InMemoryObjectStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Faults on demand for HTTP requests: error answers for the next N matching calls, dropped watches, added latency.
 * Matching uses the RBAC verb (get, list, watch, create, update, patch, delete) and the resource plural, {@code "*"}
 * for any. Faults never affect the Java API of {@link ObjectStore} nor the simulator's controllers. Thread-safe.
 */
public final class Faults {

  /**
   * An answer to inject.
   *
   * @param status HTTP status
   * @param reason Kubernetes reason
   * @param retryAfterSeconds for 429: the {@code Retry-After} seconds, else 0
   */
  public record Injected(int status, String reason, long retryAfterSeconds) {}

  /** What a rule does to a matching request. */
  private enum Effect {
    /** Answer an error instead of serving. */
    ANSWER,
    /** Answer an error, only to lists that carry a continue token. */
    ANSWER_CONTINUED_LIST,
    /** Serve (apply) the request, then close the connection without an answer. */
    DROP_AFTER_APPLYING
  }

  private static final class Rule {
    final String verb;
    final String resource;
    final String name;
    final Injected answer;
    final Effect effect;
    int remaining;

    Rule(String verb, String resource, String name, Injected answer, Effect effect, int remaining) {
      this.verb = verb;
      this.resource = resource;
      this.name = name;
      this.answer = answer;
      this.effect = effect;
      this.remaining = remaining;
    }
  }

  private final List<Rule> rules = new ArrayList<>();
  private final InMemoryObjectStore store;
  private volatile long latencyMillis;

  /** Created by the simulator. */
  Faults(InMemoryObjectStore store) {
    this.store = store;
  }

  /**
   * {@return the next {@code times} calls matching verb and resource answer {@code status} (409 Conflict, 403
   * Forbidden, 404, 429 TooManyRequests with Retry-After 1, 500 InternalError, 503 ServiceUnavailable, ...)}
   *
   * @param times how many times
   * @param verb the verb, e.g. {@code patch}
   * @param resource the resource (plural name), e.g. {@code pods}
   * @param status the HTTP status to answer
   */
  public Faults failNext(int times, String verb, String resource, int status) {
    return failNext(times, verb, resource, null, status);
  }

  /**
   * Like {@link #failNext(int, String, String, int)} for one object name (null: any).
   *
   * @param times how many times
   * @param verb the verb, e.g. {@code patch}
   * @param resource the resource (plural name), e.g. {@code pods}
   * @param name the name
   * @param status the HTTP status to answer
   * @return the faults
   */
  public Faults failNext(int times, String verb, String resource, String name, int status) {
    return add(times, verb, resource, name, new Injected(status, reasonOf(status), status == 429 ? 1 : 0));
  }

  /**
   * {@return the next {@code times} matching calls answer 429 TooManyRequests with {@code Retry-After}}
   *
   * @param times how many times
   * @param verb the verb, e.g. {@code patch}
   * @param resource the resource (plural name), e.g. {@code pods}
   * @param retryAfter the retry after
   */
  public Faults throttleNext(int times, String verb, String resource, Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    return add(times, verb, resource, null, new Injected(429, "TooManyRequests", retryAfter.toSeconds()));
  }

  /**
   * {@return the next {@code times} calls matching verb and resource are served (a write is applied and stored) but the
   * connection is then closed without an answer, as when the network drops the response: the client sees a failed
   * connection although its change landed}
   *
   * @param times how many times
   * @param verb the verb, e.g. {@code patch}
   * @param resource the resource (plural name), e.g. {@code pods}
   */
  public Faults dropResponseAfterApplying(int times, String verb, String resource) {
    return add(times, verb, resource, null, new Injected(500, "InternalError", 0), Effect.DROP_AFTER_APPLYING);
  }

  /**
   * {@return the next {@code times} list requests of {@code resource} that carry a continue token answer 410 Gone
   * (reason Expired), as an API server does when the token's resourceVersion was compacted during a long paginated
   * list} First pages (no continue token) are not affected.
   *
   * @param times how many times
   * @param resource the resource (plural name), e.g. {@code pods}
   */
  public Faults expireContinueTokens(int times, String resource) {
    return add(times, "list", resource, null, new Injected(410, "Expired", 0), Effect.ANSWER_CONTINUED_LIST);
  }

  private Faults add(int times, String verb, String resource, String name, Injected answer) {
    return add(times, verb, resource, name, answer, Effect.ANSWER);
  }

  private Faults add(int times, String verb, String resource, String name, Injected answer, Effect effect) {
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(resource, "resource");
    if (times <= 0) {
      throw new IllegalArgumentException("times must be positive, got " + times);
    }
    if (answer.status() < 400 || answer.status() > 599) {
      throw new IllegalArgumentException("status must be an HTTP error 400-599, got " + answer.status());
    }
    synchronized (rules) {
      rules.add(new Rule(verb, resource, name, answer, effect, times));
    }
    return this;
  }

  /**
   * Adds this latency to every HTTP request (zero to remove).
   *
   * @param perRequest the per request
   * @return the faults
   */
  public Faults latency(Duration perRequest) {
    Objects.requireNonNull(perRequest, "perRequest");
    this.latencyMillis = perRequest.toMillis();
    return this;
  }

  /**
   * Ends every open watch stream now, as a dropped connection would. Returns how many were open.
   *
   * @return the int
   */
  public int dropWatches() {
    return store.dropWatches();
  }

  /** Removes pending error rules and latency. */
  public void clear() {
    synchronized (rules) {
      rules.clear();
    }
    latencyMillis = 0;
  }

  /** {@return how many injected errors are still pending} */
  public int pending() {
    synchronized (rules) {
      return rules.stream().mapToInt(r -> r.remaining).sum();
    }
  }

  /**
   * Used by the server: the latency to add.
   *
   * @return the long
   */
  public long latencyMillis() {
    return latencyMillis;
  }

  /**
   * Used by the server: consumes and returns the error answer for a request, if any.
   *
   * @param verb the verb, e.g. {@code patch}
   * @param resource the resource (plural name), e.g. {@code pods}
   * @param name the name
   * @return the injected, if any
   */
  public Optional<Injected> take(String verb, String resource, String name) {
    return take(verb, resource, name, false);
  }

  /**
   * Used by the server: consumes and returns the error answer for a request, if any.
   *
   * @param continuedList whether the request is a list carrying a continue token
   * @param verb the verb, e.g. {@code patch}
   * @param resource the resource (plural name), e.g. {@code pods}
   * @param name the name
   * @return the injected, if any
   */
  public Optional<Injected> take(String verb, String resource, String name, boolean continuedList) {
    return consume(verb, resource, name,
        e -> e == Effect.ANSWER || (continuedList && e == Effect.ANSWER_CONTINUED_LIST));
  }

  /**
   * Used by the server: whether to serve this request but drop its answer (consumes the fault).
   *
   * @param verb the verb, e.g. {@code patch}
   * @param resource the resource (plural name), e.g. {@code pods}
   * @param name the name
   * @return whether a drop fault matched (the request is applied, its answer dropped)
   */
  public boolean takeDrop(String verb, String resource, String name) {
    return consume(verb, resource, name, e -> e == Effect.DROP_AFTER_APPLYING).isPresent();
  }

  private Optional<Injected> consume(String verb, String resource, String name,
      java.util.function.Predicate<Effect> effects) {
    synchronized (rules) {
      for (Rule r : rules) {
        if (r.remaining > 0
            && effects.test(r.effect)
            && ("*".equals(r.verb) || r.verb.equals(verb))
            && ("*".equals(r.resource) || r.resource.equals(resource))
            && (r.name == null || r.name.equals(name))) {
          r.remaining--;
          if (r.remaining == 0) {
            rules.remove(r);
          }
          return Optional.of(r.answer);
        }
      }
    }
    return Optional.empty();
  }

  private static String reasonOf(int status) {
    return switch (status) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      case 410 -> "Expired";
      case 422 -> "Invalid";
      case 429 -> "TooManyRequests";
      case 503 -> "ServiceUnavailable";
      case 504 -> "Timeout";
      default -> "InternalError";
    };
  }
}
