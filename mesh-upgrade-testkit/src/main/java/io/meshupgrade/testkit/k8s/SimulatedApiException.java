package io.meshupgrade.testkit.k8s;

import io.meshupgrade.exception.MeshUpgradeException;
import java.util.Objects;

/**
 * An API error of the simulator, carried as the Kubernetes {@code Status} it is served as over HTTP (code, reason,
 * message, details). Thrown by the Java API of {@link ObjectStore}; immutable.
 */
public final class SimulatedApiException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  /** Serialized: the value of {@link #code()}. */
  private final int code;
  /** Serialized: the value of {@link #reason()}. */
  private final String reason;
  /** Serialized: the value of {@link #detailsName()}. */
  private final String detailsName;
  /** Serialized: the value of {@link #detailsGroup()}. */
  private final String detailsGroup;
  /** Serialized: the value of {@link #detailsKind()}. */
  private final String detailsKind;
  /** Serialized: the value of {@link #retryAfterSeconds()}. */
  private final long retryAfterSeconds;

  /**
   * @param code HTTP status code, e.g. 404
   * @param reason Kubernetes reason, e.g. {@code NotFound}
   * @param message the Status message, e.g. {@code pods "a" not found}
   * @param detailsName the object name in {@code details.name}, or null
   * @param detailsGroup the API group in {@code details.group}, or null
   * @param detailsKind the resource in {@code details.kind} (the plural, as the API server writes it), or null
   * @param retryAfterSeconds seconds for {@code Retry-After} (429), 0 for none
   */
  public SimulatedApiException(
      int code,
      String reason,
      String message,
      String detailsName,
      String detailsGroup,
      String detailsKind,
      long retryAfterSeconds) {
    super(Objects.requireNonNull(message, "message"));
    this.code = code;
    this.reason = Objects.requireNonNull(reason, "reason");
    this.detailsName = detailsName;
    this.detailsGroup = detailsGroup;
    this.detailsKind = detailsKind;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * 404 NotFound for an object.
   *
   * @param r the API resource
   * @param name the name
   * @return the simulated api exception
   */
  public static SimulatedApiException notFound(ApiResource r, String name) {
    return new SimulatedApiException(
        404, "NotFound", r.qualifiedName() + " \"" + name + "\" not found", name, groupOrNull(r), r.plural(), 0);
  }

  /**
   * 409 AlreadyExists for an object.
   *
   * @param r the API resource
   * @param name the name
   * @return the simulated api exception
   */
  public static SimulatedApiException alreadyExists(ApiResource r, String name) {
    return new SimulatedApiException(
        409,
        "AlreadyExists",
        r.qualifiedName() + " \"" + name + "\" already exists",
        name,
        groupOrNull(r),
        r.plural(),
        0);
  }

  /**
   * 409 Conflict on a stale resourceVersion.
   *
   * @param r the API resource
   * @param name the name
   * @return the simulated api exception
   */
  public static SimulatedApiException conflict(ApiResource r, String name) {
    return new SimulatedApiException(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + r.qualifiedName()
            + " \""
            + name
            + "\": the object has been modified; please apply your changes to the latest version and try again",
        name,
        groupOrNull(r),
        r.plural(),
        0);
  }

  /**
   * 400 BadRequest.
   *
   * @param message what went wrong and what to do next
   * @return the simulated api exception
   */
  public static SimulatedApiException badRequest(String message) {
    return new SimulatedApiException(400, "BadRequest", message, null, null, null, 0);
  }

  /**
   * 422 Invalid for an object.
   *
   * @param r the API resource
   * @param name the name
   * @param message what went wrong and what to do next
   * @return the simulated api exception
   */
  public static SimulatedApiException invalid(ApiResource r, String name, String message) {
    return new SimulatedApiException(
        422,
        "Invalid",
        r.kind() + " \"" + name + "\" is invalid: " + message,
        name,
        groupOrNull(r),
        r.kind(),
        0);
  }

  private static String groupOrNull(ApiResource r) {
    return r.group().isEmpty() ? null : r.group();
  }

  /** {@return the HTTP status code, e.g. 404} */
  public int code() {
    return code;
  }

  /** {@return the Kubernetes reason, e.g. {@code NotFound}} */
  public String reason() {
    return reason;
  }

  /** {@return the object name in {@code details.name}, or null} */
  public String detailsName() {
    return detailsName;
  }

  /** {@return the API group in {@code details.group}, or null} */
  public String detailsGroup() {
    return detailsGroup;
  }

  /** {@return the resource in {@code details.kind}, or null} */
  public String detailsKind() {
    return detailsKind;
  }

  /** {@return the seconds for {@code Retry-After} (429), 0 for none} */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
