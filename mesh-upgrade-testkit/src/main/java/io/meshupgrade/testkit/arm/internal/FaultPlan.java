package io.meshupgrade.testkit.arm.internal;

import io.meshupgrade.testkit.arm.ArmCall;
import io.meshupgrade.testkit.arm.ArmFaults;
import io.meshupgrade.testkit.arm.OperationGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The pending faults of one fake ARM server. Thread-safe (synchronized). Not API. */
public final class FaultPlan implements ArmFaults {

  /** What to do instead of serving a request. */
  sealed interface RequestFault permits Respond, Drop, Hook {}

  /** Answer with an ARM error. */
  record Respond(int status, String code, String message, Duration retryAfter) implements RequestFault {}

  /** Run an action, then serve normally. */
  record Hook(Runnable action) implements RequestFault {}

  /** Close the connection without answering. */
  record Drop() implements RequestFault {}

  private static final class Pending {
    final ArmCall call;
    final RequestFault fault;
    int remaining;

    Pending(ArmCall call, RequestFault fault, int remaining) {
      this.call = call;
      this.fault = fault;
      this.remaining = remaining;
    }
  }

  private final List<Pending> pending = new ArrayList<>();
  private OperationSpec nextOperation = OperationSpec.DEFAULT;

  @Override
  public synchronized ArmFaults throttle(ArmCall call, int times, Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative, got " + retryAfter);
    }
    return add(call, times, new Respond(429, "TooManyRequests",
        "The request is being throttled as the limit has been reached for operation type - Write_ObservationWindow_00:01:00.",
        retryAfter));
  }

  @Override
  public synchronized ArmFaults serverError(ArmCall call, int times, int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("status must be 500..599, got " + status);
    }
    String code = switch (status) {
      case 500 -> "InternalServerError";
      case 502 -> "BadGateway";
      case 503 -> "ServiceUnavailable";
      case 504 -> "GatewayTimeout";
      default -> "InternalServerError";
    };
    return add(call, times, new Respond(status, code,
        "An error has occurred in the service (injected by the fake ARM server). Please retry later.", null));
  }

  @Override
  public synchronized ArmFaults error(ArmCall call, int times, int status, String code, String message) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 400..599, got " + status);
    }
    return add(call, times, new Respond(status, code, message, null));
  }

  @Override
  public synchronized ArmFaults dropConnection(ArmCall call, int times) {
    return add(call, times, new Drop());
  }

  @Override
  public synchronized ArmFaults runBeforeNext(ArmCall call, Runnable action) {
    Objects.requireNonNull(action, "action");
    return add(call, 1, new Hook(action));
  }

  @Override
  public synchronized ArmFaults failNextOperation(String code, String message) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    nextOperation = nextOperation.withOutcome("Failed", code, message);
    return this;
  }

  @Override
  public synchronized ArmFaults cancelNextOperation() {
    nextOperation = nextOperation.withOutcome("Canceled", "Canceled", "The operation was canceled.");
    return this;
  }

  @Override
  public synchronized ArmFaults slowNextOperation(int inProgressSteps) {
    if (inProgressSteps < 0) {
      throw new IllegalArgumentException("inProgressSteps must be >= 0, got " + inProgressSteps);
    }
    nextOperation = nextOperation.withSteps(inProgressSteps);
    return this;
  }

  @Override
  public synchronized ArmFaults slowNextOperation(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, got " + duration);
    }
    nextOperation = nextOperation.withMinDuration(duration);
    return this;
  }

  @Override
  public synchronized OperationGate holdNextOperation() {
    Gate gate = new Gate();
    nextOperation = nextOperation.withGate(gate);
    return gate;
  }

  @Override
  public synchronized void clear() {
    pending.clear();
    nextOperation = OperationSpec.DEFAULT;
  }

  /** Takes the first pending fault aimed at this call, if any. */
  synchronized Optional<RequestFault> take(ArmCall call) {
    for (Pending p : pending) {
      if (p.call.matches(call) && p.remaining > 0) {
        p.remaining--;
        if (p.remaining == 0) {
          pending.remove(p);
        }
        return Optional.of(p.fault);
      }
    }
    return Optional.empty();
  }

  /** Takes the behaviour of the next operation, resetting it to the default. */
  synchronized OperationSpec takeNextOperation() {
    OperationSpec spec = nextOperation;
    nextOperation = OperationSpec.DEFAULT;
    return spec;
  }

  private ArmFaults add(ArmCall call, int times, RequestFault fault) {
    Objects.requireNonNull(call, "call");
    if (times < 1) {
      throw new IllegalArgumentException("times must be >= 1, got " + times);
    }
    if (call == ArmCall.UNKNOWN) {
      throw new IllegalArgumentException("aim faults at a served call or ANY, not UNKNOWN");
    }
    pending.add(new Pending(call, fault, times));
    return this;
  }
}
