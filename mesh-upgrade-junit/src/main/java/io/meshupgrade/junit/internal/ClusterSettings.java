package io.meshupgrade.junit.internal;

import io.meshupgrade.junit.ClusterCustomizer;
import io.meshupgrade.junit.SimulatedAks;
import io.meshupgrade.testkit.SimulatedAksCluster;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to build the cluster of a test: the customizers, applied in order to a fresh builder, and whether the tests of
 * a class share one cluster. Not API. Immutable.
 */
public record ClusterSettings(List<ClusterCustomizer> customizers, boolean shared) {

  public ClusterSettings {
    customizers = List.copyOf(Objects.requireNonNull(customizers, "customizers"));
  }

  /** The settings an annotation describes. */
  public static ClusterSettings of(SimulatedAks a) {
    Objects.requireNonNull(a, "annotation");
    List<ClusterCustomizer> list = new ArrayList<>();
    String[] revisions = a.revisions().clone();
    String kubernetes = a.kubernetesVersion();
    boolean gateways = a.ingressGateways();
    boolean demo = a.demoWorkloads();
    String mesh = a.sharedMeshConfig();
    int delay = a.maxStartDelayMillis();
    if (delay < 0) {
      throw new IllegalArgumentException("maxStartDelayMillis must not be negative, got " + delay);
    }
    list.add(b -> {
      b.revisions(revisions).kubernetesVersion(kubernetes).ingressGateways(gateways)
          .startDelay(Duration.ZERO, Duration.ofMillis(delay));
      if (!demo) {
        b.noWorkloads();
      }
      if (!mesh.isEmpty()) {
        b.sharedMeshConfig(mesh);
      }
    });
    for (Class<? extends ClusterCustomizer> type : a.customizers()) {
      list.add(instantiate(type));
    }
    return new ClusterSettings(list, a.shared());
  }

  /** A builder with every customizer applied. */
  public SimulatedAksCluster.Builder clusterBuilder() {
    SimulatedAksCluster.Builder b = SimulatedAksCluster.builder();
    for (ClusterCustomizer c : customizers) {
      c.customize(b);
    }
    return b;
  }

  private static ClusterCustomizer instantiate(Class<? extends ClusterCustomizer> type) {
    try {
      Constructor<? extends ClusterCustomizer> c = type.getDeclaredConstructor();
      c.setAccessible(true);
      return c.newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException("cannot create the ClusterCustomizer " + type.getName()
          + ": give it a no-argument constructor (and make a nested class static)", e);
    }
  }
}
