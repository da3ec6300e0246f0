package io.meshupgrade.testkit.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorTest {
  private static final Map<String, String> LABELS = Map.of("app", "web", "tier", "front", "istio.io/rev", "asm-1-18");

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "app=web; true",
        "app==web; true",
        "app=db; false",
        "app!=db; true",
        "app!=web; false",
        "missing!=x; true",
        "app in (web,db); true",
        "app in (db); false",
        "app notin (db); true",
        "missing notin (db); true",
        "app notin (web); false",
        "istio.io/rev; true",
        "!istio.io/rev; false",
        "!istio-injection; true",
        "app=web,tier=front; true",
        "app=web,tier=back; false",
        "'app in (web, db),!missing'; true",
        "''; true"
      })
  void matchesLikeTheApiServer(String selector, boolean expected) {
    assertThat(LabelSelector.parse(selector).matches(LABELS)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"app in (web", "=web", "app=w eb", "app in web", "app,,tier", "app <> web"})
  void rejectsMalformedSelectorsQuotingThem(String selector) {
    assertThatThrownBy(() -> LabelSelector.parse(selector))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + selector + "\"");
  }

  @Test
  void readsLabelSelectorObjectsWithMatchLabelsAndExpressions() {
    var sel =
        Json.parseObject(
            "{\"matchLabels\":{\"app\":\"web\"},\"matchExpressions\":["
                + "{\"key\":\"istio.io/rev\",\"operator\":\"In\",\"values\":[\"asm-1-18\"]},"
                + "{\"key\":\"istio-injection\",\"operator\":\"DoesNotExist\"}]}");

    assertThat(LabelSelector.fromObject(sel).matches(LABELS)).isTrue();
    assertThat(LabelSelector.fromObject(sel).matches(Map.of("app", "web"))).isFalse();
    assertThat(LabelSelector.fromObject(null).matches(Map.of())).isTrue();
  }

  @Test
  void rejectsUnknownOperatorsInSelectorObjects() {
    var sel = Json.parseObject("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Gt\",\"values\":[\"1\"]}]}");

    assertThatThrownBy(() -> LabelSelector.fromObject(sel))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"Gt\"");
  }
}
