/** mesh-upgrade-core. */
package io.meshupgrade;
