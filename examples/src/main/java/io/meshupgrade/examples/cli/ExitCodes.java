package io.meshupgrade.examples.cli;

/** The exit codes of the {@code mesh-upgrade} program; scripts can tell the outcomes apart. */
public final class ExitCodes {
  /** Done: completed, nothing to do, or stopped where asked. */
  public static final int SUCCESS = 0;
  /** An unexpected failure (a port failed); the plan keeps its checkpoint: run again to resume. */
  public static final int FAILED = 1;
  /** The command line was wrong. */
  public static final int USAGE = 2;
  /** Refused before changing anything (a rule, a stale canary, an interlock, the cluster not ready). */
  public static final int REFUSED = 3;
  /** A health check failed and the upgrade was rolled back. */
  public static final int ROLLED_BACK = 4;
  /** Halted with both control planes kept; inspect, then resume or roll back. */
  public static final int HALTED = 5;
  /** Another upgrade run holds the cluster's lock. */
  public static final int LOCKED = 6;

  private ExitCodes() {}
}
