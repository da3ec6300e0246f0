/**
 * The ports the orchestrator drives: {@link io.meshupgrade.spi.MeshControlPlane} (what ARM does),
 * {@link io.meshupgrade.spi.MeshDataPlane} (what kubectl does), {@link io.meshupgrade.spi.PlanStore},
 * {@link io.meshupgrade.spi.UpgradeLock} and {@link io.meshupgrade.spi.HealthCheck}. Adapters implement them;
 * SDK and client types never cross them.
 */
package io.meshupgrade.spi;
