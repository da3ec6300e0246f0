/** What a caller passes to the upgrader: upgrade and restart options and the policy on a failed health check. */
package io.meshupgrade.options;
