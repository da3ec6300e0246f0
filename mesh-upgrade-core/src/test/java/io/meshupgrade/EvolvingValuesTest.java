package io.meshupgrade;

import static io.meshupgrade.Fixtures.k8s;
import static io.meshupgrade.Fixtures.rev;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.meshupgrade.event.UpgradeEvent;
import io.meshupgrade.exception.UpgradeNotAllowedException;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.ControlPlaneStatus;
import io.meshupgrade.model.DanglingInjection;
import io.meshupgrade.model.IngressGateway;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.PodRecord;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.SidecarState;
import io.meshupgrade.model.UpgradeRule;
import io.meshupgrade.model.UpgradeStage;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.options.HealthFailurePolicy;
import io.meshupgrade.options.RestartOptions;
import io.meshupgrade.options.UpgradeOptions;
import io.meshupgrade.plan.PatchRollover;
import io.meshupgrade.plan.Situation;
import io.meshupgrade.plan.UpgradeDecision;
import io.meshupgrade.plan.UpgradePlan;
import io.meshupgrade.report.RestartReport;
import io.meshupgrade.report.RollOverReport;
import io.meshupgrade.report.UpgradePreview;
import io.meshupgrade.report.UpgradeReport;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 9 item 1: the public values that will grow are final classes with builders (adding a field breaks no
 * caller), only small closed values are records, and adding a kind of event breaks no listener.
 */
class EvolvingValuesTest {

  /** The aggregates of io.meshupgrade.model that will grow: final classes with builders. */
  private static final Set<Class<?>> MODEL_AGGREGATES = Set.of(ClusterMeshState.class, PodRecord.class,
      PodInventory.class, DanglingInjection.class, ControlPlaneStatus.class);

  /** The small closed values of io.meshupgrade.model that stay records (a new record must be added here on purpose). */
  private static final Set<String> MODEL_RECORDS = Set.of("ClusterId", "MeshNamespace", "MeshUpgradeProfile",
      "MeshUpgrades", "ProxyImage", "RevisionTag", "RolloutResult", "WorkloadRef", "ControlPlaneStatus$Component",
      "RevisionCatalog$Entry", "SupportPlan");

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  private static final Revision R18 = rev("asm-1-18");
  private static final Revision R19 = rev("asm-1-19");
  private static final WorkloadRef CART = WorkloadRef.deployment("shop", "cart");
  private static final WorkloadRef BATCH = new WorkloadRef(WorkloadKind.JOB, "web", "batch");

  private static List<JavaClass> apiClasses(String... packages) {
    return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(packages).stream()
        .filter(c -> Arrays.asList(packages).contains(c.getPackageName()))
        .sorted((a, b) -> a.getName().compareTo(b.getName())).toList();
  }

  @Test
  void issue9_everyPublicValueOfOptionsAndReportAndEveryGrowingModelAggregateIsAFinalClassWithABuilder() {
    List<Class<?>> values = new ArrayList<>();
    for (JavaClass c : apiClasses("io.meshupgrade.options", "io.meshupgrade.report")) {
      if (c.getModifiers().contains(JavaModifier.PUBLIC) && c.isTopLevelClass() && !c.isEnum()
          && !c.getSimpleName().endsWith("Builder")) {
        values.add(c.reflect());
      }
    }
    values.addAll(MODEL_AGGREGATES);

    assertThat(values).extracting(Class::getSimpleName).contains("UpgradeReport", "UpgradeOptions",
        "UpgradePreview", "RestartOptions", "RollOverReport", "RestartReport");
    for (Class<?> type : values) {
      assertThat(type.isRecord()).as("%s is a record", type.getSimpleName()).isFalse();
      assertThat(Modifier.isFinal(type.getModifiers())).as("%s is final", type.getSimpleName()).isTrue();
      assertThat(type.getConstructors()).as("%s has public constructors", type.getSimpleName()).isEmpty();
      Method builder = method(type, "builder");
      assertThat(Modifier.isStatic(builder.getModifiers())).as("%s.builder() is static", type.getSimpleName())
          .isTrue();
      Method toBuilder = method(type, "toBuilder");
      assertThat(toBuilder.getReturnType()).isEqualTo(builder.getReturnType());
      assertThat(method(builder.getReturnType(), "build").getReturnType()).isEqualTo(type);
      assertThat(builder.getReturnType().getConstructors()).as("%s has public constructors",
          builder.getReturnType().getSimpleName()).isEmpty();
    }
  }

