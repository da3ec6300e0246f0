/**
 * mesh-upgrade Azure adapter: {@link io.meshupgrade.azure.AzureMeshControlPlane}, the control plane port over ARM.
 *
 * <p>Exports {@code io.meshupgrade.azure} only ({@code io.meshupgrade.azure.internal} is not API). Requires
 * {@code com.azure.core} transitively because the builder takes its {@code TokenCredential}, {@code HttpClient} and
 * {@code HttpPipeline}.
 */
module io.meshupgrade.azure {
  requires transitive io.meshupgrade;
  requires transitive com.azure.core;
  requires com.azure.core.management;
  requires com.azure.identity;
  requires com.azure.json;
  requires com.azure.resourcemanager.containerservice;
  requires com.azure.resourcemanager.resources;
  requires org.slf4j;

  exports io.meshupgrade.azure;
}
