/**
 * A JUnit 5 extension that runs tests against a simulated AKS cluster with the Istio add-on ({@link
 * io.meshupgrade.junit.SimulatedAks}, {@link io.meshupgrade.junit.SimulatedAksExtension}), the production adapters
 * wired to it ({@link io.meshupgrade.junit.SimulatedAksAdapters}), and AssertJ-style assertions on its mesh state
 * ({@link io.meshupgrade.junit.MeshAssertions}).
 */
package io.meshupgrade.junit;
