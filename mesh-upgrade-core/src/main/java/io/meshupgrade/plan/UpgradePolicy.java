package io.meshupgrade.plan;

/**
 * How far one hop may move a supported revision.
 *
 * <p>{@link #ONE_MINOR_AT_A_TIME} is the seed's rule and the default; {@link #ALLOW_SKIP_ONE_MINOR} is what the
 * current AKS documentation describes (n+2 when both revisions are supported). The server's offered upgrades are
 * always the final word: a hop must also be offered.
 *
 * <p>Immutable and thread-safe.
 */
public enum UpgradePolicy {
  /** The seed's rule, the default: one minor per hop. */
  ONE_MINOR_AT_A_TIME(1),
  /** The current AKS documentation: n+1 or n+2 per hop, when both revisions are supported. */
  ALLOW_SKIP_ONE_MINOR(2);

  private final int maxMinors;

  UpgradePolicy(int maxMinors) {
    this.maxMinors = maxMinors;
  }

  /** {@return the largest minor distance one hop may cover} */
  public int maxMinorsPerHop() {
    return maxMinors;
  }
}
