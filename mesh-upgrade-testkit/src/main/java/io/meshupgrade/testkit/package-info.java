/** mesh-upgrade-testkit. */
package io.meshupgrade.testkit;
