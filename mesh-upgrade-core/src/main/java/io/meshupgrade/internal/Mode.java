package io.meshupgrade.internal;

import io.meshupgrade.plan.TransitionTable.Route;

/** What a call wants from a plan. Not API. Immutable. */
enum Mode {
  /** upgrade: forward, with the options' soak and failure policy. */
  FORWARD(Route.FORWARD),
  /** complete: forward to COMPLETED, health gate evaluated once, halt on failure. */
  COMPLETE(Route.FORWARD),
  /** move injection and workloads back, then halt with both control planes kept. */
  ROLLBACK_AND_HALT(Route.ROLLBACK_THEN_HALT),
  /** move injection and workloads back, then remove the new revision. */
  ROLLBACK_FULLY(Route.ROLLBACK_FULLY);

  private final Route route;

  Mode(Route route) {
    this.route = route;
  }

  /** The route of the transition table this mode follows. */
  Route route() {
    return route;
  }

  boolean forward() {
    return route.isForward();
  }

  /** The value recorded in ROLLBACK_STARTED's {@code then} detail. */
  String then() {
    return this == ROLLBACK_FULLY ? "rollback" : "halt";
  }
}
