/**
 * JMH micro-benchmarks of the hot pure paths of the core (revision parsing, upgrade rules, pod inventory queries over
 * 50,000 pods, checkpoint round trip), each with a baseline in the same class where one makes sense. Run them with
 * {@code -Dbench.args=jmh} (see {@link io.meshupgrade.benchmarks.BenchmarkMain}) or with JMH's own
 * {@code org.openjdk.jmh.Main} on the module's classpath.
 */
package io.meshupgrade.benchmarks.jmh;
