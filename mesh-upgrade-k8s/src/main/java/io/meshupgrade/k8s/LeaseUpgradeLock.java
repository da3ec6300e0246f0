package io.meshupgrade.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meshupgrade.exception.ConcurrentUpgradeException;
import io.meshupgrade.exception.RemoteCallException;
import io.meshupgrade.k8s.internal.KubeCalls;
import io.meshupgrade.k8s.internal.KubeCalls.Op;
import io.meshupgrade.k8s.internal.Names;
import io.meshupgrade.spi.UpgradeLock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link UpgradeLock} as a coordination.k8s.io/v1 Lease ({@code mesh-upgrade-lock} in aks-istio-system by default):
 * {@code holderIdentity}, {@code leaseDurationSeconds} and {@code renewTime}. A lease held by another run and not
 * expired ({@code renewTime + leaseDurationSeconds} in the future) refuses with a {@link ConcurrentUpgradeException}
 * naming the holder; an expired one is taken over. Every write replaces the Lease with the resourceVersion read, so
 * two runs racing for it cannot both win. Needs get, create and update on leases in that namespace
 * ({@code mesh-upgrade-k8s/rbac/role.yaml} grants them in aks-istio-system).
 *
 * <p>Thread-safe.
 */
public final class LeaseUpgradeLock implements UpgradeLock {
  /** The default Lease name. */
  public static final String DEFAULT_NAME = "mesh-upgrade-lock";
  private static final int MAX_RACES = 5;

  private final CoordinationV1Api api;
  private final String namespace;
  private final String name;
  private final Clock clock;
  private final KubeCalls calls;

  /**
   * The lock {@value #DEFAULT_NAME} in aks-istio-system, with the system clock.
   *
   * @param client the Kubernetes API client
   */
  public LeaseUpgradeLock(ApiClient client) {
    this(client, Names.SYSTEM_NAMESPACE, DEFAULT_NAME, Clock.systemUTC());
  }

