package io.meshupgrade.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class (or method) against a simulated AKS cluster with the Istio add-on: a fake ARM server
 * and a Kubernetes API simulator wired together ({@link io.meshupgrade.testkit.SimulatedAksCluster}), and hands the
 * test, as parameters, the cluster, a ready {@link io.meshupgrade.MeshUpgrader} and the adapters talking to the
 * cluster over real HTTP (see {@link SimulatedAksExtension} for the parameter types).
 *
 * <pre>{@code
 * @SimulatedAks(revisions = "asm-1-18", ingressGateways = true)
 * class UpgradeTest {
 *   @Test
 *   void upgradesTheMesh(MeshUpgrader upgrader, SimulatedAksCluster cluster, UpgradeOptions options) {
 *     upgrader.upgrade(Revision.parse("asm-1-19"), options);
 *     assertThatCluster(cluster).hasRevisionsInstalled(Revision.parse("asm-1-19"))
 *         .hasNoPodsOn(Revision.parse("asm-1-18"));
 *   }
 * }
 * }</pre>
 *
 * <p>An annotation on a method overrides the one on its class. By default every test gets a fresh cluster; with
 * {@link #shared()} the tests of a class share one. For settings built in code, register
 * {@link SimulatedAksExtension#builder()} with {@code @RegisterExtension} instead (not both on one class).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SimulatedAksExtension.class)
public @interface SimulatedAks {

  /** {@return the revisions installed at the start: one, or two for a canary already in progress} */
  String[] revisions() default {"asm-1-18"};

  /** {@return the cluster's Kubernetes version} */
  String kubernetesVersion() default "1.28.3";

  /** {@return whether the cluster has ingress gateways (external and internal)} */
  boolean ingressGateways() default false;

  /**
   * {@return whether to seed the demo workloads (see {@code SimulatedAksCluster.Builder#demoWorkloads()}); else none}
   */
  boolean demoWorkloads() default true;

  /** {@return the {@code mesh} entry of {@code istio-shared-configmap-<first revision>}; empty: no such ConfigMap} */
  String sharedMeshConfig() default "";

  /** {@return new pods become Ready after a random delay of at most this many milliseconds} */
  int maxStartDelayMillis() default 20;

  /**
   * Applied in order after the attributes above.
   *
   * @return the class[]
   */
  Class<? extends ClusterCustomizer>[] customizers() default {};

  /** {@return one cluster for all the tests of the class (true) or a fresh one per test (false, the default)} */
  boolean shared() default false;
}
