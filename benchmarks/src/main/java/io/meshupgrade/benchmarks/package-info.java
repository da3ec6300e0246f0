/**
 * Measured API cost, speed and memory of mesh-upgrade against baselines written here, each measured in the same run
 * (figures are ratios, never absolute thresholds). Entry point: {@link io.meshupgrade.benchmarks.BenchmarkMain}
 * ({@code mvn -B -ntp -q -Pbench -pl benchmarks -am package -DskipTests}). Not published; never run by
 * {@code mvn verify}.
 */
package io.meshupgrade.benchmarks;
