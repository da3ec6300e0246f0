package io.meshupgrade;


/** A deadline passed while waiting. The operation may still finish; the next call re-reads the state. */
public class OperationTimeoutException extends MeshUpgradeException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final java.time.Duration waited;

  public OperationTimeoutException(String operation, java.time.Duration waited, String detail) {
    super(operation + " did not finish within " + waited + (detail == null ? "" : ": " + detail)
        + ". It may still finish: check the cluster, then call again (the call re-reads the state and resumes)");
    this.operation = operation;
    this.waited = waited;
  }

  public String operation() {
    return operation;
  }

  public java.time.Duration waited() {
    return waited;
  }
}
