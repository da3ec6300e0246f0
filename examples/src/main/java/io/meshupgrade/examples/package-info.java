/** examples. */
package io.meshupgrade.examples;
