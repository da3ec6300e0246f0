package io.meshupgrade.exception;


/**
 * A deadline passed while waiting. The operation may still finish; the next call re-reads the state.
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class OperationTimeoutException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  /** Serialized: the value of {@link #operation()}. */
  private final String operation;
  /** Serialized: the value of {@link #waited()}. */
  private final java.time.Duration waited;

  /**
   * {@code operation} did not finish within {@code waited}; {@code detail} (may be null) says what was seen.
   *
   * @param operation the operation
   * @param waited the waited
   * @param detail the detail, in words
   */
  public OperationTimeoutException(String operation, java.time.Duration waited, String detail) {
    super(operation + " did not finish within " + waited + (detail == null ? "" : ": " + detail)
        + ". It may still finish: check the cluster, then call again (the call re-reads the state and resumes)");
    this.operation = operation;
    this.waited = waited;
  }

  /** {@return what was waited for, e.g. {@code startCanary asm-1-19 on cluster rg1/c1}} */
  public String operation() {
    return operation;
  }

  /** {@return how long it was waited for} */
  public java.time.Duration waited() {
    return waited;
  }
}
