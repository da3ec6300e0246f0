package io.meshupgrade.model;

import static io.meshupgrade.PropertyCases.between;
import static io.meshupgrade.PropertyCases.cases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.PropertyCases;
import io.meshupgrade.PropertyCases.Case;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parse/format round trips and numeric, total ordering of revisions and Kubernetes versions.
 *
 * <p>Each property runs a fixed number of seeded cases (its {@code TRIES}, the size it always had), explicit edge
 * cases first; see {@link PropertyCases}. The seeds are fixed so that every run checks the same cases.
 */
class VersionPropertiesTest {

  private static final int TRIES = 1000;
  private static final int MAX = Integer.MAX_VALUE;

  record Pair(int major, int minor) {
  }

  record TwoRevisions(int m1, int n1, int m2, int n2) {
  }

  record Revisions(Revision a, Revision b, Revision c) {
  }

  record RevisionAndOther(Revision r, Revision other) {
  }

  record KubeText(int major, int minor, int patch, boolean withV) {
  }

  record TwoKubes(int m1, int n1, int p1, int m2, int n2, int p2) {
  }

  private static final long ROUND_TRIP_SEED = 0x5EED_0001L;

  static Stream<Case<Pair>> revisionNumbers() {
    return cases("aRevisionPrintsAsItsNameAndParsesBack", ROUND_TRIP_SEED, TRIES,
        List.of(new Pair(0, 0), new Pair(1, 9), new Pair(1, 10), new Pair(1, 99), new Pair(1, 100),
            new Pair(MAX, MAX), new Pair(0, MAX), new Pair(MAX, 0)),
        r -> new Pair(between(r, 0, MAX), between(r, 0, MAX)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("revisionNumbers")
  void aRevisionPrintsAsItsNameAndParsesBack(Case<Pair> c) {
    c.check(p -> {
      Revision r = Revision.of(p.major(), p.minor());

      assertThat(r.toString()).isEqualTo("asm-" + p.major() + "-" + p.minor());
      assertThat(Revision.parse(r.toString())).isEqualTo(r);
      assertThat(r.istioVersion()).isEqualTo(p.major() + "." + p.minor());
    });
  }

  private static final long ANY_TEXT_SEED = 0x5EED_0002L;

  /** Noise over the revision alphabet, near-valid names, and numbers around the int limit; in thirds. */
  static Stream<Case<String>> revisionLikeText() {
    return cases("anyTextEitherIsRejectedOrIsTheCanonicalNameOfWhatItParsesTo", ANY_TEXT_SEED, TRIES,
        List.of("", "asm-1-9", "asm-1-10", "asm-0-0", "asm-01-9", "asm-1-09", "asm-1-00", "asm--1", "asm-1-", "asm-1",
            "ASM-1-9", " asm-1-9", "asm-1-9 ", "asm-1-2147483647", "asm-1-2147483648", "asm-2147483647-1",
            "asm-1--1", "asm-1-9-1", "asm-x-9"),
        r -> PropertyCases.oneOf(r,
            n -> PropertyCases.string(n, "asm-0123456789 A.x", 14),
            n -> "asm-" + between(n, 0, 40) + "-" + between(n, 0, 40),
            n -> "asm-1-" + between(n, MAX - 2L, MAX + 2L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("revisionLikeText")
  void anyTextEitherIsRejectedOrIsTheCanonicalNameOfWhatItParsesTo(Case<String> c) {
    c.check(text -> {
      Revision r;
      try {
        r = Revision.parse(text);
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).contains("'" + text + "'", Revision.FORM);
        assertThat(Revision.isRevision(text)).isFalse();
        return;
      }
      assertThat(r.toString()).isEqualTo(text);
      assertThat(Revision.isRevision(text)).isTrue();
    });
  }

  private static final long ORDER_SEED = 0x5EED_0003L;

  static Stream<Case<TwoRevisions>> revisionPairs() {
    return cases("revisionsOrderByMajorThenMinorAsIntegers", ORDER_SEED, TRIES,
        List.of(new TwoRevisions(1, 9, 1, 10), new TwoRevisions(1, 10, 1, 9), new TwoRevisions(1, 19, 1, 19),
            new TwoRevisions(0, 0, 0, 0), new TwoRevisions(1, 99, 1, 100), new TwoRevisions(9, 0, 10, 0),
            new TwoRevisions(1, MAX, 2, 0), new TwoRevisions(1000, MAX, 1000, MAX - 1), new TwoRevisions(0, MAX, 1000, 0)),
        r -> new TwoRevisions(between(r, 0, 1000), between(r, 0, MAX), between(r, 0, 1000), between(r, 0, MAX)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("revisionPairs")
  void revisionsOrderByMajorThenMinorAsIntegers(Case<TwoRevisions> c) {
    c.check(t -> {
      Revision a = Revision.parse("asm-" + t.m1() + "-" + t.n1());
      Revision b = Revision.parse("asm-" + t.m2() + "-" + t.n2());
      int expected = t.m1() != t.m2() ? Integer.compare(t.m1(), t.m2()) : Integer.compare(t.n1(), t.n2());

      assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(expected));
      assertThat(Integer.signum(b.compareTo(a))).isEqualTo(-Integer.signum(expected));
      assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
      assertThat(a.isBefore(b)).isEqualTo(expected < 0);
    });
  }

  /** Revisions asm-0-0 .. asm-5-30: small enough that equal and neighbouring revisions are drawn often. */
  private static Revision smallRevision(Random r) {
    return Revision.of(between(r, 0, 5), between(r, 0, 30));
  }

  private static final long TRANSITIVE_SEED = 0x5EED_0004L;

  static Stream<Case<Revisions>> revisionTriples() {
    Revision r9 = Revision.of(1, 9);
    Revision r10 = Revision.of(1, 10);
    Revision r11 = Revision.of(1, 11);
    return cases("revisionOrderingIsTransitive", TRANSITIVE_SEED, TRIES,
        List.of(new Revisions(r9, r10, r11), new Revisions(r9, r9, r10), new Revisions(r10, r10, r10),
            new Revisions(Revision.of(0, 0), Revision.of(0, 30), Revision.of(5, 0)),
            new Revisions(Revision.of(0, 30), Revision.of(1, 0), Revision.of(5, 30))),
        r -> new Revisions(smallRevision(r), smallRevision(r), smallRevision(r)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("revisionTriples")
  void revisionOrderingIsTransitive(Case<Revisions> c) {
    c.check(t -> {
      if (t.a().compareTo(t.b()) <= 0 && t.b().compareTo(t.c()) <= 0) {
        assertThat(t.a().compareTo(t.c())).isLessThanOrEqualTo(0);
      }
      if (t.a().equals(t.b())) {
        assertThat(t.a().hashCode()).isEqualTo(t.b().hashCode());
      }
    });
  }

  private static final long NEXT_MINOR_SEED = 0x5EED_0005L;

  static Stream<Case<RevisionAndOther>> revisionAndOther() {
    return cases("theNextMinorIsTheSmallestRevisionAbove", NEXT_MINOR_SEED, TRIES,
        List.of(new RevisionAndOther(Revision.of(1, 9), Revision.of(1, 10)),
            new RevisionAndOther(Revision.of(1, 9), Revision.of(1, 11)),
            new RevisionAndOther(Revision.of(0, 30), Revision.of(1, 0)),
            new RevisionAndOther(Revision.of(0, 0), Revision.of(0, 0)),
            new RevisionAndOther(Revision.of(5, 30), Revision.of(0, 0))),
        r -> new RevisionAndOther(smallRevision(r), smallRevision(r)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("revisionAndOther")
  void theNextMinorIsTheSmallestRevisionAbove(Case<RevisionAndOther> c) {
    c.check(t -> {
      Revision next = t.r().nextMinor();

      assertThat(next.isAfter(t.r())).isTrue();
      assertThat(t.other().isAfter(t.r()) && t.other().isBefore(next)).isFalse();
    });
  }

  private static final long KUBE_ROUND_TRIP_SEED = 0x5EED_0006L;

  static Stream<Case<KubeText>> kubernetesTexts() {
    return cases("aKubernetesVersionPrintsWithoutTheVAndParsesBack", KUBE_ROUND_TRIP_SEED, TRIES,
        List.of(new KubeText(1, 28, -1, false), new KubeText(1, 28, -1, true), new KubeText(1, 28, 0, true),
            new KubeText(1, 9, 5, false), new KubeText(1, 10, 5, true), new KubeText(0, 0, 0, false),
            new KubeText(MAX, MAX, MAX, true), new KubeText(MAX, MAX, -1, false)),
        r -> new KubeText(between(r, 0, MAX), between(r, 0, MAX), between(r, -1, MAX), r.nextBoolean()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kubernetesTexts")
  void aKubernetesVersionPrintsWithoutTheVAndParsesBack(Case<KubeText> c) {
    c.check(t -> {
      String canonical = t.major() + "." + t.minor() + (t.patch() < 0 ? "" : "." + t.patch());

      KubernetesVersion v = KubernetesVersion.parse((t.withV() ? "v" : "") + canonical);

      assertThat(v.toString()).isEqualTo(canonical);
      assertThat(KubernetesVersion.parse(v.toString())).isEqualTo(v);
      assertThat(v.toMinor()).isEqualTo(KubernetesVersion.of(t.major(), t.minor()));
    });
  }

  private static final long KUBE_ORDER_SEED = 0x5EED_0007L;

  static Stream<Case<TwoKubes>> kubernetesPairs() {
    return cases("kubernetesVersionsOrderByMajorThenMinorIgnoringThePatch", KUBE_ORDER_SEED, TRIES,
        List.of(new TwoKubes(1, 9, 0, 1, 10, 0), new TwoKubes(1, 10, 0, 1, 9, 20), new TwoKubes(1, 28, 0, 1, 28, 20),
            new TwoKubes(0, 40, 20, 1, 0, 0), new TwoKubes(3, 40, 20, 3, 40, 0), new TwoKubes(0, 0, 0, 0, 0, 0)),
        r -> new TwoKubes(between(r, 0, 3), between(r, 0, 40), between(r, 0, 20), between(r, 0, 3),
            between(r, 0, 40), between(r, 0, 20)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kubernetesPairs")
  void kubernetesVersionsOrderByMajorThenMinorIgnoringThePatch(Case<TwoKubes> c) {
    c.check(t -> {
      KubernetesVersion a = KubernetesVersion.parse(t.m1() + "." + t.n1() + "." + t.p1());
      KubernetesVersion b = KubernetesVersion.parse(t.m2() + "." + t.n2() + "." + t.p2());
      int expected = t.m1() != t.m2() ? Integer.compare(t.m1(), t.m2()) : Integer.compare(t.n1(), t.n2());

      assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(expected));
      assertThat(Integer.signum(b.compareTo(a))).isEqualTo(-Integer.signum(expected));
      assertThat(a.sameMinor(b)).isEqualTo(expected == 0);
    });
  }

  private static final long TOO_LARGE_SEED = 0x5EED_0008L;

  /** The amount above {@link Integer#MAX_VALUE}, minus one: 0 is 2147483648. */
  static Stream<Case<Integer>> amountsAboveTheIntRange() {
    return cases("numbersPastTheIntegerRangeAreRejected", TOO_LARGE_SEED, TRIES, List.of(0, 1, MAX),
        r -> between(r, 0, MAX));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("amountsAboveTheIntRange")
  void numbersPastTheIntegerRangeAreRejected(Case<Integer> c) {
    c.check(small -> {
      String big = Long.toString(Integer.MAX_VALUE + 1L + small);

      assertThatThrownBy(() -> Revision.parse("asm-" + big + "-1")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(big);
      assertThatThrownBy(() -> KubernetesVersion.parse("1." + big)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(big);
    });
  }
}
