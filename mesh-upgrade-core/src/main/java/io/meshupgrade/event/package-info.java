/**
 * Progress events of a {@link io.meshupgrade.MeshUpgrader} run: records implementing
 * {@link io.meshupgrade.event.UpgradeEvent}, each with its {@link io.meshupgrade.event.UpgradeEvent.Kind}, delivered
 * to {@link io.meshupgrade.event.UpgradeListener}s. New kinds of event are added in minor releases (a compatible
 * change): listeners ignore kinds they do not know.
 */
package io.meshupgrade.event;
