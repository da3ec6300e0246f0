package io.meshupgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Parse/format round trips and numeric, total ordering of revisions and Kubernetes versions. */
class VersionPropertiesTest {

  @Property
  void aRevisionPrintsAsItsNameAndParsesBack(@ForAll @IntRange(min = 0) int major, @ForAll @IntRange(min = 0) int minor) {
    Revision r = Revision.of(major, minor);

    assertThat(r.toString()).isEqualTo("asm-" + major + "-" + minor);
    assertThat(Revision.parse(r.toString())).isEqualTo(r);
    assertThat(r.istioVersion()).isEqualTo(major + "." + minor);
  }

  @Property
  void anyTextEitherIsRejectedOrIsTheCanonicalNameOfWhatItParsesTo(@ForAll("revisionLikeText") String text) {
    Revision r;
    try {
      r = Revision.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).contains("'" + text + "'", Revision.FORM);
      assertThat(Revision.isRevision(text)).isFalse();
      return;
    }
    assertThat(r.toString()).isEqualTo(text);
  }

  @Provide
  Arbitrary<String> revisionLikeText() {
    Arbitrary<String> noise = Arbitraries.strings().withChars("asm-0123456789 A.x").ofMaxLength(14);
    Arbitrary<String> near = Arbitraries.integers().between(0, 40).tuple2()
        .map(t -> "asm-" + t.get1() + "-" + t.get2());
    Arbitrary<String> huge = Arbitraries.longs().between(Integer.MAX_VALUE - 2L, Integer.MAX_VALUE + 2L)
        .map(n -> "asm-1-" + n);
    return Arbitraries.oneOf(noise, near, huge);
  }

  @Property
  void revisionsOrderByMajorThenMinorAsIntegers(
      @ForAll @IntRange(max = 1000) int m1, @ForAll @IntRange(min = 0) int n1,
      @ForAll @IntRange(max = 1000) int m2, @ForAll @IntRange(min = 0) int n2) {
    Revision a = Revision.parse("asm-" + m1 + "-" + n1);
    Revision b = Revision.parse("asm-" + m2 + "-" + n2);
    int expected = m1 != m2 ? Integer.compare(m1, m2) : Integer.compare(n1, n2);

    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(expected));
    assertThat(Integer.signum(b.compareTo(a))).isEqualTo(-Integer.signum(expected));
    assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
    assertThat(a.isBefore(b)).isEqualTo(expected < 0);
  }

  @Property
  void revisionOrderingIsTransitive(@ForAll("revisions") Revision a, @ForAll("revisions") Revision b,
      @ForAll("revisions") Revision c) {
    if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
      assertThat(a.compareTo(c)).isLessThanOrEqualTo(0);
    }
    if (a.equals(b)) {
      assertThat(a.hashCode()).isEqualTo(b.hashCode());
    }
  }

  @Property
  void theNextMinorIsTheSmallestRevisionAbove(@ForAll("revisions") Revision r, @ForAll("revisions") Revision other) {
    Revision next = r.nextMinor();

    assertThat(next.isAfter(r)).isTrue();
    assertThat(other.isAfter(r) && other.isBefore(next)).isFalse();
  }

  @Provide
  Arbitrary<Revision> revisions() {
    return Arbitraries.integers().between(0, 5).flatMap(major ->
        Arbitraries.integers().between(0, 30).map(minor -> Revision.of(major, minor)));
  }

  @Property
  void aKubernetesVersionPrintsWithoutTheVAndParsesBack(
      @ForAll @IntRange(min = 0) int major, @ForAll @IntRange(min = 0) int minor,
      @ForAll @IntRange(min = -1) int patch, @ForAll boolean withV) {
    String canonical = major + "." + minor + (patch < 0 ? "" : "." + patch);

    KubernetesVersion v = KubernetesVersion.parse((withV ? "v" : "") + canonical);

    assertThat(v.toString()).isEqualTo(canonical);
    assertThat(KubernetesVersion.parse(v.toString())).isEqualTo(v);
    assertThat(v.toMinor()).isEqualTo(KubernetesVersion.of(major, minor));
  }

  @Property
  void kubernetesVersionsOrderByMajorThenMinorIgnoringThePatch(
      @ForAll @IntRange(max = 3) int m1, @ForAll @IntRange(max = 40) int n1, @ForAll @IntRange(max = 20) int p1,
      @ForAll @IntRange(max = 3) int m2, @ForAll @IntRange(max = 40) int n2, @ForAll @IntRange(max = 20) int p2) {
    KubernetesVersion a = KubernetesVersion.parse(m1 + "." + n1 + "." + p1);
    KubernetesVersion b = KubernetesVersion.parse(m2 + "." + n2 + "." + p2);
    int expected = m1 != m2 ? Integer.compare(m1, m2) : Integer.compare(n1, n2);

    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(expected));
    assertThat(Integer.signum(b.compareTo(a))).isEqualTo(-Integer.signum(expected));
    assertThat(a.sameMinor(b)).isEqualTo(expected == 0);
  }

  @Property
  void numbersPastTheIntegerRangeAreRejected(@ForAll @IntRange(min = 0) int small) {
    String big = Long.toString(Integer.MAX_VALUE + 1L + small);

    assertThatThrownBy(() -> Revision.parse("asm-" + big + "-1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(big);
    assertThatThrownBy(() -> KubernetesVersion.parse("1." + big)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(big);
  }
}