  @Test
  void issue9_onlySmallClosedValuesOfTheModelAreRecords() {
    Set<String> records = apiClasses("io.meshupgrade.model").stream().filter(c -> c.reflect().isRecord())
        .map(c -> c.getName().substring("io.meshupgrade.model.".length())).collect(Collectors.toSet());

    assertThat(records).containsExactlyInAnyOrderElementsOf(MODEL_RECORDS);
    MODEL_AGGREGATES.forEach(c -> assertThat(records).doesNotContain(c.getSimpleName()));
  }

  static Stream<Arguments> samples() {
    UpgradePlan plan = UpgradePlan.create("plan-1", "rg1/cluster1", R18, R19, CLOCK);
    UpgradeNotAllowedException refusal = new UpgradeNotAllowedException(UpgradeRule.NO_DOWNGRADE, R19, R18,
        new TreeSet<>(), null, "no");
    RolloutResult failed = new RolloutResult(CART, RolloutResult.Outcome.FAILED, "deadline");
    RolloutResult paused = new RolloutResult(BATCH, RolloutResult.Outcome.PAUSED, "paused");
    DanglingInjection dangling = DanglingInjection.builder().installed(List.of(R19))
        .tags(List.of(new RevisionTag("prod", R18, List.of("shop")))).namespaces(Map.of("shop", "prod")).build();
    PodRecord pod = PodRecord.builder().namespace("shop").name("cart-1").owner(CART).sidecar(SidecarState.INJECTED)
        .revisionName("asm-1-18").proxyImage("img:1").build();
    PodRecord otherPod = PodRecord.builder().namespace("web").name("batch-1").owner(BATCH)
        .sidecar(SidecarState.OPTED_OUT).build();
    ControlPlaneStatus.Component istiod = new ControlPlaneStatus.Component("Deployment", "aks-istio-system",
        "istiod-asm-1-19", true, "");

    return Stream.of(
        Arguments.of(
            RestartOptions.builder().concurrency(3).namespaceOrder(List.of("shop"))
                .rolloutTimeout(Duration.ofMinutes(2)).build(),
            RestartOptions.defaults()),
        Arguments.of(
            UpgradeOptions.builder().stopAfter(UpgradeStage.CANARY_STARTED).revisionTag("prod-stable")
                .restart(RestartOptions.builder().concurrency(2).build()).batches(5, Duration.ofSeconds(7))
                .controlPlaneTimeout(Duration.ofMinutes(3)).podDrainTimeout(Duration.ofMinutes(4))
                .soak(Duration.ofMinutes(6), Duration.ofSeconds(9)).onHealthFailure(HealthFailurePolicy.HALT)
                .overwriteMeshConfig(true).repointDanglingTags(true).adoptLegacyPlan(true).deadline(Duration.ofHours(2)).build(),
            UpgradeOptions.defaults()),
        Arguments.of(
            UpgradeReport.builder().outcome(UpgradeReport.Outcome.STOPPED_AFTER)
                .stoppedAfter(UpgradeStage.CANARY_STARTED).message("stopped").target(R19)
                .revisionsBefore(List.of(R18)).revisionsAfter(List.of(R18, R19)).plans(List.of(plan))
                .addStageTiming(new UpgradeReport.StageTiming(R18, R19, UpgradeStage.CANARY_STARTED,
                    Duration.ofSeconds(1)))
                .namespacesRelabelled(2).workloadsRestarted(3).failedRollouts(List.of(failed))
                .podsBefore(Map.of("asm-1-18", 4)).podsAfter(Map.of("asm-1-19", 4))
                .namespacesWithIstioInjection(List.of("legacy")).forcedReasons(List.of("approved"))
                .addWarning("look").listenerFailures(1).took(Duration.ofMinutes(5)).build(),
            UpgradeReport.builder().outcome(UpgradeReport.Outcome.COMPLETED).message("done").took(Duration.ZERO)
                .build()),
        Arguments.of(
            UpgradePreview.builder().target(R19).installed(List.of(R18)).kubernetes(k8s("1.28"))
                .situation(new Situation.StartCanary(R18, R19, "go")).ruleCheck(UpgradeDecision.allowed(R18, R19,
                    k8s("1.28"))).hops(List.of(R19)).pathRefusal(refusal).planInProgress(plan)
                .steps(List.of(UpgradeStage.MESH_CONFIG_COPIED)).switchBy("tag:prod")
                .namespacesToRelabel(List.of("shop"))
                .tagsToMove(List.of("prod")).workloadsToRestart(List.of(CART)).notRestartable(List.of(BATCH))
                .podsOnOldByNamespace(Map.of("shop", 2)).namespacesWithIstioInjection(List.of("legacy"))
                .podsPerRevision(Map.of("asm-1-18", 2)).dangling(dangling).message("would start").build(),
            UpgradePreview.builder().target(rev("asm-1-20")).kubernetes(k8s("1.29"))
                .situation(new Situation.NothingToDo(rev("asm-1-20"), "nothing")).switchBy("relabel")
                .dangling(DanglingInjection.none(List.of())).message("nothing to do").build()),
        Arguments.of(
            RollOverReport.builder().currentImages(Map.of(R19, "img:2"))
                .staleWorkloads(List.of(
                    new PatchRollover.StaleWorkload(CART, new TreeMap<>(Map.of("cart-1", "img:1")))))
                .restarted(List.of(CART)).notRestartable(List.of(BATCH)).failedRollouts(List.of(failed))
                .warnings(List.of("look")).listenerFailures(2).build(),
            RollOverReport.builder().build()),
        Arguments.of(RestartReport.of(List.of(failed, paused)), RestartReport.builder().build()),
        Arguments.of(
            ClusterMeshState.builder().cluster("/subscriptions/s/resourceGroups/rg/providers/"
                    + "Microsoft.ContainerService/managedClusters/c").meshEnabled(true).revisions(List.of(R19, R18))
                .provisioningState("Succeeded").kubernetesVersion(k8s("1.28.3")).location("westeurope")
                .ingressGateways(Set.of(IngressGateway.EXTERNAL)).eTag("etag-1")
                .supportPlan(io.meshupgrade.model.SupportPlan.AKS_LONG_TERM_SUPPORT).build(),
            ClusterMeshState.builder().cluster("rg/other").provisioningState("Failed").kubernetesVersion(k8s("1.27"))
                .location("northeurope").build()),
        Arguments.of(pod, otherPod),
        Arguments.of(PodInventory.of(List.of(pod)), PodInventory.builder().build()),
        Arguments.of(dangling, DanglingInjection.none(List.of(R18, R19))),
        Arguments.of(ControlPlaneStatus.of(R19, List.of(istiod)), ControlPlaneStatus.builder().revision(R18).build()));
  }

