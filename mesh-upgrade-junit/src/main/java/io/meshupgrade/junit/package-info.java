/** mesh-upgrade-junit. */
package io.meshupgrade.junit;
