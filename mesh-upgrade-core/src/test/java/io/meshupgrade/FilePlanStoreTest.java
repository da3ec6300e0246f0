package io.meshupgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.CheckpointException;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.model.Revision;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.spi.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePlanStoreTest {

  @TempDir
  Path dir;

  private static String checkpoint() {
    return UpgradePlan.create("p1", "rg/c", Revision.parse("asm-1-18"), Revision.parse("asm-1-19"),
        Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC)).toCheckpoint();
  }

  @Test
  void savesAndLoadsACheckpointExactly() {
    FilePlanStore store = new FilePlanStore(dir.resolve("plans"));
    String json = checkpoint();

    Checkpoint saved = store.save("mesh-upgrade-plan", json, Optional.empty());

    assertThat(saved.version()).isEqualTo("1");
    assertThat(store.load("mesh-upgrade-plan")).contains(new Checkpoint(json, "1"));
    assertThat(UpgradePlan.fromCheckpoint(store.load("mesh-upgrade-plan").orElseThrow().json()).planId())
        .isEqualTo("p1");
    assertThat(new FilePlanStore(dir.resolve("plans")).load("mesh-upgrade-plan")).as("survives a restart")
        .contains(new Checkpoint(json, "1"));
  }

  @Test
  void countsVersionsUpAndRefusesAStaleCompareAndSet() {
    FilePlanStore store = new FilePlanStore(dir);
    store.save("k", "{\"a\":1}", Optional.empty());
    Checkpoint second = store.save("k", "{\"a\":2}", Optional.of("1"));

    assertThat(second.version()).isEqualTo("2");
    assertThatThrownBy(() -> store.save("k", "{\"a\":3}", Optional.of("1")))
        .isInstanceOf(CheckpointException.class).hasMessageContaining("changed by another run")
        .hasMessageContaining("stored version 2, expected 1");
    assertThatThrownBy(() -> store.save("k", "{\"a\":3}", Optional.empty()))
        .isInstanceOf(CheckpointException.class).hasMessageContaining("expected none");
    assertThat(store.load("k").orElseThrow().json()).isEqualTo("{\"a\":2}");
  }

  @Test
  void refusesToCreateOverAnUnexpectedVersion() {
    FilePlanStore store = new FilePlanStore(dir);
    assertThatThrownBy(() -> store.save("k", "{}", Optional.of("3")))
        .isInstanceOf(CheckpointException.class).hasMessageContaining("stored version none");
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws Exception {
    FilePlanStore store = new FilePlanStore(dir);
    store.save("k", "{}", Optional.empty());
    store.save("k", "{}", Optional.of("1"));

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("k.plan", "k.lock");
    }
  }

  @Test
  void loadsNothingWhenNothingWasSavedAndDeletesIdempotently() {
    FilePlanStore store = new FilePlanStore(dir);
    assertThat(store.load("k")).isEmpty();
    store.save("k", "{}", Optional.empty());

    store.delete("k");
    store.delete("k");

    assertThat(store.load("k")).isEmpty();
    assertThat(store.save("k", "{}", Optional.empty()).version()).isEqualTo("2");
  }

  @Test
  void neverReusesAVersionAfterADeleteSoAStaleRunCannotOverwriteANewPlan() {
    FilePlanStore store = new FilePlanStore(dir);
    Checkpoint old = store.save("k", "{\"plan\":\"old\"}", Optional.empty());
    store.delete("k");
    Checkpoint fresh = new FilePlanStore(dir).save("k", "{\"plan\":\"new\"}", Optional.empty());

    assertThat(fresh.version()).isNotEqualTo(old.version()).isEqualTo("2");
    assertThatThrownBy(() -> store.save("k", "{\"plan\":\"stale\"}", Optional.of(old.version())))
        .isInstanceOf(CheckpointException.class).hasMessageContaining("stored version 2, expected 1");
    assertThat(store.load("k").orElseThrow().json()).isEqualTo("{\"plan\":\"new\"}");
  }

  @Test
  void continuesFromAPlanWrittenBeforeVersionsWereKeptInTheLockFile() throws Exception {
    Files.writeString(dir.resolve("k.plan"), "mesh-upgrade-plan-store version=7\n{}");
    Files.writeString(dir.resolve("k.lock"), "");
    FilePlanStore store = new FilePlanStore(dir);

    assertThat(store.save("k", "{}", Optional.of("7")).version()).isEqualTo("8");
    Files.writeString(dir.resolve("k.lock"), "not a number");
    store.delete("k");

    assertThat(store.save("k", "{}", Optional.empty()).version()).as("the deleted plan's 8 is remembered")
        .isEqualTo("9");
  }

  @Test
  void deletesAFileItDidNotWriteWhenAsked() throws Exception {
    FilePlanStore store = new FilePlanStore(dir);
    Files.writeString(dir.resolve("k.plan"), "{\"hand\":\"edited\"}");

    store.delete("k");

    assertThat(store.load("k")).isEmpty();
    assertThat(store.save("k", "{}", Optional.empty()).version()).isEqualTo("1");
  }

  @Test
  void writesThePlanDurablyWithItsVersionHeader() throws Exception {
    FilePlanStore store = new FilePlanStore(dir);
    store.save("k", "{\"a\":1}", Optional.empty());

    assertThat(Files.readString(dir.resolve("k.plan"))).isEqualTo("mesh-upgrade-plan-store version=1\n{\"a\":1}");
    assertThat(Files.readString(dir.resolve("k.lock"))).isEqualTo("1");
  }

  @Test
  void refusesKeysThatAreNotPlainNames() {
    FilePlanStore store = new FilePlanStore(dir);
    assertThatThrownBy(() -> store.load("../etc/passwd")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'../etc/passwd'").hasMessageContaining("expected");
    assertThatThrownBy(() -> store.load("a/b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.load(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
  }

  @Test
  void refusesAFileItDidNotWrite() throws Exception {
    FilePlanStore store = new FilePlanStore(dir);
    Files.writeString(dir.resolve("k.plan"), "{\"hand\":\"edited\"}");

    assertThatThrownBy(() -> store.load("k")).isInstanceOf(CheckpointException.class)
        .hasMessageContaining("was not written by this store");
  }

  @Test
  void reportsAnUnusableDirectory() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThatThrownBy(() -> new FilePlanStore(file)).isInstanceOf(MeshUpgradeException.class)
        .hasMessageContaining("cannot create the plan directory");
    assertThat(new FilePlanStore(dir).directory()).isEqualTo(dir);
    assertThat(new FilePlanStore(dir).toString()).contains(dir.toString());
  }
}
