/**
 * mesh-upgrade Kubernetes adapter: {@link io.meshupgrade.k8s.KubernetesMeshDataPlane},
 * {@link io.meshupgrade.k8s.ConfigMapPlanStore} and {@link io.meshupgrade.k8s.LeaseUpgradeLock} over the official
 * Kubernetes Java client.
 *
 * <p>Exports {@code io.meshupgrade.k8s} only ({@code io.meshupgrade.k8s.internal} is not API). The official client
 * ships no module descriptor; its jars carry {@code Automatic-Module-Name}s ({@code io.kubernetes.client.java.api},
 * {@code io.kubernetes.client.java}), which are stable names. The API module is required transitively because the
 * adapters take its {@code ApiClient}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.meshupgrade.k8s {
  requires transitive io.meshupgrade;
  requires transitive io.kubernetes.client.java.api;
  requires io.kubernetes.client.java;
  // the generated client's buildCall(...) returns an okhttp3.Call, handed to PatchUtils
  requires okhttp3;
  requires com.google.gson;
  requires org.slf4j;

  exports io.meshupgrade.k8s;
}
