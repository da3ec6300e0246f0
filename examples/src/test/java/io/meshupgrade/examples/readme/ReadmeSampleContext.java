package io.meshupgrade.examples.readme;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a README sample may take from its surroundings without declaring it: a logger, an upgrader and a placeholder for the
 * user's own health signal. Every other name a sample uses must come from the library (or the JDK).
 */
public abstract class ReadmeSampleContext {

  /** The upgrader a sample that starts mid-way uses (built as in the first sample). */
  protected io.meshupgrade.MeshUpgrader upgrader;

  /** The sample's logger. */
  protected final Logger log = LoggerFactory.getLogger(getClass());

  /** Stands for the user's own error-rate query in the health check sample. */
  protected boolean errorRateOk() {
    return true;
  }
}
