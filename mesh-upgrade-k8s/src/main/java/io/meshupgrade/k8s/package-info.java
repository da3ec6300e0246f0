/** mesh-upgrade-k8s. */
package io.meshupgrade.k8s;
