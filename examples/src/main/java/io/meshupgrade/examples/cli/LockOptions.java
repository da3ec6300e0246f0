package io.meshupgrade.examples.cli;

import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The cluster lock of the mutating verbs: a short lease renewed while the run lives (so that a crashed run blocks the
 * cluster for at most one ttl), and the explicit take-over of a lease whose holder is known to be gone.
 */
final class LockOptions {
  /** The CLI's lease ttl unless --lock-ttl says otherwise; the upgrader renews it every third of it. */
  static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
  static final Duration MIN_TTL = Duration.ofSeconds(6);

  @Option(scope = ScopeType.INHERIT, names = "--take-over", paramLabel = "<holder>", description = "take the cluster's "
      + "lock over from this holder (exactly as the refusal printed it, e.g. alice@host/3f9a1c), a run that is gone; "
      + "refused if anyone else holds it")
  String takeOver;

  @Option(scope = ScopeType.INHERIT, names = "--lock-ttl", description = "how long the cluster's lock outlives a "
      + "crashed run; renewed every third of it while this run lives (default: ${DEFAULT-VALUE})",
      defaultValue = "PT60S")
  Duration ttl = DEFAULT_TTL;

  /** Throws a usage error for a blank holder or a ttl too short to renew. */
  void validate() {
    if (takeOver != null && takeOver.isBlank()) {
      throw new IllegalArgumentException("--take-over needs the holder to replace, exactly as the refusal printed"
          + " it, e.g. --take-over alice@host/3f9a1c");
    }
    if (ttl.compareTo(MIN_TTL) < 0) {
      throw new IllegalArgumentException("--lock-ttl must be at least " + MIN_TTL + " (renewed every third of it),"
          + " got " + ttl + "; e.g. --lock-ttl PT60S");
    }
  }

  /** Who this process is in the lock, before the upgrader's nonce: user@host. */
  static String holderName() {
    String user = System.getProperty("user.name", "mesh-upgrade");
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "localhost";
      }
    }
    return (user == null || user.isBlank() ? "mesh-upgrade" : user) + "@" + host;
  }
}
