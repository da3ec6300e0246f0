package io.meshupgrade.model;

import static io.meshupgrade.Fixtures.k8s;
import static io.meshupgrade.Fixtures.rev;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.Fixtures;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RevisionCatalogTest {

  private final RevisionCatalog catalog = Fixtures.catalog();

  @Test
  void listsItsRevisionsInNumericOrder() {
    RevisionCatalog c = RevisionCatalog.builder()
        .revision("asm-1-10", List.of(), List.of("1.28"))
        .revision("asm-1-9", List.of("asm-1-10"), List.of("1.28"))
        .build();

    assertThat(c.revisions()).containsExactly(rev("asm-1-9"), rev("asm-1-10"));
    assertThat(c.entries()).extracting(RevisionCatalog.Entry::revision).containsExactly(rev("asm-1-9"), rev("asm-1-10"));
  }

  @ParameterizedTest(name = "{0} supported: {1}, upgrades [{2}]")
  @CsvSource({"asm-1-17, false, ''", "asm-1-18, true, asm-1-19 asm-1-20", "asm-1-21, true, ''",
      "asm-1-22, false, ''"})
  void knowsWhichRevisionsItSupportsAndTheirUpgrades(String revision, boolean supported, String upgrades) {
    Revision r = rev(revision);

    assertThat(catalog.supports(r)).isEqualTo(supported);
    assertThat(catalog.entry(r).isPresent()).isEqualTo(supported);
    assertThat(catalog.upgradesOf(r)).extracting(Revision::toString)
        .containsExactlyElementsOf(upgrades.isEmpty() ? List.of() : List.of(upgrades.split(" ")));
  }

  @ParameterizedTest(name = "{0} on Kubernetes {1}: {2}")
  @CsvSource({"asm-1-18, 1.26, true", "asm-1-18, 1.27.9, true", "asm-1-18, 1.28, false", "asm-1-17, 1.26, false",
      "asm-1-21, v1.30.1, true"})
  void decidesKubernetesCompatibilityAtTheMinorLevel(String revision, String kubernetes, boolean compatible) {
    assertThat(catalog.isCompatible(rev(revision), k8s(kubernetes))).isEqualTo(compatible);
  }

  @ParameterizedTest(name = "lowest on Kubernetes {0}: {1}")
  @CsvSource({"1.26, asm-1-18", "1.27.3, asm-1-18", "1.28, asm-1-19", "1.29, asm-1-20", "1.30, asm-1-21",
      "1.31, ''", "1.25, ''"})
  void findsTheLowestRevisionCompatibleWithKubernetes(String kubernetes, String lowest) {
    assertThat(catalog.lowestCompatibleWith(k8s(kubernetes)))
        .isEqualTo(lowest.isEmpty() ? Optional.empty() : Optional.of(rev(lowest)));
  }

  @Test
  void keepsKubernetesVersionsAsMinors() {
    RevisionCatalog c = RevisionCatalog.builder()
        .revision("asm-1-20", List.of(), List.of("1.29.2", "v1.28.1", "1.28")).build();

    assertThat(c.kubernetesVersionsFor(rev("asm-1-20"))).containsExactly(k8s("1.28"), k8s("1.29"));
    assertThat(c.kubernetesVersionsFor(rev("asm-1-19"))).isEmpty();
  }

  @Test
  void rejectsARevisionListedTwice() {
    RevisionCatalog.Entry e = new RevisionCatalog.Entry(rev("asm-1-19"), new TreeSet<>(), new TreeSet<>());

    assertThatThrownBy(() -> RevisionCatalog.of(List.of(e, e))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("asm-1-19 appears twice");
    assertThatThrownBy(() -> RevisionCatalog.builder().entry(e).entry(e))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asm-1-19 appears twice");
  }

  @Test
  void rejectsMalformedNamesInTheBuilder() {
    assertThatThrownBy(() -> RevisionCatalog.builder().revision("asm-1-x", List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'asm-1-x'");
    assertThatThrownBy(() -> RevisionCatalog.builder().revision("asm-1-19", List.of(), List.of("1.x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1.x'");
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> RevisionCatalog.of(null)).hasMessage("entries");
    assertThatThrownBy(() -> catalog.supports(null)).isInstanceOf(NullPointerException.class).hasMessage("revision");
    assertThatThrownBy(() -> catalog.entry(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> catalog.upgradesOf(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new RevisionCatalog.Entry(null, new TreeSet<>(), new TreeSet<>()))
        .hasMessage("revision");
    assertThatThrownBy(() -> new RevisionCatalog.Entry(rev("asm-1-19"), null, new TreeSet<>()))
        .hasMessage("upgrades");
    assertThatThrownBy(() -> new RevisionCatalog.Entry(rev("asm-1-19"), new TreeSet<>(), null))
        .hasMessage("compatibleWith");
  }

  @Test
  void returnsUnmodifiableViews() {
    assertThatThrownBy(() -> catalog.revisions().add(rev("asm-1-30")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> catalog.upgradesOf(rev("asm-1-18")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> catalog.entries().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void equalsACatalogWithTheSameEntries() {
    RevisionCatalog same = RevisionCatalog.of(catalog.entries());

    assertThat(same).isEqualTo(catalog).hasSameHashCodeAs(catalog).isNotEqualTo(RevisionCatalog.empty())
        .isNotEqualTo("catalog");
    assertThat(catalog.toString()).contains("asm-1-18", "asm-1-21");
    assertThat(RevisionCatalog.empty().revisions()).isEmpty();
  }
}
