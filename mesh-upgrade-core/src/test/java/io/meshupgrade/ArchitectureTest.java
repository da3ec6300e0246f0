package io.meshupgrade;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/** The core's dependency rules (ARCHITECTURE.md: "the core depends on nothing that does I/O"). */
@AnalyzeClasses(packages = "io.meshupgrade", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String INTERNAL = "io.meshupgrade.internal..";

  @ArchTest
  static final ArchRule coreNeverTouchesAzureKubernetesOrHttpClients = noClasses()
      .that().resideInAPackage("io.meshupgrade..")
      .should().dependOnClassesThat()
      .resideInAnyPackage("com.azure..", "io.kubernetes..", "okhttp3..", "java.net.http..")
      .because("the core knows ARM and Kubernetes only through the ports in io.meshupgrade.spi");

  @ArchTest
  static final ArchRule portsNeverDependOnInternals = noClasses()
      .that().resideInAPackage("io.meshupgrade.spi..")
      .should().dependOnClassesThat().resideInAPackage(INTERNAL)
      .because("adapters implement the ports and must not see implementation details");

  /** Issue 9: the API packages stand on their own; only the facade (io.meshupgrade) delegates to internal. */
  @ArchTest
  static final ArchRule issue9_apiPackagesNeverDependOnInternals = noClasses()
      .that().resideInAnyPackage("io.meshupgrade.model..", "io.meshupgrade.options..", "io.meshupgrade.report..",
          "io.meshupgrade.plan..", "io.meshupgrade.exception..", "io.meshupgrade.spi..", "io.meshupgrade.event..")
      .should().dependOnClassesThat().resideInAPackage(INTERNAL)
      .because("the API packages are what a reader navigates; io.meshupgrade.internal is not API");

  /** Issue 9: no package cycle, the root facade included (nothing in the core depends on it). */
  @ArchTest
  static final ArchRule issue9_corePackagesAreFreeOfCycles =
      slices().matching("io.meshupgrade.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule issue9_nothingInTheCoreDependsOnTheFacade = noClasses()
      .that().resideOutsideOfPackage("io.meshupgrade")
      .should().dependOnClassesThat().resideInAPackage("io.meshupgrade")
      .because("io.meshupgrade holds only the facade, on top of every other package");

  @ArchTest
  static final ArchRule publicApiNeverExposesInternalTypes = methods()
      .that().arePublic()
      .and().areDeclaredInClassesThat().resideInAnyPackage("io.meshupgrade", "io.meshupgrade.spi", "io.meshupgrade.model",
          "io.meshupgrade.options", "io.meshupgrade.report", "io.meshupgrade.plan", "io.meshupgrade.exception")
      .should(notMentionInternalTypesInTheirSignature());

  private static ArchCondition<JavaMethod> notMentionInternalTypesInTheirSignature() {
    return new ArchCondition<>("not mention io.meshupgrade.internal types in their signature") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        boolean exposes = method.getRawReturnType().getPackageName().startsWith("io.meshupgrade.internal")
            || method.getRawParameterTypes().stream()
                .anyMatch(p -> p.getPackageName().startsWith("io.meshupgrade.internal"));
        if (exposes) {
          events.add(SimpleConditionEvent.violated(method, method.getFullName() + " exposes an internal type"));
        }
      }
    };
  }
}
