package io.meshupgrade.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelValuesTest {

  @ParameterizedTest
  @ValueSource(strings = {"asm-1-19", "asm-1-9", "prod-stable", "canary", "a", "stable2"})
  void acceptsRevisionsAndTagNames(String value) {
    assertThat(LabelValues.requireRevisionOrTag(value)).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " asm-1-19", "asm-1-19,app=x", "asm-1-19)", "x in (a,b)", "!x", "a=b", "Prod",
      "-lead", "trail-", "has space", "a_b",
      "a1234567890123456789012345678901234567890123456789012345678901234"})
  void refusesValuesThatCouldChangeASelector(String value) {
    assertThatThrownBy(() -> LabelValues.requireRevisionOrTag(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + value + "'")
        .hasMessageContaining("asm-<major>-<minor>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"asm-1-19", "asm-canary", "prod,x", ""})
  void refusesTagNamesThatLookLikeRevisionsOrAreMalformed(String tag) {
    assertThatThrownBy(() -> LabelValues.requireTag(tag))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + tag + "'");
  }

  @Test
  void refusesNull() {
    assertThatThrownBy(() -> LabelValues.requireRevisionOrTag(null))
        .isInstanceOf(NullPointerException.class).hasMessage("value");
  }
}
