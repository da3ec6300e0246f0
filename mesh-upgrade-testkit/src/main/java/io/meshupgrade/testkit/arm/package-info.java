/**
 * A fake Azure Resource Manager (ARM) for the AKS Istio add-on: an in-process HTTP server that serves the same
 * paths, {@code api-version} query and JSON bodies as ARM for managed clusters, mesh upgrade profiles, mesh
 * revision profiles and asynchronous operations, and enforces the add-on's server-side rules.
 *
 * <p>Entry point: {@link io.meshupgrade.testkit.arm.FakeArmServer#builder()}. State is seeded from
 * {@link io.meshupgrade.testkit.arm.FakeCluster} and {@link io.meshupgrade.testkit.arm.FakeRevisionCatalog};
 * failures are injected through {@link io.meshupgrade.testkit.arm.ArmFaults}; every request is recorded as a
 * {@link io.meshupgrade.testkit.arm.RecordedRequest}.
 */
package io.meshupgrade.testkit.arm;