  /**
   * {@code full} sets every field; {@code other} differs from it in every field. The round trip through the builder
   * keeps the value, and equals, hashCode and toString are value-based over every field: a field left out of any of
   * them (say, one added without updating equals) fails here.
   */
  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("samples")
  void issue9_toBuilderBuildRoundTripsToAnEqualValueAndEqualityCoversEveryField(Object full, Object other)
      throws Exception {
    Class<?> type = full.getClass();
    Object copy = rebuild(full);

    assertThat(copy).isNotSameAs(full).isEqualTo(full).hasSameHashCodeAs(full);
    assertThat(copy.toString()).isEqualTo(full.toString()).startsWith(type.getSimpleName() + "[");
    assertThat(rebuild(other)).isEqualTo(other);
    assertThat(other).isNotEqualTo(full);
    assertThat(other.hashCode()).as("%s.hashCode is value-based", type.getSimpleName()).isNotEqualTo(full.hashCode());
    List<Field> fields = Arrays.stream(type.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers()))
        .toList();
    assertThat(fields).isNotEmpty();
    for (Field f : fields) {
      f.setAccessible(true);
      assertThat(f.get(other)).as("the sample of %s sets %s", type.getSimpleName(), f.getName())
          .isNotEqualTo(f.get(full));
      Object changed = rebuild(full);
      f.set(changed, f.get(other));
      assertThat(changed).as("%s.equals looks at %s", type.getSimpleName(), f.getName()).isNotEqualTo(full);
      assertThat(full.toString()).as("%s.toString shows %s", type.getSimpleName(), f.getName())
          .contains(f.getName() + "=");
      Method accessor = type.getMethod(f.getName());
      assertThat(accessor.invoke(copy)).as("accessor %s()", f.getName()).isEqualTo(f.get(full));
      assertThat(accessor.invoke(other)).as("accessor %s()", f.getName()).isEqualTo(f.get(other));
    }
  }

  private static Object rebuild(Object value) throws Exception {
    Object builder = value.getClass().getMethod("toBuilder").invoke(value);
    return builder.getClass().getMethod("build").invoke(builder);
  }

  @Test
  void issue9_aReportGainsAWarningWithoutRestatingItsOtherFields() {
    UpgradeReport report = UpgradeReport.builder().outcome(UpgradeReport.Outcome.HALTED).message("halted")
        .target(R19).workloadsRestarted(4).warnings(List.of("first")).took(Duration.ofSeconds(3)).build();

    UpgradeReport more = report.toBuilder().addWarning("second").build();

    assertThat(more.warnings()).containsExactly("first", "second");
    assertThat(report.warnings()).containsExactly("first");
    assertThat(more.toBuilder().warnings(List.of("first")).build()).isEqualTo(report);
    assertThat(more.outcome()).isEqualTo(UpgradeReport.Outcome.HALTED);
    assertThat(more.workloadsRestarted()).isEqualTo(4);
    assertThat(more.target()).contains(R19);
    RollOverReport rollOver = RollOverReport.builder().restarted(List.of(CART)).build();
    assertThat(rollOver.toBuilder().addWarning("w").build().warnings()).containsExactly("w");
    assertThat(rollOver.toBuilder().addWarning("w").build().restarted()).containsExactly(CART);
  }

  @Test
  void issue9_theConvenienceFactoriesAndSettersBuildTheSameValues() {
    RolloutResult ok = new RolloutResult(CART, RolloutResult.Outcome.SUCCEEDED, "");
    RolloutResult paused = new RolloutResult(BATCH, RolloutResult.Outcome.PAUSED, "paused");
    PodRecord pod = PodRecord.builder().namespace("shop").name("cart-1").owner(CART).sidecar(SidecarState.INJECTED)
        .build();
    String id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c";

    assertThat(RestartReport.builder().addResult(ok).addResult(paused).build())
        .isEqualTo(RestartReport.of(List.of(ok, paused)));
    assertThat(RestartReport.of(List.of(ok, paused)).allSucceeded()).isFalse();
    assertThat(PodInventory.builder().addPod(pod).build()).isEqualTo(PodInventory.of(List.of(pod)));
    ClusterMeshState state = ClusterMeshState.builder().cluster(io.meshupgrade.model.ClusterId.parse(id))
        .provisioningState("Succeeded").kubernetesVersion(k8s("1.28")).location("westeurope").build();
    assertThat(state.cluster()).isEqualTo(id);
    assertThat(state.clusterId()).contains(io.meshupgrade.model.ClusterId.parse(id));
    assertThat(state.meshEnabled()).isFalse();
    assertThat(ControlPlaneStatus.builder().revision(R19).build()).isEqualTo(ControlPlaneStatus.of(R19, List.of()));
  }

  @Test
  void issue9_theBuildersKeepTheRecordsBoundaries() {
    String longestTag = "a".repeat(63);

    assertThat(RestartOptions.builder().concurrency(1).build().concurrency()).isEqualTo(1);
    assertThat(UpgradeOptions.builder().revisionTag(longestTag).build().revisionTag()).contains(longestTag);
    assertThatThrownBy(() -> UpgradeOptions.builder().revisionTag(longestTag + "a").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a revision tag name");
    assertThatThrownBy(() -> UpgradeReport.builder().message("m").took(Duration.ZERO).build()).hasMessage("outcome");
    assertThatThrownBy(() -> UpgradeReport.builder().outcome(UpgradeReport.Outcome.HALTED).took(Duration.ZERO)
        .build()).hasMessage("message");
    assertThatThrownBy(() -> UpgradeReport.builder().outcome(UpgradeReport.Outcome.HALTED).message("m").build())
        .hasMessage("took");
    assertThatThrownBy(() -> UpgradeReport.builder().addWarning(null)).hasMessage("warning");
    assertThatThrownBy(() -> UpgradePreview.builder().build()).hasMessage("target");
    List<String> order = new ArrayList<>(List.of("shop"));
    RestartOptions restart = RestartOptions.builder().namespaceOrder(order).build();
    order.add("web");
    assertThat(restart.namespaceOrder()).containsExactly("shop");
  }

  @Test
  void issue9_upgradeEventIsNotSealedAndEveryEventRecordHasItsOwnKind() throws Exception {
    assertThat(UpgradeEvent.class.isSealed()).isFalse();
    List<Class<?>> eventTypes = Arrays.stream(UpgradeEvent.class.getDeclaredClasses())
        .filter(UpgradeEvent.class::isAssignableFrom).toList();
    assertThat(eventTypes).hasSize(UpgradeEvent.Kind.values().length);

    Set<UpgradeEvent.Kind> kinds = EnumSet.noneOf(UpgradeEvent.Kind.class);
    for (Class<?> type : eventTypes) {
      assertThat(type.isRecord()).as("%s is a record", type.getSimpleName()).isTrue();
      UpgradeEvent event = sampleEvent(type);
      assertThat(kinds.add(event.kind())).as("%s has a kind of its own", type.getSimpleName()).isTrue();
      assertThat(event.kind().name()).isEqualTo(upperSnake(type.getSimpleName()));
      assertThat(event.kind().type()).isEqualTo(type);
      assertThat(event.at()).isEqualTo(CLOCK.instant());
    }
    assertThat(kinds).containsExactlyInAnyOrder(UpgradeEvent.Kind.values());
  }

  @Test
  void issue9_aListenerWithADefaultBranchIgnoresAnEventItDoesNotKnow() {
    List<String> seen = new ArrayList<>();
    io.meshupgrade.event.UpgradeListener listener = event -> {
      switch (event.kind()) {
        case COMPLETED -> seen.add("completed " + ((UpgradeEvent.Completed) event).to());
        default -> { } // kinds this listener does not know, such as those added in later releases
      }
    };

    listener.onEvent(new UpgradeEvent.Completed(CLOCK.instant(), R18, R19));
    listener.onEvent(new UpgradeEvent.TagMoved(CLOCK.instant(), "prod", R19));

    assertThat(seen).containsExactly("completed asm-1-19");
  }

  @Test
  void issue9_anEventClassFromOutsideTheLibraryHasNoKind() {
    UpgradeEvent foreign = () -> CLOCK.instant();

    assertThatThrownBy(foreign::kind).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not an event of this library");
  }

  private static UpgradeEvent sampleEvent(Class<?> type) throws Exception {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      args[i] = sampleOf(components[i].getGenericType());
    }
    Constructor<?> canonical = type.getDeclaredConstructor(types);
    return (UpgradeEvent) canonical.newInstance(args);
  }

  private static Object sampleOf(Type generic) {
    Class<?> raw = generic instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) generic;
    if (raw == Instant.class) {
      return CLOCK.instant();
    } else if (raw == Revision.class) {
      return R19;
    } else if (raw == UpgradeStage.class) {
      return UpgradeStage.CANARY_STARTED;
    } else if (raw == String.class) {
      return "x";
    } else if (raw == int.class) {
      return 1;
    } else if (raw == boolean.class) {
      return true;
    } else if (raw == Duration.class) {
      return Duration.ofSeconds(1);
    } else if (raw == WorkloadRef.class) {
      return CART;
    } else if (raw == RolloutResult.class) {
      return new RolloutResult(CART, RolloutResult.Outcome.SUCCEEDED, "");
    } else if (raw == List.class) {
      return List.of();
    } else if (raw == Map.class) {
      return Map.of();
    }
    throw new AssertionError("no sample for an event component of type " + generic + ": add one here");
  }

  private static String upperSnake(String camel) {
    return camel.replaceAll("(?<!^)([A-Z])", "_$1").toUpperCase(Locale.ROOT);
  }

  private static Method method(Class<?> type, String name) {
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(type.getSimpleName() + " has no public " + name + "()", e);
    }
  }
}
