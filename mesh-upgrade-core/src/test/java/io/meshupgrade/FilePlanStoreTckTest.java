package io.meshupgrade;

import io.meshupgrade.spi.PlanStore;
import io.meshupgrade.tck.PlanStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The TCK's plan store contract against {@link FilePlanStore} in a fresh directory. */
class FilePlanStoreTckTest extends PlanStoreContract {
  @TempDir
  Path dir;

  @Override
  protected PlanStore createStore() {
    return new FilePlanStore(dir.resolve("plans"));
  }
}
