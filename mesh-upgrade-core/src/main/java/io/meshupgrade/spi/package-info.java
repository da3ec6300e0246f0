/**
 * The ports the orchestrator drives: {@link io.meshupgrade.spi.MeshControlPlane} (what ARM does),
 * {@link io.meshupgrade.spi.MeshDataPlane} (what kubectl does), {@link io.meshupgrade.spi.PlanStore},
 * {@link io.meshupgrade.spi.UpgradeLock} and {@link io.meshupgrade.spi.HealthCheck} (told a
 * {@link io.meshupgrade.spi.HealthCheckContext} at each attempt). Adapters implement them; SDK and client types never
 * cross them. The artifact {@code mesh-upgrade-tck} holds a contract test class per port ({@code PlanStoreContract},
 * ...) that an adapter's tests extend to prove the implementation, and in-memory fakes of every port.
 */
package io.meshupgrade.spi;
