package io.meshupgrade.testkit.arm.internal;

import java.time.Duration;

/**
 * How the next long-running operation behaves. Immutable. Not API.
 *
 * @param outcome Succeeded, Failed or Canceled
 * @param errorCode ARM error code when Failed
 * @param errorMessage ARM error message when Failed
 * @param steps extra InProgress steps, or -1 for the server default
 * @param minDuration minimum running time
 * @param gate a gate to wait for, or null
 */
record OperationSpec(
    String outcome, String errorCode, String errorMessage, int steps, Duration minDuration, Gate gate) {

  static final OperationSpec DEFAULT = new OperationSpec("Succeeded", null, null, -1, Duration.ZERO, null);

  OperationSpec withOutcome(String o, String code, String message) {
    return new OperationSpec(o, code, message, steps, minDuration, gate);
  }

  OperationSpec withSteps(int s) {
    return new OperationSpec(outcome, errorCode, errorMessage, s, minDuration, gate);
  }

  OperationSpec withMinDuration(Duration d) {
    return new OperationSpec(outcome, errorCode, errorMessage, steps, d, gate);
  }

  OperationSpec withGate(Gate g) {
    return new OperationSpec(outcome, errorCode, errorMessage, steps, minDuration, g);
  }
}
