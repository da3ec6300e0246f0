package io.meshupgrade.tck;

import io.meshupgrade.spi.PlanStore;
import io.meshupgrade.tck.fakes.CallLog;
import io.meshupgrade.tck.fakes.InMemoryPlanStore;

/** The TCK against the in-memory plan store. */
class InMemoryPlanStoreTckTest extends PlanStoreContract {
  @Override
  protected PlanStore createStore() {
    return new InMemoryPlanStore(new CallLog());
  }
}
