/** benchmarks. */
package io.meshupgrade.benchmarks;
