/**
 * mesh-upgrade JUnit 5 extension: {@link io.meshupgrade.junit.SimulatedAks} runs each test against a simulated AKS
 * cluster; {@link io.meshupgrade.junit.MeshAssertions} asserts on it.
 *
 * <p>Exports {@code io.meshupgrade.junit} only ({@code io.meshupgrade.junit.internal} is not API). The adapters, the
 * testkit, JUnit's API and AssertJ are required transitively because the extension's parameters and assertions
 * expose their types. A {@link io.meshupgrade.junit.ClusterCustomizer} of a test on the module path must be in a
 * package that the test module opens to {@code io.meshupgrade.junit} (the extension creates it reflectively, as
 * JUnit does with test classes).
 */
@SuppressWarnings("requires-automatic")
module io.meshupgrade.junit {
  requires transitive io.meshupgrade;
  requires transitive io.meshupgrade.azure;
  requires transitive io.meshupgrade.k8s;
  requires transitive io.meshupgrade.testkit;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;
  requires io.kubernetes.client.java;
  requires okhttp3;
  requires org.junit.platform.commons;

  exports io.meshupgrade.junit;
}
