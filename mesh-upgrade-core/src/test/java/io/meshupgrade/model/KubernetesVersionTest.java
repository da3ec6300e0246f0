package io.meshupgrade.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesVersionTest {

  @ParameterizedTest(name = "{0} is {1}.{2} patch {3}, printed {4}")
  @CsvSource({"1.28, 1, 28, -1, 1.28", "1.28.5, 1, 28, 5, 1.28.5", "v1.28.5, 1, 28, 5, 1.28.5", "v1.9, 1, 9, -1, 1.9",
      "0.0.0, 0, 0, 0, 0.0.0"})
  void parsesMinorAndPatchVersionsWithOrWithoutV(String text, int major, int minor, int patch, String printed) {
    KubernetesVersion v = KubernetesVersion.parse(text);

    assertThat(v.major()).isEqualTo(major);
    assertThat(v.minor()).isEqualTo(minor);
    assertThat(v.patch()).isEqualTo(patch < 0 ? OptionalInt.empty() : OptionalInt.of(patch));
    assertThat(v).hasToString(printed);
  }

  @ParameterizedTest(name = "rejects \"{0}\"")
  @ValueSource(strings = {"", " 1.28", "1.28 ", "1", "1.", "1.28.", "1.28.5.1", "V1.28", "vv1.28", "01.28", "1.028",
      "1.28.05", "1.x", "1..28", "1.-28", "1.28-rc1", "1.28.5+aks", "2147483648.1", "1.2147483648",
      "1.28.99999999999"})
  void rejectsMalformedVersionsQuotingTheInputAndTheExpectedForm(String text) {
    assertThatThrownBy(() -> KubernetesVersion.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining(KubernetesVersion.FORM);
  }

  @Test
  void rejectsNullWithANullPointerExceptionNamingTheParameter() {
    assertThatThrownBy(() -> KubernetesVersion.parse(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("text");
  }

  @ParameterizedTest(name = "{0} vs {1}: {2}")
  @CsvSource({"1.28, 1.28.5, 0", "1.9, 1.10, -1", "1.27.9, 1.28.0, -1", "2.0, 1.99, 1", "v1.28.1, 1.28.9, 0"})
  void comparesAtTheMinorLevelNumerically(String a, String b, int sign) {
    KubernetesVersion x = KubernetesVersion.parse(a);
    KubernetesVersion y = KubernetesVersion.parse(b);

    assertThat(Integer.signum(x.compareTo(y))).isEqualTo(sign);
    assertThat(Integer.signum(y.compareTo(x))).isEqualTo(-sign);
    assertThat(x.sameMinor(y)).isEqualTo(sign == 0);
  }

  @Test
  void equalityKeepsThePatchButDropsTheV() {
    assertThat(KubernetesVersion.parse("v1.28.5")).isEqualTo(KubernetesVersion.parse("1.28.5"))
        .hasSameHashCodeAs(KubernetesVersion.parse("1.28.5"))
        .isNotEqualTo(KubernetesVersion.parse("1.28"))
        .isNotEqualTo(KubernetesVersion.parse("1.28.6"))
        .isNotEqualTo("1.28.5");
  }

  @Test
  void dropsItsPatchToGiveTheMinor() {
    KubernetesVersion minor = KubernetesVersion.of(1, 28);

    assertThat(KubernetesVersion.parse("1.28.5").toMinor()).isEqualTo(minor);
    assertThat(minor.toMinor()).isSameAs(minor);
  }

  @Test
  void rejectsNegativeNumbers() {
    assertThatThrownBy(() -> KubernetesVersion.of(-1, 28)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1.28");
    assertThatThrownBy(() -> KubernetesVersion.of(1, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
