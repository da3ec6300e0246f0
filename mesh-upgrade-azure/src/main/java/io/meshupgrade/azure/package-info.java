/** mesh-upgrade-azure. */
package io.meshupgrade.azure;
