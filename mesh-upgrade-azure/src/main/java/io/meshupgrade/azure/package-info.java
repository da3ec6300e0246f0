/**
 * The Azure side of a mesh upgrade: {@link io.meshupgrade.azure.AzureMeshControlPlane}, the
 * {@link io.meshupgrade.spi.MeshControlPlane} over Azure Resource Manager (azure-resourcemanager-containerservice).
 */
package io.meshupgrade.azure;
