package io.meshupgrade.testkit.arm.internal;

import io.meshupgrade.testkit.arm.OperationGate;
import java.util.concurrent.atomic.AtomicBoolean;

/** An {@link OperationGate} backed by a flag. Thread-safe. Not API. */
final class Gate implements OperationGate {
  private final AtomicBoolean released = new AtomicBoolean();

  @Override
  public void release() {
    released.set(true);
  }

  @Override
  public boolean isReleased() {
    return released.get();
  }
}
