package io.meshupgrade.testkit.arm;

import java.time.Duration;

/**
 * Failures to inject into the fake ARM server. Request faults are consumed in the order they were added, one per
 * matching request; operation faults apply to the next long-running operation a PUT starts (and may be combined,
 * e.g. slow and then Failed).
 *
 * <p>Thread-safe: faults may be added while requests are being served.
 */
public interface ArmFaults {

  /**
   * The next {@code times} matching requests get 429 TooManyRequests with a {@code Retry-After} header.
   *
   * @param call which requests; {@link ArmCall#ANY} for all
   * @param times how many requests, at least 1
   * @param retryAfter the delay announced in {@code Retry-After} (whole seconds, rounded up; zero allowed)
   * @return this
   */
  ArmFaults throttle(ArmCall call, int times, Duration retryAfter);

  /**
   * The next {@code times} matching requests get a server error (500 InternalServerError, 503
   * ServiceUnavailable, ...) with ARM's error body.
   *
   * @param call which requests; {@link ArmCall#ANY} for all
   * @param times how many requests, at least 1
   * @param status an HTTP status from 500 to 599
   * @return this
   */
  ArmFaults serverError(ArmCall call, int times, int status);

  /**
   * The next {@code times} matching requests get an arbitrary ARM error.
   *
   * @param call which requests; {@link ArmCall#ANY} for all
   * @param times how many requests, at least 1
   * @param status an HTTP status from 400 to 599
   * @param code ARM's error code, e.g. {@code OperationNotAllowed}
   * @param message ARM's error message
   * @return this
   */
  ArmFaults error(ArmCall call, int times, int status, String code, String message);

  /**
   * The next {@code times} matching requests have their connection closed without any response.
   *
   * @param call which requests; {@link ArmCall#ANY} for all
   * @param times how many requests, at least 1
   * @return this
   */
  ArmFaults dropConnection(ArmCall call, int times);

  /**
   * Runs {@code action} just before the next matching request is served (then serves it normally), e.g.
   * {@code server::touch} to make a client's PUT race with another writer and get a genuine 412.
   *
   * @param call which request; {@link ArmCall#ANY} for the next one
   * @param action what to do first; runs on the server thread, outside the server's lock
   * @return this
   */
  ArmFaults runBeforeNext(ArmCall call, Runnable action);

  /**
   * The next operation ends Failed with this error; the cluster's revisions go back to what they were and its
   * provisioningState becomes Failed.
   *
   * @param code ARM's error code
   * @param message ARM's error message
   * @return this
   */
  ArmFaults failNextOperation(String code, String message);

  /**
   * The next operation ends Canceled; the cluster's revisions go back to what they were and its
   * provisioningState becomes Canceled.
   *
   * @return this
   */
  ArmFaults cancelNextOperation();

  /**
   * The next operation answers InProgress for this many steps (status polls or cluster reads) before it ends.
   *
   * @param inProgressSteps steps before the end, at least 0
   * @return this
   */
  ArmFaults slowNextOperation(int inProgressSteps);

  /**
   * The next operation answers InProgress until this much time has passed on the server's clock.
   *
   * @param duration minimum running time, not negative
   * @return this
   */
  ArmFaults slowNextOperation(Duration duration);

  /**
   * The next operation stays InProgress until the returned gate is released.
   *
   * @return the gate
   */
  OperationGate holdNextOperation();

  /** Removes every pending fault. */
  void clear();
}
