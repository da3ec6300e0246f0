/**
 * Progress events of a {@link io.meshupgrade.MeshUpgrader} run: a sealed {@link io.meshupgrade.event.UpgradeEvent}
 * hierarchy of records, delivered to {@link io.meshupgrade.event.UpgradeListener}s.
 */
package io.meshupgrade.event;
