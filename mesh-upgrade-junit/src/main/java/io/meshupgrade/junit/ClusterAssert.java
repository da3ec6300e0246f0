package io.meshupgrade.junit;

import io.meshupgrade.model.Revision;
import io.meshupgrade.testkit.MeshPod;
import io.meshupgrade.testkit.SimulatedAksCluster;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on the mesh state of a {@link SimulatedAksCluster}, read at the moment each method is called
 * (ARM's revisions, the control planes in the cluster, namespace labels, the revision and proxy image of every
 * workload pod). Get one from {@link MeshAssertions#assertThatCluster(SimulatedAksCluster)}.
 *
 * <p>Not thread-safe (as AssertJ assertions are not); use from the test's thread.
 */
public final class ClusterAssert extends AbstractAssert<ClusterAssert, SimulatedAksCluster> {

  ClusterAssert(SimulatedAksCluster actual) {
    super(actual, ClusterAssert.class);
  }

  /**
   * No workload pod runs a proxy of {@code revision}.
   *
   * @param revision the revision, e.g. {@code asm-1-19}
   * @return this cluster assert
   */
  public ClusterAssert hasNoPodsOn(Revision revision) {
    isNotNull();
    Objects.requireNonNull(revision, "revision");
    List<MeshPod> pods = actual.podsOn(revision.toString());
    if (!pods.isEmpty()) {
      failWithMessage("expected no pods on %s but %d still run it: %s", revision, pods.size(), pods);
    }
    return this;
  }

  /**
   * At least one workload pod runs a proxy, and every pod with a proxy runs one of {@code revision}.
   *
   * @param revision the revision, e.g. {@code asm-1-19}
   * @return this cluster assert
   */
  public ClusterAssert hasAllPodsOn(Revision revision) {
    isNotNull();
    Objects.requireNonNull(revision, "revision");
    List<MeshPod> injected = actual.pods().stream().filter(p -> p.revision().isPresent()).toList();
    if (injected.isEmpty()) {
      failWithMessage("expected all pods on %s but no pod has a sidecar", revision);
    }
    List<MeshPod> others = injected.stream().filter(p -> !p.runs(revision.toString())).toList();
    if (!others.isEmpty()) {
      failWithMessage("expected all pods on %s but %d run another revision: %s", revision, others.size(), others);
    }
    return this;
  }

  /**
   * Exactly {@code count} workload pods run a proxy of {@code revision}.
   *
   * @param revision the revision, e.g. {@code asm-1-19}
   * @param count how many
   * @return this cluster assert
   */
  public ClusterAssert hasPodsOn(Revision revision, int count) {
    isNotNull();
    Objects.requireNonNull(revision, "revision");
    List<MeshPod> pods = actual.podsOn(revision.toString());
    if (pods.size() != count) {
      failWithMessage("expected %d pods on %s but found %d: %s", count, revision, pods.size(), pods);
    }
    return this;
  }

  /**
   * Every workload pod is Ready.
   *
   * @return this cluster assert
   */
  public ClusterAssert hasAllPodsReady() {
    isNotNull();
    List<MeshPod> notReady = actual.pods().stream().filter(p -> !p.ready()).toList();
    if (!notReady.isEmpty()) {
      failWithMessage("expected all pods Ready but %d are not: %s", notReady.size(), notReady);
    }
    return this;
  }

  /**
   * Every pod with a proxy runs the image its revision injects now (no proxy left behind by a patch release).
   *
   * @return this cluster assert
   */
  public ClusterAssert hasNoStaleProxies() {
    isNotNull();
    List<String> stale = actual.pods().stream()
        .filter(p -> p.revision().isPresent() && !p.proxyImage().equals(Optional.of(actual.proxyImage(p.revision().get()))))
        .map(p -> p + " runs " + p.proxyImage().orElse("no proxy") + " instead of "
            + actual.proxyImage(p.revision().get()))
        .toList();
    if (!stale.isEmpty()) {
      failWithMessage("expected no stale proxies but found %d: %s", stale.size(), stale);
    }
    return this;
  }

  /**
   * Exactly these namespaces (in any order) are labelled {@code istio.io/rev=<revision>}.
   *
   * @param revision the revision, e.g. {@code asm-1-19}
   * @param namespaces the namespaces
   * @return this cluster assert
   */
  public ClusterAssert hasNamespacesOn(Revision revision, String... namespaces) {
    isNotNull();
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(namespaces, "namespaces");
    TreeSet<String> expected = new TreeSet<>(Arrays.asList(namespaces));
    TreeSet<String> found = new TreeSet<>(actual.namespacesLabelled(revision.toString()));
    if (!expected.equals(found)) {
      failWithMessage("expected namespaces %s labelled istio.io/rev=%s but found %s", expected, revision, found);
    }
    return this;
  }

  /**
   * No namespace is labelled {@code istio.io/rev=<revision>}.
   *
   * @param revision the revision, e.g. {@code asm-1-19}
   * @return this cluster assert
   */
  public ClusterAssert hasNoNamespacesOn(Revision revision) {
    return hasNamespacesOn(revision);
  }

  /**
   * Exactly these revisions (in any order) are installed, both in ARM's mesh profile and as control planes in the
   * cluster.
   *
   * @param revisions the revisions
   * @return this cluster assert
   */
  public ClusterAssert hasRevisionsInstalled(Revision... revisions) {
    isNotNull();
    Objects.requireNonNull(revisions, "revisions");
    TreeSet<String> expected = new TreeSet<>();
    for (Revision r : revisions) {
      expected.add(Objects.requireNonNull(r, "revision").toString());
    }
    TreeSet<String> arm = new TreeSet<>(actual.installedRevisions());
    TreeSet<String> cluster = new TreeSet<>(actual.controlPlaneRevisions());
    if (!expected.equals(arm) || !expected.equals(cluster)) {
      failWithMessage("expected revisions %s installed but ARM has %s and the cluster runs control planes of %s",
          expected, arm, cluster);
    }
    return this;
  }

  /**
   * The ConfigMap {@code istio-shared-configmap-<revision>} exists.
   *
   * @param revision the revision, e.g. {@code asm-1-19}
   * @return this cluster assert
   */
  public ClusterAssert hasSharedMeshConfig(Revision revision) {
    isNotNull();
    Objects.requireNonNull(revision, "revision");
    if (actual.sharedMeshConfig(revision.toString()).isEmpty()) {
      failWithMessage("expected the ConfigMap %s%s but there is none", SimulatedAksCluster.SHARED_CONFIG_MAP_PREFIX,
          revision);
    }
    return this;
  }

  /**
   * The ConfigMap {@code istio-shared-configmap-<revision>} does not exist.
   *
   * @param revision the revision, e.g. {@code asm-1-19}
   * @return this cluster assert
   */
  public ClusterAssert hasNoSharedMeshConfig(Revision revision) {
    isNotNull();
    Objects.requireNonNull(revision, "revision");
    if (actual.sharedMeshConfig(revision.toString()).isPresent()) {
      failWithMessage("expected no ConfigMap %s%s but it exists", SimulatedAksCluster.SHARED_CONFIG_MAP_PREFIX,
          revision);
    }
    return this;
  }
}
