package io.meshupgrade.tck.fakes;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts the calls made to the in-memory ports (shared by all of one world's fakes) and simulates a process crash
 * at a chosen call: the N-th call throws {@link SimulatedCrash} once, before it does anything.
 */
public final class CallLog {

  /** Thrown in place of a port call to simulate the process dying there. */
  public static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the crash of one call.
     *
     * @param call the name of the port call that crashed, such as {@code cp.startUpgrade}
     * @param n the 1-based position of that call in the log
     */
    public SimulatedCrash(String call, int n) {
      super("simulated crash at call " + n + " (" + call + ")");
    }
  }

  private final List<String> calls = new ArrayList<>();
  private int mutations;
  private int crashAt = -1;

  /**
   * Records a call; throws once when it is the crash point.
   *
   * @param name the port call, as {@code port.method} (such as {@code store.save})
   * @param mutating whether the call changes state (it then counts in {@link #mutations()}); a crashed call does not
   * @throws SimulatedCrash when this is the {@link #crashAt(int) crash point}, before the call does anything
   */
  public synchronized void call(String name, boolean mutating) {
    calls.add(name);
    if (calls.size() == crashAt) {
      crashAt = -1;
      throw new SimulatedCrash(name, calls.size());
    }
    if (mutating) {
      mutations++;
    }
  }

  /**
   * Crash at the {@code n}-th call from now on (1-based, counted from the start of the log).
   *
   * @param n the position of the call that throws {@link SimulatedCrash}, once; a position already passed never
   *     comes
   */
  public synchronized void crashAt(int n) {
    this.crashAt = n;
  }

  /** {@return how many calls were recorded, the crashed one included} */
  public synchronized int calls() {
    return calls.size();
  }

  /** {@return the names of the recorded calls, in the order they were made} */
  public synchronized List<String> names() {
    return List.copyOf(calls);
  }

  /** {@return how many state-changing calls were recorded, a crashed one excluded} */
  public synchronized int mutations() {
    return mutations;
  }
}
