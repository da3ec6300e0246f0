/** The unchecked exceptions of mesh-upgrade, all under MeshUpgradeException, each carrying the context to act on. */
package io.meshupgrade.exception;
