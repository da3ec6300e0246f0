/**
 * In-memory implementations of the ports that follow the real systems' rules (ARM's revision rules, a Lease's
 * expiry, a ConfigMap's compare-and-set), for tests of code that drives a {@link io.meshupgrade.MeshUpgrader}:
 * they share one {@link io.meshupgrade.tck.fakes.CallLog} that counts calls and can simulate a crash at any call,
 * and a {@link io.meshupgrade.tck.fakes.MutableClock} whose sleeper advances time instead of waiting.
 */
package io.meshupgrade.tck.fakes;