  /**
   * A lock named {@code name} in {@code namespace}; {@code clock} decides expiry and stamps renewTime.
   *
   * @param client the Kubernetes API client
   * @param namespace the namespace
   * @param name the name
   * @param clock the time source
   */
  public LeaseUpgradeLock(ApiClient client, String namespace, String name, Clock clock) {
    this.api = new CoordinationV1Api(Objects.requireNonNull(client, "client"));
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.name = Objects.requireNonNull(name, "name");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.calls = new KubeCalls(5, Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  @Override
  public Held acquire(String holder, Duration ttl) {
    int seconds = seconds(holder, ttl);
    return racing(() -> {
      V1Lease lease = read();
      OffsetDateTime now = now();
      if (lease == null) {
        V1Lease fresh = new V1Lease().apiVersion("coordination.k8s.io/v1").kind("Lease")
            .metadata(new V1ObjectMeta().name(name).namespace(namespace))
            .spec(new V1LeaseSpec().holderIdentity(holder).leaseDurationSeconds(seconds).acquireTime(now)
                .renewTime(now).leaseTransitions(0));
        calls.execute(Op.of("create", "leases", namespace, name),
            () -> api.createNamespacedLease(namespace, fresh).execute());
        return new HeldLease(holder, seconds, java.util.Optional.empty());
      }
      V1LeaseSpec spec = lease.getSpec() == null ? new V1LeaseSpec() : lease.getSpec();
      String current = spec.getHolderIdentity();
      boolean free = current == null || current.isEmpty() || current.equals(holder) || expired(spec);
      if (!free) {
        throw new ConcurrentUpgradeException(current, "Lease " + namespace + "/" + name + " held until "
            + expiry(spec));
      }
      if (current != null && !current.isEmpty() && !current.equals(holder)) {
        spec.setLeaseTransitions((spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions()) + 1);
      }
      if (!holder.equals(current)) {
        spec.setAcquireTime(now);
      }
      spec.holderIdentity(holder).leaseDurationSeconds(seconds).renewTime(now);
      lease.setSpec(spec);
      replace(lease);
      return new HeldLease(holder, seconds, java.util.Optional.empty());
    });
  }

  /**
   * Takes the Lease over from {@code replaced} (a run known to be gone) before it expires: only when its
   * {@code holderIdentity} is exactly {@code replaced}, by a replace carrying the resourceVersion read, so that of two
   * runs taking over the same Lease only the first write wins; the other re-reads, finds the winner and is refused.
   * A free or expired Lease is acquired as by {@link #acquire}.
   *
   * @throws ConcurrentUpgradeException naming the actual holder (and {@code replaced}) when someone else holds it
   */
  @Override
  public Held takeOver(String holder, String replaced, Duration ttl) {
    Objects.requireNonNull(replaced, "replaced");
    if (replaced.isBlank()) {
      throw new IllegalArgumentException("the holder to take over must not be blank");
    }
    if (replaced.equals(holder)) {
      throw new IllegalArgumentException("cannot take the lock over from oneself (" + holder + ")");
    }
    int seconds = seconds(holder, ttl);
    return racing(() -> {
      V1Lease lease = read();
      V1LeaseSpec spec = lease == null || lease.getSpec() == null ? null : lease.getSpec();
      String current = spec == null ? null : spec.getHolderIdentity();
      if (holder.equals(current)) {
        // our own take-over landed although its answer was lost (holders are unique per run)
        return new HeldLease(holder, seconds, java.util.Optional.of(replaced));
      }
      if (!replaced.equals(current)) {
        if (current != null && !current.isEmpty() && !expired(spec)) {
          throw new ConcurrentUpgradeException(current, "Lease " + namespace + "/" + name + " is held by " + current
              + ", not by " + replaced + " as the take-over named; refused: take over only the exact holder of a run"
              + " that is gone (held until " + expiry(spec) + ")");
        }
        return acquire(holder, ttl);
      }
      OffsetDateTime now = now();
      spec.setLeaseTransitions((spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions()) + 1);
      spec.holderIdentity(holder).leaseDurationSeconds(seconds).acquireTime(now).renewTime(now);
      replace(lease);
      return new HeldLease(holder, seconds, java.util.Optional.of(replaced));
    });
  }

  private static int seconds(String holder, Duration ttl) {
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(ttl, "ttl");
    if (holder.isBlank()) {
      throw new IllegalArgumentException("holder must not be blank: expected an identity such as host/pid");
    }
    if (ttl.getSeconds() < 1) {
      throw new IllegalArgumentException("ttl must be at least one second, got " + ttl);
    }
    return (int) Math.min(Integer.MAX_VALUE, ttl.toSeconds() + (ttl.toNanosPart() > 0 ? 1 : 0));
  }

  /**
   * The one read-modify-write race loop of acquire, renew and close: runs {@code attempt} (which reads the Lease and
   * writes it with the resourceVersion read) again while another writer wins in between (409), at most
   * {@value #MAX_RACES} more times. A write that landed although its answer was lost also ends in a 409 on the retry;
   * the next attempt then reads our own write and finds the Lease already as wanted.
   */
  private <T> T racing(Supplier<T> attempt) {
    for (int race = 0; ; race++) {
      try {
        return attempt.get();
      } catch (RemoteCallException e) {
        if (e.httpStatus() != 409 || race >= MAX_RACES) {
          throw e;
        }
        // another run wrote the Lease between our read and write: read it again
      }
    }
  }

  /** Replaces the Lease; the resourceVersion it was read with is the precondition. */
  private void replace(V1Lease lease) {
    calls.execute(Op.of("update", "leases", namespace, name),
        () -> api.replaceNamespacedLease(name, namespace, lease).execute());
  }

  private V1Lease read() {
    try {
      return calls.execute(Op.of("get", "leases", namespace, name),
          () -> api.readNamespacedLease(name, namespace).execute());
    } catch (RemoteCallException e) {
      if (KubeCalls.isNotFound(e)) {
        return null;
      }
      throw e;
    }
  }

  private boolean expired(V1LeaseSpec spec) {
    return !expiry(spec).isAfter(clock.instant());
  }

  private static Instant expiry(V1LeaseSpec spec) {
    OffsetDateTime renew = spec.getRenewTime() != null ? spec.getRenewTime() : spec.getAcquireTime();
    if (renew == null || spec.getLeaseDurationSeconds() == null) {
      return Instant.EPOCH;
    }
    return renew.toInstant().plusSeconds(spec.getLeaseDurationSeconds());
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private final class HeldLease implements Held {
    private final String holder;
    private final int seconds;
    private final java.util.Optional<String> takenOverFrom;

    HeldLease(String holder, int seconds, java.util.Optional<String> takenOverFrom) {
      this.holder = holder;
      this.seconds = seconds;
      this.takenOverFrom = takenOverFrom;
    }

    @Override
    public String holder() {
      return holder;
    }

    @Override
    public java.util.Optional<String> takenOverFrom() {
      return takenOverFrom;
    }

    @Override
    public void renew() {
      racing(() -> {
        V1Lease lease = read();
        String current = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
        if (lease == null || !holder.equals(current)) {
          throw new ConcurrentUpgradeException(current == null || current.isEmpty() ? "(nobody)" : current,
              "Lease " + namespace + "/" + name + " is no longer held by " + holder
                  + "; this run must stop: it was taken over (or released) after expiring");
        }
        lease.getSpec().leaseDurationSeconds(seconds).renewTime(now());
        replace(lease);
        return null;
      });
    }

    @Override
    public void close() {
      racing(() -> {
        V1Lease lease = read();
        if (lease == null || lease.getSpec() == null || !holder.equals(lease.getSpec().getHolderIdentity())) {
          return null; // not ours any more: nothing to release
        }
        lease.getSpec().holderIdentity(null).renewTime(null).acquireTime(null);
        replace(lease);
        return null;
      });
    }
  }
}
