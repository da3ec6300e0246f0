package io.meshupgrade.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.CheckpointException;
import io.meshupgrade.spi.Checkpoint;
import io.meshupgrade.spi.PlanStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PlanStore} must do, as JUnit 5 tests: extend this class in your adapter's tests and implement
 * {@link #createStore()}. Keys used are lower-case DNS labels ({@code aks-prod}, {@code k1}), valid for any store.
 *
 * <pre>{@code
 * class RedisPlanStoreTckTest extends PlanStoreContract {
 *   protected PlanStore createStore() { return new RedisPlanStore(redis.freshDatabase()); }
 * }
 * }</pre>
 *
 * <p>Each test gets its own store. Not thread-safe (one instance per test, as JUnit creates them).
 */
public abstract class PlanStoreContract {

  /** A checkpoint as the upgrader writes them: JSON text, non-ASCII characters and newlines included. */
  protected static final String PLAN = "{\"planId\":\"p1\",\"from\":\"asm-1-18\",\"to\":\"asm-1-19\","
      + "\"note\":\"canary \u2192 asm-1-19\\nline two\"}";

  private PlanStore store;

  /**
   * The store under test, empty, new for each test (a fresh directory, namespace, database, ...). Called once per
   * test, at the store's first use, so after the subclass's {@code @BeforeEach} methods.
   *
   * @return a new, empty store
   */
  protected abstract PlanStore createStore();

  /** {@return the store of this test, created by {@link #createStore()} at its first use} */
  protected final PlanStore store() {
    if (store == null) {
      store = createStore();
    }
    return store;
  }

  /** Loading a key never saved finds nothing. */
  @Test
  public void loadsNothingUnderAKeyNeverSaved() {
    assertThat(store().load("aks-prod")).isEmpty();
  }

  /** A saved checkpoint loads back with exactly the text saved and the version returned by the save. */
  @Test
  public void loadsExactlyTheTextAndVersionItSaved() {
    Checkpoint saved = store().save("aks-prod", PLAN, Optional.empty());

    assertThat(saved.json()).isEqualTo(PLAN);
    assertThat(saved.version()).isNotBlank();
    assertThat(store().load("aks-prod")).contains(saved);
  }

  /** A save expecting the stored version replaces the plan and hands out a new version. */
  @Test
  public void replacesThePlanWhenTheExpectedVersionIsTheStoredOne() {
    Checkpoint first = store().save("aks-prod", "{\"n\":1}", Optional.empty());

    Checkpoint second = store().save("aks-prod", "{\"n\":2}", Optional.of(first.version()));

    assertThat(second.version()).isNotEqualTo(first.version());
    assertThat(store().load("aks-prod")).contains(second);
  }

  /** A save expecting a stale version fails with a {@link CheckpointException} and keeps the stored plan. */
  @Test
  public void refusesAStaleVersionAndKeepsTheStoredPlan() {
    Checkpoint first = store().save("aks-prod", "{\"n\":1}", Optional.empty());
    Checkpoint second = store().save("aks-prod", "{\"n\":2}", Optional.of(first.version()));

    assertThatThrownBy(() -> store().save("aks-prod", "{\"n\":3}", Optional.of(first.version())))
        .isInstanceOf(CheckpointException.class);
    assertThat(store().load("aks-prod")).contains(second);
  }

  /** A save expecting no plan fails with a {@link CheckpointException} when one is stored. */
  @Test
  public void refusesAFirstSaveOverAnExistingPlan() {
    Checkpoint first = store().save("aks-prod", "{\"n\":1}", Optional.empty());

    assertThatThrownBy(() -> store().save("aks-prod", "{\"n\":2}", Optional.empty()))
        .isInstanceOf(CheckpointException.class);
    assertThat(store().load("aks-prod")).contains(first);
  }

  /** A save expecting a version fails with a {@link CheckpointException} when nothing is stored. */
  @Test
  public void refusesAnExpectedVersionWhenNothingIsStored() {
    assertThatThrownBy(() -> store().save("aks-prod", "{\"n\":1}", Optional.of("1")))
        .isInstanceOf(CheckpointException.class);
    assertThat(store().load("aks-prod")).isEmpty();
  }

  /** Plans under different keys are saved, loaded and deleted independently. */
  @Test
  public void keepsKeysApart() {
    Checkpoint a = store().save("cluster-a", "{\"c\":\"a\"}", Optional.empty());
    Checkpoint b = store().save("cluster-b", "{\"c\":\"b\"}", Optional.empty());

    store().delete("cluster-a");

    assertThat(store().load("cluster-a")).isEmpty();
    assertThat(store().load("cluster-b")).contains(b);
    assertThat(a.json()).isNotEqualTo(b.json());
  }

  /**
   * Delete removes the plan; deleting again or deleting an absent key does nothing; a deleted key can be saved afresh.
   */
  @Test
  public void deletesAndDeletingAgainOrAnAbsentKeyDoesNothing() {
    store().save("aks-prod", PLAN, Optional.empty());

    store().delete("aks-prod");
    store().delete("aks-prod");
    store().delete("never-saved");

    assertThat(store().load("aks-prod")).isEmpty();
    assertThat(store().save("aks-prod", PLAN, Optional.empty()).json()).as("a deleted key can be saved afresh")
        .isEqualTo(PLAN);
  }

  /**
   * Versions of a key are never handed out twice, not even after a delete, so a run holding a deleted plan's version is
   * refused.
   */
  @Test
  public void neverHandsOutAVersionTwiceForAKeyNotEvenAfterADelete() {
    Set<String> versions = new HashSet<>();
    Optional<String> expected = Optional.empty();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 3; i++) {
        Checkpoint c = store().save("aks-prod", "{\"round\":" + round + ",\"i\":" + i + "}", expected);
        assertThat(versions.add(c.version())).as("version %s handed out twice", c.version()).isTrue();
        expected = Optional.of(c.version());
      }
      String stale = expected.orElseThrow();
      store().delete("aks-prod");
      assertThatThrownBy(() -> store().save("aks-prod", "{}", Optional.of(stale)))
          .as("a run holding the version of a deleted plan").isInstanceOf(CheckpointException.class);
      expected = Optional.empty();
    }
    assertThat(versions).hasSize(9);
  }

  /**
   * Of several runs saving over the same version at once, exactly one wins the compare-and-set.
   *
   * @throws Exception if a run fails or does not finish in time
   */
  @Test
  public void ofTwoRunsSavingTheSameVersionAtOnceExactlyOneWins() throws Exception {
    Checkpoint base = store().save("aks-prod", "{\"n\":0}", Optional.empty());
    int runs = 4;
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Optional<Checkpoint>>> results = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        String json = "{\"run\":" + r + "}";
        results.add(pool.submit(() -> {
          start.await();
          try {
            return Optional.of(store().save("aks-prod", json, Optional.of(base.version())));
          } catch (CheckpointException e) {
            return Optional.<Checkpoint>empty();
          }
        }));
      }
      start.countDown();
      List<Checkpoint> won = new ArrayList<>();
      for (Future<Optional<Checkpoint>> f : results) {
        f.get(60, TimeUnit.SECONDS).ifPresent(won::add);
      }
      assertThat(won).as("saves that won the compare-and-set").hasSize(1);
      assertThat(store().load("aks-prod")).contains(won.get(0));
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A key that is not a plain name (a path) is refused with an {@link IllegalArgumentException} naming it, a null key
   * with a {@link NullPointerException}.
   */
  @Test
  public void refusesAKeyThatIsNotAPlainNameBeforeTouchingAnything() {
    for (String bad : List.of("../etc/passwd", "a/b")) {
      assertThatThrownBy(() -> store().load(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
      assertThatThrownBy(() -> store().save(bad, PLAN, Optional.empty())).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> store().load(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThat(store().load("aks-prod")).isEmpty();
  }
}
