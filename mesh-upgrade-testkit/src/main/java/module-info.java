/**
 * mesh-upgrade testkit: a fake ARM server ({@code io.meshupgrade.testkit.arm}), a Kubernetes API simulator
 * ({@code io.meshupgrade.testkit.k8s}) and the simulated AKS cluster that joins them ({@code io.meshupgrade.testkit}).
 *
 * <p>The {@code internal} packages are not exported. Requires Jackson transitively because
 * {@link io.meshupgrade.testkit.k8s.ClusterSeed} takes Jackson {@code ObjectNode}s, and {@code jdk.httpserver} for the
 * servers. The ARM fixtures are read by the module's own code, so their package is not opened.
 */
module io.meshupgrade.testkit {
  requires transitive io.meshupgrade;
  requires transitive com.fasterxml.jackson.databind;
  requires jdk.httpserver;
  requires org.slf4j;

  exports io.meshupgrade.testkit;
  exports io.meshupgrade.testkit.arm;
  exports io.meshupgrade.testkit.k8s;
}
