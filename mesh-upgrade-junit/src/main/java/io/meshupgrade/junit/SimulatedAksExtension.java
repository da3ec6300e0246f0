package io.meshupgrade.junit;

import io.meshupgrade.junit.internal.ClusterSettings;
import io.meshupgrade.junit.internal.Environment;
import io.meshupgrade.testkit.SimulatedAksCluster;
import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link SimulatedAks}: starts a {@link SimulatedAksCluster} for each test (or one per
 * class when shared), keeps it in the {@link ExtensionContext.Store} and stops it when the test (or class) ends, and
 * resolves test parameters of these types:
 * <ul>
 *   <li>{@link SimulatedAksCluster}, {@link SimulatedAksAdapters}
 *   <li>{@link io.meshupgrade.MeshUpgrader}: wired to the four adapters below, holder
 *       {@value SimulatedAksAdapters#DEFAULT_HOLDER}, reporting to the {@link RecordedEvents} of the same test
 *   <li>{@link RecordedEvents}; {@link io.meshupgrade.options.UpgradeOptions}: {@link SimulatedAksAdapters#options()}
 *   <li>{@link io.meshupgrade.azure.AzureMeshControlPlane} (also as {@link io.meshupgrade.spi.MeshControlPlane}),
 *       {@link io.meshupgrade.k8s.KubernetesMeshDataPlane} ({@link io.meshupgrade.spi.MeshDataPlane}),
 *       {@link io.meshupgrade.k8s.ConfigMapPlanStore} ({@link io.meshupgrade.spi.PlanStore}),
 *       {@link io.meshupgrade.k8s.LeaseUpgradeLock} ({@link io.meshupgrade.spi.UpgradeLock}),
 *       {@link io.kubernetes.client.openapi.ApiClient}
 *   <li>the simulators' controls: {@link io.meshupgrade.testkit.arm.FakeArmServer},
 *       {@link io.meshupgrade.testkit.arm.ArmFaults}, {@link io.meshupgrade.testkit.k8s.KubernetesSimulator},
 *       {@link io.meshupgrade.testkit.k8s.Faults}, {@link io.meshupgrade.testkit.k8s.RequestLog},
 *       {@link io.meshupgrade.testkit.k8s.Workloads}
 * </ul>
 * All parameters of one test come from the same cluster.
 *
 * <p>Declarative form: annotate the class or method with {@link SimulatedAks}. Programmatic form:
 * <pre>{@code
 * @RegisterExtension
 * static SimulatedAksExtension aks = SimulatedAksExtension.builder()
 *     .revisions("asm-1-18").ingressGateways(true)
 *     .customize(cluster -> cluster.workloads(seed -> seed.namespace("shop", Map.of("istio.io/rev", "asm-1-18"))))
 *     .build();
 * }</pre>
 * Use one form per test class, not both.
 *
 * <p>Thread-safe: tests running in parallel each get their own cluster (unless shared).
 */
public final class SimulatedAksExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SimulatedAksExtension.class);

  private final ClusterSettings programmatic;

  /** The extension of {@link SimulatedAks}: settings come from the annotation. */
  public SimulatedAksExtension() {
    this.programmatic = null;
  }

  private SimulatedAksExtension(ClusterSettings settings) {
    this.programmatic = settings;
  }

  /** {@return a builder for the {@code @RegisterExtension} form, with the defaults of {@link SimulatedAks}} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return Environment.TYPES.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    try {
      return environment(context).get(parameter.getParameter().getType());
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("cannot provide " + parameter.getParameter().getType().getSimpleName()
          + " from the simulated AKS cluster: " + e.getMessage(), e);
    }
  }

  /**
   * {@return the cluster of the current test (started if needed), for other extensions and {@code @BeforeEach} code
   * that has an {@link ExtensionContext}}
   *
   * @param context the context
   */
  public SimulatedAksCluster cluster(ExtensionContext context) {
    return (SimulatedAksCluster) environment(Objects.requireNonNull(context, "context"))
        .get(SimulatedAksCluster.class);
  }

  private Environment environment(ExtensionContext context) {
    Located located = locate(context);
    ExtensionContext owner = located.owner();
    return owner.getStore(NAMESPACE).getOrComputeIfAbsent("environment:" + owner.getUniqueId(),
        k -> Environment.start(located.settings()), Environment.class);
  }

  private record Located(ClusterSettings settings, ExtensionContext owner) {}

  /** Which settings apply and which context owns the cluster. */
  private Located locate(ExtensionContext context) {
    if (programmatic != null) {
      return new Located(programmatic, programmatic.shared() ? classContext(context) : context);
    }
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      Optional<AnnotatedElement> element = c.getElement();
      if (element.isEmpty()) {
        continue;
      }
      Optional<SimulatedAks> a = AnnotationSupport.findAnnotation(element.get(), SimulatedAks.class);
      if (a.isPresent()) {
        ClusterSettings settings = ClusterSettings.of(a.get());
        boolean onClass = c.getTestMethod().isEmpty();
        return new Located(settings, onClass && settings.shared() ? c : context);
      }
    }
    throw new IllegalStateException("no @SimulatedAks on " + context.getDisplayName()
        + " nor its classes: annotate the class, or register SimulatedAksExtension.builder().build()");
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  /** Builds a {@link SimulatedAksExtension}. Not thread-safe. */
  public static final class Builder {
    private String[] revisions = {SimulatedAksCluster.DEFAULT_REVISION};
    private String kubernetesVersion = SimulatedAksCluster.DEFAULT_KUBERNETES_VERSION;
    private boolean ingressGateways;
    private boolean demoWorkloads = true;
    private String sharedMeshConfig;
    private Duration maxStartDelay = Duration.ofMillis(20);
    private final List<ClusterCustomizer> customizers = new ArrayList<>();
    private boolean shared;

    private Builder() {}

    /**
     * The revisions installed at the start (default asm-1-18); two for a canary already in progress.
     *
     * @param revisions the revisions
     * @return this builder
     */
    public Builder revisions(String... revisions) {
      Objects.requireNonNull(revisions, "revisions");
      SimulatedAksCluster.builder().revisions(revisions); // validates now
      this.revisions = revisions.clone();
      return this;
    }

    /**
     * The cluster's Kubernetes version (default 1.28.3).
     *
     * @param version the version
     * @return this builder
     */
    public Builder kubernetesVersion(String version) {
      SimulatedAksCluster.builder().kubernetesVersion(version); // validates now
      this.kubernetesVersion = version;
      return this;
    }

    /**
     * Whether the cluster has ingress gateways (default false).
     *
     * @param enabled whether enabled
     * @return this builder
     */
    public Builder ingressGateways(boolean enabled) {
      this.ingressGateways = enabled;
      return this;
    }

    /**
     * No demo workloads (add your own with {@link #customize}).
     *
     * @return this builder
     */
    public Builder noDemoWorkloads() {
      this.demoWorkloads = false;
      return this;
    }

    /**
     * Creates {@code istio-shared-configmap-<first revision>} with this {@code mesh} entry.
     *
     * @param mesh the mesh config text (the ConfigMap's {@code mesh} key)
     * @return this builder
     */
    public Builder sharedMeshConfig(String mesh) {
      this.sharedMeshConfig = Objects.requireNonNull(mesh, "mesh");
      return this;
    }

    /**
     * New pods become Ready after a random delay of at most this (default 20 ms).
     *
     * @param delay the delay
     * @return this builder
     */
    public Builder maxStartDelay(Duration delay) {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("max start delay must not be negative, got " + delay);
      }
      this.maxStartDelay = delay;
      return this;
    }

    /**
     * Applied, in the order added, after the settings above.
     *
     * @param customizer the customizer
     * @return this builder
     */
    public Builder customize(ClusterCustomizer customizer) {
      customizers.add(Objects.requireNonNull(customizer, "customizer"));
      return this;
    }

    /**
     * One cluster for all the tests of the class (default: a fresh one per test).
     *
     * @return this builder
     */
    public Builder shareAcrossTests() {
      this.shared = true;
      return this;
    }

    /** {@return the extension} */
    public SimulatedAksExtension build() {
      String[] revs = revisions.clone();
      String kubernetes = kubernetesVersion;
      boolean gateways = ingressGateways;
      boolean demo = demoWorkloads;
      String mesh = sharedMeshConfig;
      Duration delay = maxStartDelay;
      List<ClusterCustomizer> all = new ArrayList<>();
      all.add(b -> {
        b.revisions(revs).kubernetesVersion(kubernetes).ingressGateways(gateways).startDelay(Duration.ZERO, delay);
        if (!demo) {
          b.noWorkloads();
        }
        if (mesh != null) {
          b.sharedMeshConfig(mesh);
        }
      });
      all.addAll(customizers);
      return new SimulatedAksExtension(new ClusterSettings(all, shared));
    }

    @Override
    public String toString() {
      return "SimulatedAksExtension.Builder[" + Arrays.toString(revisions) + "]";
    }
  }
}
