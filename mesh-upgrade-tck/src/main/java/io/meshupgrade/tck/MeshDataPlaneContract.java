package io.meshupgrade.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.MeshConfigConflictException;
import io.meshupgrade.exception.UpgradeRefusedException;
import io.meshupgrade.model.ControlPlaneStatus;
import io.meshupgrade.model.MeshConfigCopy;
import io.meshupgrade.model.MeshNamespace;
import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.PodRecord;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionTag;
import io.meshupgrade.model.RolloutResult;
import io.meshupgrade.model.WorkloadKind;
import io.meshupgrade.model.WorkloadRef;
import io.meshupgrade.options.RestartOptions;
import io.meshupgrade.report.RestartReport;
import io.meshupgrade.spi.MeshDataPlane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MeshDataPlane} must do, as JUnit 5 tests: namespaces and their {@code istio.io/rev} labels,
 * revision tags, the shared mesh config, the pod inventory, restarts onto the revision a namespace injects now, the
 * control plane's readiness and the proxy image.
 *
 * <p>Extend it and implement the world: {@link #givenCluster(Cluster)} builds a cluster as described (by seeding a
 * simulator, a kind cluster, or an in-memory model) and returns the port for it; {@link #sharedMeshConfig(Revision)}
 * reads what the cluster holds; {@link #installRevision(Revision, String)} does what AKS does when a canary starts.
 *
 * <pre>{@code
 * class MyDataPlaneTckTest extends MeshDataPlaneContract {
 *   KindCluster kind = KindCluster.fresh();
 *   protected MeshDataPlane givenCluster(Cluster c) { kind.apply(c); return new MyDataPlane(kind.client()); }
 *   protected Optional<String> sharedMeshConfig(Revision r) { return kind.configMapData("istio-shared-configmap-" + r, "mesh"); }
 *   protected void installRevision(Revision r, String image) { kind.installIstiod(r, image); }
 * }
 * }</pre>
 *
 * <p>Not thread-safe (one instance per test, as JUnit creates them).
 */
public abstract class MeshDataPlaneContract {

  /** The revision the clusters of the tests start on. */
  protected static final Revision ASM_1_18 = Revision.parse("asm-1-18");
  /** The canary revision. */
  protected static final Revision ASM_1_19 = Revision.parse("asm-1-19");
  /** The proxy image {@link #ASM_1_18} injects. */
  protected static final String IMAGE_1_18 = "mcr.microsoft.com/oss/istio/proxyv2:1.18.2-distroless";
  /** The proxy image {@link #ASM_1_19} injects. */
  protected static final String IMAGE_1_19 = "mcr.microsoft.com/oss/istio/proxyv2:1.19.3-distroless";
  /** How long the tests let {@link MeshDataPlane#awaitControlPlane} wait for a control plane that is not there. */
  protected static final Duration SHORT = Duration.ofMillis(300);

  /**
   * Builds the cluster described (installed revisions with their ready control planes, namespaces, tags,
   * Deployments whose pods are running and injected as their namespace says, shared mesh configs) and returns the
   * port for it. Called once per test.
   *
   * @param cluster what the cluster holds
   * @return the port for the cluster
   */
  protected abstract MeshDataPlane givenCluster(Cluster cluster);

  /**
   * {@return the {@code mesh} data of ConfigMap {@code istio-shared-configmap-<revision>} as the cluster holds it
   * now; empty when there is no such ConfigMap}
   *
   * @param revision the revision whose shared mesh config to read
   */
  protected abstract Optional<String> sharedMeshConfig(Revision revision);

  /**
   * Installs {@code revision}'s control plane (ready) beside the others, as AKS does when a canary starts.
   *
   * @param revision the revision to install
   * @param proxyImage the proxy image the revision injects
   */
  protected abstract void installRevision(Revision revision, String proxyImage);

  /** A description of a cluster for {@link #givenCluster}. Not thread-safe. */
  public static final class Cluster {
    private final Map<Revision, String> revisions = new LinkedHashMap<>();
    private final Map<String, String> namespaces = new LinkedHashMap<>();
    private final List<String> legacyNamespaces = new ArrayList<>();
    private final List<String> plainNamespaces = new ArrayList<>();
    private final Map<String, Revision> tags = new LinkedHashMap<>();
    private final List<WorkloadRef> deployments = new ArrayList<>();
    private final Map<WorkloadRef, Integer> replicas = new LinkedHashMap<>();
    private final Map<Revision, String> meshConfigs = new LinkedHashMap<>();

    /**
     * An installed revision whose control plane is ready and injects {@code proxyImage}.
     *
     * @param revision the revision
     * @param proxyImage the proxy image it injects
     * @return this description
     */
    public Cluster revision(Revision revision, String proxyImage) {
      revisions.put(revision, proxyImage);
      return this;
    }

    /**
     * A namespace labelled {@code istio.io/rev=<revisionOrTag>}.
     *
     * @param name the namespace
     * @param revisionOrTag the value of its {@code istio.io/rev} label: a revision or a revision tag
     * @return this description
     */
    public Cluster namespace(String name, String revisionOrTag) {
      namespaces.put(name, revisionOrTag);
      return this;
    }

    /**
     * A namespace labelled {@code istio-injection=enabled} only.
     *
     * @param name the namespace
     * @return this description
     */
    public Cluster legacyNamespace(String name) {
      legacyNamespaces.add(name);
      return this;
    }

    /**
     * A namespace without mesh labels.
     *
     * @param name the namespace
     * @return this description
     */
    public Cluster plainNamespace(String name) {
      plainNamespaces.add(name);
      return this;
    }

    /**
     * A revision tag pointing at {@code revision}.
     *
     * @param tag the tag's name
     * @param revision the revision it points at
     * @return this description
     */
    public Cluster tag(String tag, Revision revision) {
      tags.put(tag, revision);
      return this;
    }

    /**
     * A Deployment with {@code count} running pods, injected as its namespace says when they were created.
     *
     * @param namespace the Deployment's namespace
     * @param name the Deployment's name
     * @param count how many pods it runs
     * @return this description
     */
    public Cluster deployment(String namespace, String name, int count) {
      WorkloadRef w = WorkloadRef.deployment(namespace, name);
      deployments.add(w);
      replicas.put(w, count);
      return this;
    }

    /**
     * ConfigMap {@code istio-shared-configmap-<revision>} with key {@code mesh}.
     *
     * @param revision the revision the ConfigMap is for
     * @param mesh the value of key {@code mesh}
     * @return this description
     */
    public Cluster sharedMeshConfig(Revision revision, String mesh) {
      meshConfigs.put(revision, mesh);
      return this;
    }

    /** {@return the installed revisions and their proxy images, in the order given} */
    public Map<Revision, String> revisions() {
      return Collections.unmodifiableMap(revisions);
    }

    /** {@return the namespaces labelled {@code istio.io/rev}, with the label's value} */
    public Map<String, String> namespaces() {
      return Collections.unmodifiableMap(namespaces);
    }

    /** {@return the namespaces labelled {@code istio-injection=enabled}} */
    public List<String> legacyNamespaces() {
      return Collections.unmodifiableList(legacyNamespaces);
    }

    /** {@return the namespaces without mesh labels} */
    public List<String> plainNamespaces() {
      return Collections.unmodifiableList(plainNamespaces);
    }

    /** {@return the revision tags, with the revision each points at} */
    public Map<String, Revision> tags() {
      return Collections.unmodifiableMap(tags);
    }

    /** {@return the Deployments, in the order given} */
    public List<WorkloadRef> deployments() {
      return Collections.unmodifiableList(deployments);
    }

    /**
     * {@return the replicas of a Deployment of {@link #deployments()}}
     *
     * @param deployment one of {@link #deployments()}
     */
    public int replicas(WorkloadRef deployment) {
      return replicas.get(deployment);
    }

    /** {@return the shared mesh configs, by revision} */
    public Map<Revision, String> sharedMeshConfigs() {
      return Collections.unmodifiableMap(meshConfigs);
    }
  }

  /** asm-1-18 and asm-1-19 installed, tag prod-stable on asm-1-18, namespaces shop and web on asm-1-18. */
  private MeshDataPlane canary() {
    return givenCluster(new Cluster().revision(ASM_1_18, IMAGE_1_18).revision(ASM_1_19, IMAGE_1_19)
        .tag("prod-stable", ASM_1_18)
        .namespace("shop", "asm-1-18").namespace("web", "asm-1-18").namespace("tagged", "prod-stable")
        .deployment("shop", "cart", 2).deployment("web", "frontend", 1));
  }

  /**
   * The mesh namespaces are listed by name with their {@code istio.io/rev} labels, legacy-injected ones included,
   * unlabelled ones left out.
   */
  @Test
  public void listsTheMeshNamespacesByNameWithTheirLabels() {
    MeshDataPlane dp = givenCluster(new Cluster().revision(ASM_1_18, IMAGE_1_18).tag("prod-stable", ASM_1_18)
        .namespace("web", "asm-1-18").namespace("shop", "asm-1-18").namespace("tagged", "prod-stable")
        .legacyNamespace("legacy").plainNamespace("plain"));

    List<MeshNamespace> namespaces = dp.meshNamespaces();

    assertThat(namespaces).extracting(MeshNamespace::name).containsExactly("legacy", "shop", "tagged", "web");
    assertThat(namespaces).extracting(MeshNamespace::revisionLabel).containsExactly("", "asm-1-18", "prod-stable",
        "asm-1-18");
    assertThat(namespaces.get(0).istioInjectionLabel()).isEqualTo("enabled");
  }

  /** Relabelling changes exactly the namespaces given, and relabelling again changes nothing. */
  @Test
  public void relabelsExactlyTheNamespacesItIsGivenAndIsIdempotent() {
    MeshDataPlane dp = canary();

    List<MeshNamespace> after = dp.relabelNamespaces(List.of("shop"), "asm-1-19");
    List<MeshNamespace> again = dp.relabelNamespaces(List.of("shop"), "asm-1-19");

    assertThat(after).extracting(MeshNamespace::name, MeshNamespace::revisionLabel)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("shop", "asm-1-19"));
    assertThat(again).isEqualTo(after);
    assertThat(labels(dp)).containsEntry("shop", "asm-1-19").containsEntry("web", "asm-1-18")
        .containsEntry("tagged", "prod-stable");
  }

  /** Namespaces can be relabelled back to the old revision and onto a revision tag. */
  @Test
  public void relabelsBackOnRollbackAndToATag() {
    MeshDataPlane dp = canary();

    dp.relabelNamespaces(List.of("shop", "web"), "asm-1-19");
    dp.relabelNamespaces(List.of("shop", "web"), "asm-1-18");
    dp.relabelNamespaces(List.of("web"), "prod-stable");

    assertThat(labels(dp)).containsEntry("shop", "asm-1-18").containsEntry("web", "prod-stable");
  }

  /** The revision tags are listed with their revision and the namespaces using them. */
  @Test
  public void listsTheRevisionTagsWithTheNamespacesUsingThem() {
    MeshDataPlane dp = canary();

    assertThat(dp.revisionTags()).singleElement().satisfies(t -> {
      assertThat(t.tag()).isEqualTo("prod-stable");
      assertThat(t.revision()).isEqualTo(ASM_1_18);
      assertThat(t.namespaces()).containsExactly("tagged");
    });
  }

  /** A tag is moved to a ready revision. */
  @Test
  public void movesATagToAReadyRevision() {
    MeshDataPlane dp = canary();

    RevisionTag moved = dp.moveRevisionTag("prod-stable", ASM_1_19);

    assertThat(moved.revision()).isEqualTo(ASM_1_19);
    assertThat(moved.namespaces()).containsExactly("tagged");
    assertThat(dp.revisionTags()).extracting(RevisionTag::revision).containsExactly(ASM_1_19);
    assertThat(dp.moveRevisionTag("prod-stable", ASM_1_19)).as("idempotent").isEqualTo(moved);
  }

  /** A tag cannot be pointed at a revision that is not installed, and it stays where it was. */
  @Test
  public void refusesToPointATagAtARevisionThatIsNotInstalled() {
    MeshDataPlane dp = canary();

    assertThatThrownBy(() -> dp.moveRevisionTag("prod-stable", Revision.parse("asm-1-30")))
        .isInstanceOf(UpgradeRefusedException.class).hasMessageContaining("asm-1-30");
    assertThat(dp.revisionTags()).extracting(RevisionTag::revision).containsExactly(ASM_1_18);
  }

  /** The shared mesh config is copied to the target revision, and copying it again writes nothing. */
  @Test
  public void copiesTheSharedMeshConfigOnce() {
    MeshDataPlane dp = givenCluster(new Cluster().revision(ASM_1_18, IMAGE_1_18).revision(ASM_1_19, IMAGE_1_19)
        .sharedMeshConfig(ASM_1_18, "accessLogFile: /dev/stdout\n"));

    assertThat(dp.copySharedMeshConfig(ASM_1_18, ASM_1_19, false)).isEqualTo(MeshConfigCopy.COPIED);
    assertThat(dp.copySharedMeshConfig(ASM_1_18, ASM_1_19, false)).isEqualTo(MeshConfigCopy.ALREADY_PRESENT);
    assertThat(sharedMeshConfig(ASM_1_19)).contains("accessLogFile: /dev/stdout\n");
    assertThat(sharedMeshConfig(ASM_1_18)).as("the source stays").contains("accessLogFile: /dev/stdout\n");
  }

  /** Without a shared mesh config for the source revision, nothing is copied. */
  @Test
  public void copiesNothingWithoutASource() {
    MeshDataPlane dp = givenCluster(new Cluster().revision(ASM_1_18, IMAGE_1_18).revision(ASM_1_19, IMAGE_1_19));

    assertThat(dp.copySharedMeshConfig(ASM_1_18, ASM_1_19, false)).isEqualTo(MeshConfigCopy.NO_SOURCE);
    assertThat(sharedMeshConfig(ASM_1_19)).isEmpty();
  }

  /**
   * A target shared mesh config with other data is refused with a {@link MeshConfigConflictException} unless
   * overwriting is asked for.
   */
  @Test
  public void overwritesATargetWithOtherDataOnlyWhenAsked() {
    MeshDataPlane dp = givenCluster(new Cluster().revision(ASM_1_18, IMAGE_1_18).revision(ASM_1_19, IMAGE_1_19)
        .sharedMeshConfig(ASM_1_18, "accessLogFile: /dev/stdout\n").sharedMeshConfig(ASM_1_19, "x: y\n"));

    assertThatThrownBy(() -> dp.copySharedMeshConfig(ASM_1_18, ASM_1_19, false))
        .isInstanceOf(MeshConfigConflictException.class);
    assertThat(sharedMeshConfig(ASM_1_19)).contains("x: y\n");
    assertThat(dp.copySharedMeshConfig(ASM_1_18, ASM_1_19, true)).isEqualTo(MeshConfigCopy.OVERWRITTEN);
    assertThat(sharedMeshConfig(ASM_1_19)).contains("accessLogFile: /dev/stdout\n");
  }

  /** The shared mesh config of a removed revision is deleted, and deleting it again does nothing. */
  @Test
  public void deletesTheSharedMeshConfigOfARemovedRevisionOnce() {
    MeshDataPlane dp = givenCluster(new Cluster().revision(ASM_1_19, IMAGE_1_19)
        .sharedMeshConfig(ASM_1_18, "accessLogFile: /dev/stdout\n"));

    assertThat(dp.deleteSharedMeshConfig(ASM_1_18)).isTrue();
    assertThat(dp.deleteSharedMeshConfig(ASM_1_18)).isFalse();
    assertThat(sharedMeshConfig(ASM_1_18)).isEmpty();
  }

  /** The inventory lists every pod with its revision, proxy image and owning workload. */
  @Test
  public void inventoriesEveryPodWithItsRevisionProxyImageAndOwner() {
    MeshDataPlane dp = canary();

    PodInventory inventory = dp.inventory();

    WorkloadRef cart = WorkloadRef.deployment("shop", "cart");
    assertThat(inventory.podsOn(ASM_1_18)).hasSize(3).allSatisfy(p -> {
      assertThat(p.proxyImage()).isEqualTo(IMAGE_1_18);
      assertThat(p.revision()).contains(ASM_1_18);
    });
    assertThat(inventory.podsOn(ASM_1_18)).filteredOn(p -> p.owner().equals(cart)).hasSize(2)
        .extracting(PodRecord::namespace).containsOnly("shop");
    assertThat(inventory.podsOn(ASM_1_19)).isEmpty();
    assertThat(inventory.workloadsOn(ASM_1_18)).containsExactlyInAnyOrder(cart,
        WorkloadRef.deployment("web", "frontend"));
  }

  /**
   * A restarted workload comes back on the revision its namespace injects now, the listener is told, and other
   * workloads are left alone.
   */
  @Test
  public void restartsAWorkloadOntoTheRevisionItsNamespaceInjectsNow() {
    MeshDataPlane dp = canary();
    WorkloadRef cart = WorkloadRef.deployment("shop", "cart");
    dp.relabelNamespaces(List.of("shop"), "asm-1-19");
    List<String> told = Collections.synchronizedList(new ArrayList<>());

    RestartReport report = dp.restartWorkloads(List.of(cart), RestartOptions.defaults(),
        new MeshDataPlane.RestartListener() {
          @Override
          public void restarted(WorkloadRef workload, int index, int total) {
            told.add("restarted " + workload + " " + index + "/" + total);
          }

          @Override
          public void rolloutFinished(RolloutResult result) {
            told.add("finished " + result.workload() + " " + result.outcome());
          }
        });

    assertThat(report.results()).singleElement().satisfies(r -> {
      assertThat(r.workload()).isEqualTo(cart);
      assertThat(r.outcome()).as(r.detail()).isEqualTo(RolloutResult.Outcome.SUCCEEDED);
    });
    assertThat(told).containsExactly("restarted " + cart + " 1/1", "finished " + cart + " SUCCEEDED");
    PodInventory after = dp.inventory();
    assertThat(after.podsOn(ASM_1_19)).hasSize(2).allSatisfy(p -> {
      assertThat(p.owner()).isEqualTo(cart);
      assertThat(p.proxyImage()).isEqualTo(IMAGE_1_19);
    });
    assertThat(after.workloadsOn(ASM_1_18)).as("only the workload asked for moved")
        .containsExactly(WorkloadRef.deployment("web", "frontend"));
  }

  /** Missing and unrestartable workloads are reported as such, and the other workloads are still restarted. */
  @Test
  public void reportsMissingAndUnrestartableWorkloadsWithoutStoppingTheOthers() {
    MeshDataPlane dp = canary();
    WorkloadRef gone = WorkloadRef.deployment("shop", "gone");
    WorkloadRef job = new WorkloadRef(WorkloadKind.JOB, "shop", "batch");
    WorkloadRef cart = WorkloadRef.deployment("shop", "cart");

    RestartReport report = dp.restartWorkloads(List.of(gone, job, cart), RestartOptions.defaults(),
        MeshDataPlane.RestartListener.NONE);

    assertThat(report.results()).extracting(RolloutResult::workload, RolloutResult::outcome).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(gone, RolloutResult.Outcome.NOT_FOUND),
        org.assertj.core.groups.Tuple.tuple(job, RolloutResult.Outcome.NOT_RESTARTABLE),
        org.assertj.core.groups.Tuple.tuple(cart, RolloutResult.Outcome.SUCCEEDED));
  }

  /**
   * An installed control plane is reported ready; a missing one is reported not ready within {@link #SHORT}, naming its
   * istiod.
   */
  @Test
  public void reportsAnInstalledControlPlaneReadyAndAMissingOneNotReadyNamingIstiod() {
    MeshDataPlane dp = givenCluster(new Cluster().revision(ASM_1_18, IMAGE_1_18));

    ControlPlaneStatus ready = dp.awaitControlPlane(ASM_1_18, Set.of(), SHORT);
    ControlPlaneStatus missing = dp.awaitControlPlane(ASM_1_19, Set.of(), SHORT);

    assertThat(ready.ready()).as(ready.describe()).isTrue();
    assertThat(ready.revision()).isEqualTo(ASM_1_18);
    assertThat(missing.ready()).isFalse();
    assertThat(missing.components()).filteredOn(c -> !c.ready())
        .extracting(ControlPlaneStatus.Component::name).contains("istiod-asm-1-19");
  }

  /** A canary control plane is seen ready once it is installed. */
  @Test
  public void seesACanaryControlPlaneOnceItIsInstalled() {
    MeshDataPlane dp = givenCluster(new Cluster().revision(ASM_1_18, IMAGE_1_18));

    installRevision(ASM_1_19, IMAGE_1_19);

    assertThat(dp.awaitControlPlane(ASM_1_19, Set.of(), Duration.ofSeconds(30)).ready()).isTrue();
    assertThat(dp.currentProxyImage(ASM_1_19)).contains(IMAGE_1_19);
  }

  /** The proxy image a revision injects is read, and none for a revision that is not installed. */
  @Test
  public void readsTheProxyImageARevisionInjectsAndNoneForARevisionNotInstalled() {
    MeshDataPlane dp = givenCluster(new Cluster().revision(ASM_1_18, IMAGE_1_18));

    assertThat(dp.currentProxyImage(ASM_1_18)).contains(IMAGE_1_18);
    assertThat(dp.currentProxyImage(ASM_1_19)).isEmpty();
  }

  private static Map<String, String> labels(MeshDataPlane dp) {
    Map<String, String> m = new LinkedHashMap<>();
    dp.meshNamespaces().forEach(n -> m.put(n.name(), n.revisionLabel()));
    return m;
  }
}
