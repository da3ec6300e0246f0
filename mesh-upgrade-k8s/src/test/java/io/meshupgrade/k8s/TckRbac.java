package io.meshupgrade.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.testkit.k8s.KubernetesSimulator;
import io.meshupgrade.testkit.k8s.RequestLog;
import java.util.Set;
import java.util.TreeSet;

/** The RBAC check of {@link SimulatedClusterTest}, for the *TckTest classes (which extend the TCK's contracts). */
final class TckRbac {
  private TckRbac() {}

  /** Every (verb, resource, namespace) the simulator served is granted by the shipped ClusterRole and Role. */
  static void assertGranted(KubernetesSimulator sim) {
    RbacRole role = RbacRole.shipped();
    Set<String> missing = new TreeSet<>();
    for (RequestLog.Entry e : sim.requestLog().entries()) {
      if (!role.grants(e.verb(), e.group(), e.rbacResource(), e.namespace())) {
        missing.add(SimulatedClusterTest.key(e.verb(), e.group(), e.rbacResource())
            + (e.namespace() == null ? "" : " in " + e.namespace()));
      }
    }
    assertThat(missing).as("requests not granted by " + RbacRole.FILES).isEmpty();
  }
}
