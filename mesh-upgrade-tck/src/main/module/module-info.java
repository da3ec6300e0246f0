/**
 * mesh-upgrade TCK: abstract contract tests for every port of the core ({@code io.meshupgrade.tck}) and the
 * in-memory fakes that pass them ({@code io.meshupgrade.tck.fakes}). An implementation of a port extends the
 * matching contract in its own tests.
 *
 * <p>Requires JUnit Jupiter's API and AssertJ transitively: the contracts are JUnit test classes, and a subclass
 * compiles against their annotations and assertions.
 */
module io.meshupgrade.tck {
  requires transitive io.meshupgrade;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;

  exports io.meshupgrade.tck;
  exports io.meshupgrade.tck.fakes;
}
