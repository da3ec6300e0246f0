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

    public SimulatedCrash(String call, int n) {
      super("simulated crash at call " + n + " (" + call + ")");
    }
  }

  private final List<String> calls = new ArrayList<>();
  private int mutations;
  private int crashAt = -1;

  /** Records a call; throws once when it is the crash point. */
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

  /** Crash at the {@code n}-th call from now on (1-based, counted from the start of the log). */
  public synchronized void crashAt(int n) {
    this.crashAt = n;
  }

  public synchronized int calls() {
    return calls.size();
  }

  public synchronized List<String> names() {
    return List.copyOf(calls);
  }

  public synchronized int mutations() {
    return mutations;
  }
}
