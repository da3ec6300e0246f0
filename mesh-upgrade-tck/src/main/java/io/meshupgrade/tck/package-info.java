/**
 * The compatibility kit of the ports: abstract JUnit 5 contract tests that an adapter's own tests extend, as
 * Micrometer's registries extend its test kit. {@link io.meshupgrade.tck.MeshControlPlaneContract},
 * {@link io.meshupgrade.tck.MeshDataPlaneContract}, {@link io.meshupgrade.tck.PlanStoreContract},
 * {@link io.meshupgrade.tck.UpgradeLockContract} and {@link io.meshupgrade.tck.HealthCheckContract} each state
 * what the upgrader relies on of one port; a subclass implements a few factory methods that build the world (a
 * cluster with revisions X, a namespace on revision R, a fresh store) and inherits the tests.
 */
package io.meshupgrade.tck;
