package io.meshupgrade;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
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

  @ArchTest
  static final ArchRule valuesAndExceptionsNeverDependOnInternals = noClasses()
      .that().resideInAPackage("io.meshupgrade")
      .and(areValuesOrExceptions())
      .should().dependOnClassesThat().resideInAPackage(INTERNAL)
      .because("only the facades (UpgradePlan, Situation, ...) delegate to io.meshupgrade.internal");

  @ArchTest
  static final ArchRule publicApiNeverExposesInternalTypes = methods()
      .that().arePublic()
      .and().areDeclaredInClassesThat().resideInAnyPackage("io.meshupgrade", "io.meshupgrade.spi")
      .should(notMentionInternalTypesInTheirSignature());

  private static DescribedPredicate<JavaClass> areValuesOrExceptions() {
    return DescribedPredicate.describe("are records, enums or exceptions",
        c -> c.isEnum() || c.isAssignableTo(Throwable.class) || c.isAssignableTo(Record.class));
  }

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
