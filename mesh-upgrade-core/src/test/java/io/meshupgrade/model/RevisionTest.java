package io.meshupgrade.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RevisionTest {

  @ParameterizedTest(name = "{0} is major {1}, minor {2}")
  @CsvSource({"asm-1-19, 1, 19", "asm-1-9, 1, 9", "asm-0-0, 0, 0", "asm-2-0, 2, 0", "asm-1-2147483647, 1, 2147483647"})
  void parsesWellFormedNames(String text, int major, int minor) {
    Revision r = Revision.parse(text);

    assertThat(r.major()).isEqualTo(major);
    assertThat(r.minor()).isEqualTo(minor);
    assertThat(r).hasToString(text);
    assertThat(Revision.isRevision(text)).isTrue();
  }

  @ParameterizedTest(name = "rejects \"{0}\"")
  @ValueSource(strings = {"", " asm-1-19", "asm-1-19 ", "asm-1", "asm-1-19-1", "ASM-1-19", "Asm-1-19", "asm-01-19",
      "asm-1-09", "asm-1-x", "asm--1-19", "asm-1--19", "asm-+1-19", "asm-1-1e2", "1-19", "asm_1_19", "asm-1-19\n",
      "asm-2147483648-1", "asm-1-2147483648", "asm-99999999999999999999-1"})
  void rejectsMalformedNamesQuotingTheInputAndTheExpectedForm(String text) {
    assertThatThrownBy(() -> Revision.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining(Revision.FORM);
    assertThat(Revision.isRevision(text)).isFalse();
  }

  @Test
  void nameOrderPutsNoSidecarFirstThenRevisionsNumericallyThenOtherLabels() {
    List<String> names = new ArrayList<>(List.of("default", "asm-1-10", "asm-2-0", "", "asm-1-9", "asm-1-x",
        "asm-1-18", "asm-10-0", "prod-stable"));

    names.sort(Revision.NAME_ORDER);

    assertThat(names).containsExactly("", "asm-1-9", "asm-1-10", "asm-1-18", "asm-2-0", "asm-10-0", "asm-1-x",
        "default", "prod-stable");
    assertThat(Revision.NAME_ORDER.compare("asm-1-9", "asm-1-9")).isZero();
    assertThatThrownBy(() -> Revision.NAME_ORDER.compare(null, "asm-1-9")).isInstanceOf(NullPointerException.class);
  }

  @Test
  void rejectsNullWithANullPointerExceptionNamingTheParameter() {
    assertThatThrownBy(() -> Revision.parse(null)).isInstanceOf(NullPointerException.class).hasMessage("text");
    assertThat(Revision.isRevision(null)).isFalse();
  }

  @Test
  void ordersNumericallyNotAsStrings() {
    List<Revision> revisions = new ArrayList<>(List.of(Revision.parse("asm-1-10"), Revision.parse("asm-2-0"),
        Revision.parse("asm-1-9"), Revision.parse("asm-1-19"), Revision.parse("asm-1-2")));
    Collections.sort(revisions);

    assertThat(revisions).extracting(Revision::toString)
        .containsExactly("asm-1-2", "asm-1-9", "asm-1-10", "asm-1-19", "asm-2-0");
    assertThat(Revision.parse("asm-1-9").isBefore(Revision.parse("asm-1-10"))).isTrue();
    assertThat(Revision.parse("asm-1-10").isAfter(Revision.parse("asm-1-9"))).isTrue();
    assertThat(Revision.parse("asm-1-10").isAfter(Revision.parse("asm-1-10"))).isFalse();
  }

  @ParameterizedTest(name = "after {0} comes {1}")
  @CsvSource({"asm-1-19, asm-1-20", "asm-1-9, asm-1-10", "asm-2-0, asm-2-1"})
  void knowsItsNextMinor(String revision, String next) {
    assertThat(Revision.parse(revision).nextMinor()).isEqualTo(Revision.parse(next));
  }

  @Test
  void hasNoNextMinorPastTheIntegerRange() {
    assertThatThrownBy(() -> Revision.of(1, Integer.MAX_VALUE).nextMinor())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("asm-1-2147483647");
  }

  @ParameterizedTest(name = "{0} runs Istio {1}")
  @CsvSource({"asm-1-19, 1.19", "asm-1-9, 1.9", "asm-2-0, 2.0"})
  void knowsItsIstioVersion(String revision, String istio) {
    assertThat(Revision.parse(revision).istioVersion()).isEqualTo(istio);
  }

  @Test
  void isBuiltFromNumbersAndRejectsNegativeOnes() {
    assertThat(Revision.of(1, 19)).isEqualTo(Revision.parse("asm-1-19")).hasSameHashCodeAs(Revision.parse("asm-1-19"));
    assertThatThrownBy(() -> Revision.of(-1, 19)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1.19").hasMessageContaining(Revision.FORM);
    assertThatThrownBy(() -> Revision.of(1, -2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void countsMinorsWithinAMajorOnly() {
    assertThat(Revision.of(1, 20).minorsAbove(Revision.of(1, 18))).isEqualTo(2);
    assertThat(Revision.of(1, 18).minorsAbove(Revision.of(1, 20))).isEqualTo(-2);
    assertThatThrownBy(() -> Revision.of(2, 0).minorsAbove(Revision.of(1, 20)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different majors");
    assertThatThrownBy(() -> Revision.of(2, 0).minorsAbove(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void equalsOnlyTheSameRevision() {
    Revision r = Revision.of(1, 19);
    assertThat(r).isEqualTo(r).isNotEqualTo(Revision.of(1, 20)).isNotEqualTo(Revision.of(2, 19))
        .isNotEqualTo("asm-1-19").isNotEqualTo(null);
  }
}
