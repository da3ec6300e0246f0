/**
 * mesh-upgrade core: the {@link io.meshupgrade.MeshUpgrader} facade, its options, reports, model, plan, exceptions,
 * progress events and the ports ({@code io.meshupgrade.spi}) that the adapters implement.
 *
 * <p>Only the API packages are exported; {@code io.meshupgrade.internal} (the orchestration) is not, so code on the
 * module path cannot depend on it. The checkpoint codec uses Jackson's tree model only, so no package is opened to
 * Jackson.
 */
module io.meshupgrade {
  requires com.fasterxml.jackson.databind;

  exports io.meshupgrade;
  exports io.meshupgrade.event;
  exports io.meshupgrade.exception;
  exports io.meshupgrade.model;
  exports io.meshupgrade.options;
  exports io.meshupgrade.plan;
  exports io.meshupgrade.report;
  exports io.meshupgrade.spi;
}
