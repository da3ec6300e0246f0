/**
 * mesh-upgrade Azure adapter: {@link io.meshupgrade.azure.AzureMeshControlPlane}, the control plane port over ARM.
 *
 * <p>Exports {@code io.meshupgrade.azure} only ({@code io.meshupgrade.azure.internal} is not API). Requires
 * {@code com.azure.core} and {@code com.azure.core.management} transitively because the builder takes their
 * {@code TokenCredential}, {@code HttpClient}, {@code HttpPipeline}, {@code AzureProfile} and {@code AzureEnvironment}.
 */
module io.meshupgrade.azure {
  requires transitive io.meshupgrade;
  requires transitive com.azure.core;
  requires transitive com.azure.core.management;
  requires com.azure.identity;
  requires com.azure.json;
  requires com.azure.resourcemanager.containerservice;
  requires com.azure.resourcemanager.resources;
  requires org.slf4j;

  exports io.meshupgrade.azure;
}
