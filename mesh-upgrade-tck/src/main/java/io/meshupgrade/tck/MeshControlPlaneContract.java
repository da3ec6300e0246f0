package io.meshupgrade.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshupgrade.exception.ClusterNotReadyException;
import io.meshupgrade.exception.MeshNotEnabledException;
import io.meshupgrade.exception.NoUpgradeInProgressException;
import io.meshupgrade.exception.OperationFailedException;
import io.meshupgrade.exception.RequestRejectedException;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.model.MeshUpgrades;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.spi.MeshControlPlane;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MeshControlPlane} must do, as JUnit 5 tests: the revision rules of {@code az aks mesh}
 * (at most two revisions; start only to an offered revision; complete keeps the highest, rollback the lowest;
 * every call idempotent, without a write when the cluster is already as asked) and the typed failures.
 *
 * <p>Extend it and implement the world: {@link #givenCluster(List)} (a cluster on Kubernetes {@link #KUBERNETES}
 * whose location offers {@link #CATALOG}), {@link #givenClusterWithoutMesh()}, {@link #revisionWrites()} and
 * {@link #failNextOperation()}.
 *
 * <pre>{@code
 * class MyArmControlPlaneTckTest extends MeshControlPlaneContract {
 *   FakeArm arm;
 *   protected MeshControlPlane givenCluster(List<Revision> installed) {
 *     arm = FakeArm.start(CATALOG, KUBERNETES, installed);
 *     return new MyArmControlPlane(arm.endpoint());
 *   }
 *   protected MeshControlPlane givenClusterWithoutMesh() { ... }
 *   protected int revisionWrites() { return arm.revisionChanges(); }
 *   protected void failNextOperation() { arm.failNextOperation(); }
 * }
 * }</pre>
 *
 * <p>Not thread-safe (one instance per test, as JUnit creates them).
 */
public abstract class MeshControlPlaneContract {

  /** The first revision of {@link #CATALOG}. */
  protected static final Revision ASM_1_18 = Revision.parse("asm-1-18");
  /** The second revision of {@link #CATALOG}, the upgrade offered from {@link #ASM_1_18}. */
  protected static final Revision ASM_1_19 = Revision.parse("asm-1-19");
  /** The last revision of {@link #CATALOG}, the upgrade offered from {@link #ASM_1_19}. */
  protected static final Revision ASM_1_20 = Revision.parse("asm-1-20");

  /** The cluster's Kubernetes version in every test. */
  protected static final KubernetesVersion KUBERNETES = KubernetesVersion.parse("1.28.3");

  /** What the cluster's location supports: asm-1-18 -> asm-1-19 -> asm-1-20, each compatible with 1.28. */
  protected static final RevisionCatalog CATALOG = RevisionCatalog.builder()
      .revision("asm-1-18", List.of("asm-1-19"), List.of("1.26", "1.27", "1.28"))
      .revision("asm-1-19", List.of("asm-1-20"), List.of("1.27", "1.28", "1.29"))
      .revision("asm-1-20", List.of(), List.of("1.28", "1.29", "1.30"))
      .build();

  /**
   * A managed cluster, mesh add-on enabled, provisioning state Succeeded, on {@link #KUBERNETES}, its location
   * offering {@link #CATALOG}, with {@code installed} (ascending, one or two) as its mesh revisions; and the port
   * for it. Called at most once per test.
   *
   * @param installed the mesh revisions installed, ascending, one or two
   * @return the port for the cluster
   */
  protected abstract MeshControlPlane givenCluster(List<Revision> installed);

  /**
   * A managed cluster without the mesh add-on (disabled or never enabled), and the port for it.
   *
   * @return the port for the cluster
   */
  protected abstract MeshControlPlane givenClusterWithoutMesh();

  /** {@return how many writes that changed the mesh revisions the cluster of this test received so far} */
  protected abstract int revisionWrites();

  /**
   * The next revision write fails as an ARM operation that ends Failed: the revisions stay as they were and the
   * cluster's provisioning state becomes Failed.
   */
  protected abstract void failNextOperation();

  private MeshControlPlane givenCluster(Revision... installed) {
    return givenCluster(List.of(installed));
  }

  /** The mesh state lists the installed revisions in ascending order. */
  @Test
  public void readsTheInstalledRevisionsInAscendingOrder() {
    MeshControlPlane cp = givenCluster(ASM_1_18, ASM_1_19);

    ClusterMeshState state = cp.readMeshState();

    assertThat(state.meshEnabled()).isTrue();
    assertThat(state.revisions()).containsExactly(ASM_1_18, ASM_1_19);
    assertThat(state.isCanaryInProgress()).isTrue();
    assertThat(state.isSucceeded()).isTrue();
    assertThat(state.kubernetesVersion()).isEqualTo(KUBERNETES);
    assertThat(state.cluster()).isNotBlank();
  }

  /**
   * A cluster without the add-on reads as not enabled, and its upgrades are refused with a {@link
   * MeshNotEnabledException}.
   */
  @Test
  public void readsAClusterWithoutTheAddOnAsNotEnabledAndRefusesItsUpgrades() {
    MeshControlPlane cp = givenClusterWithoutMesh();

    ClusterMeshState state = cp.readMeshState();

    assertThat(state.meshEnabled()).isFalse();
    assertThat(state.revisions()).isEmpty();
    assertThatThrownBy(cp::getUpgrades).isInstanceOf(MeshNotEnabledException.class);
    assertThatThrownBy(() -> cp.startCanary(ASM_1_18)).isInstanceOf(MeshNotEnabledException.class);
    assertThat(revisionWrites()).isZero();
  }

  /** The upgrades offered are the next revisions of the installed one. */
  @Test
  public void offersTheNextRevisionOfTheInstalledOne() {
    MeshUpgrades upgrades = givenCluster(ASM_1_18).getUpgrades();

    assertThat(upgrades.upgradeInProgress()).isFalse();
    assertThat(upgrades.offeredUpgrades()).containsExactly(ASM_1_19);
  }

  /** The upgrades say an upgrade is in progress while two revisions are installed. */
  @Test
  public void saysAnUpgradeIsInProgressWhileTwoRevisionsAreInstalled() {
    assertThat(givenCluster(ASM_1_18, ASM_1_19).getUpgrades().upgradeInProgress()).isTrue();
  }

  /** The revisions listed are those of the cluster's location, {@link #CATALOG}. */
  @Test
  public void listsTheRevisionsOfTheLocation() {
    RevisionCatalog catalog = givenCluster(ASM_1_18).getRevisions();

    assertThat(catalog.revisions()).containsExactly(ASM_1_18, ASM_1_19, ASM_1_20);
    assertThat(catalog.upgradesOf(ASM_1_18)).containsExactly(ASM_1_19);
    assertThat(catalog.isCompatible(ASM_1_20, KUBERNETES)).isTrue();
  }

  /** Starting a canary installs the target beside the current revision, in one write. */
  @Test
  public void startCanaryInstallsTheTargetBesideTheCurrentRevision() {
    MeshControlPlane cp = givenCluster(ASM_1_18);

    ClusterMeshState state = cp.startCanary(ASM_1_19);

    assertThat(state.revisions()).containsExactly(ASM_1_18, ASM_1_19);
    assertThat(state.isSucceeded()).isTrue();
    assertThat(cp.readMeshState().revisions()).containsExactly(ASM_1_18, ASM_1_19);
    assertThat(revisionWrites()).isEqualTo(1);
  }

  /** Starting the same canary twice writes once and answers the same state. */
  @Test
  public void startCanaryIsIdempotent() {
    MeshControlPlane cp = givenCluster(ASM_1_18);

    cp.startCanary(ASM_1_19);
    ClusterMeshState again = cp.startCanary(ASM_1_19);

    assertThat(again.revisions()).containsExactly(ASM_1_18, ASM_1_19);
    assertThat(revisionWrites()).isEqualTo(1);
  }

  /** Starting a canary whose revisions are both installed already writes nothing. */
  @Test
  public void startCanaryWritesNothingWhenBothRevisionsAreInstalledAlready() {
    ClusterMeshState state = givenCluster(ASM_1_18, ASM_1_19).startCanary(ASM_1_19);

    assertThat(state.revisions()).containsExactly(ASM_1_18, ASM_1_19);
    assertThat(revisionWrites()).isZero();
  }

  /** A canary to a third revision while two are installed is refused, and nothing changes. */
  @Test
  public void refusesASecondCanaryWithoutChangingAnything() {
    MeshControlPlane cp = givenCluster(ASM_1_18, ASM_1_19);

    assertThatThrownBy(() -> cp.startCanary(ASM_1_20)).isInstanceOf(RequestRejectedException.class);
    assertThat(cp.readMeshState().revisions()).containsExactly(ASM_1_18, ASM_1_19);
    assertThat(revisionWrites()).isZero();
  }

  /**
   * A canary to a revision that is not an offered upgrade is refused with a {@link RequestRejectedException}, and
   * nothing changes.
   */
  @Test
  public void refusesATargetThatIsNotAnOfferedUpgrade() {
    MeshControlPlane cp = givenCluster(ASM_1_18);

    assertThatThrownBy(() -> cp.startCanary(ASM_1_20)).as("skips a minor revision")
        .isInstanceOf(RequestRejectedException.class);
    assertThatThrownBy(() -> cp.startCanary(Revision.parse("asm-1-21"))).as("outside the catalog")
        .isInstanceOf(RequestRejectedException.class);
    assertThat(cp.readMeshState().revisions()).containsExactly(ASM_1_18);
    assertThat(revisionWrites()).isZero();
  }

  /** Completing keeps the highest revision only. */
  @Test
  public void completeKeepsTheHighestRevision() {
    MeshControlPlane cp = givenCluster(ASM_1_18, ASM_1_19);

    ClusterMeshState state = cp.complete(ASM_1_19);

    assertThat(state.revisions()).containsExactly(ASM_1_19);
    assertThat(cp.readMeshState().revisions()).containsExactly(ASM_1_19);
    assertThat(revisionWrites()).isEqualTo(1);
  }

  /** Completing when only the target remains writes nothing. */
  @Test
  public void completeWritesNothingWhenOnlyTheTargetRemains() {
    MeshControlPlane cp = givenCluster(ASM_1_19);

    assertThat(cp.complete(ASM_1_19).revisions()).containsExactly(ASM_1_19);
    assertThat(revisionWrites()).isZero();
  }

  /** Completing without a canary fails with a {@link NoUpgradeInProgressException}. */
  @Test
  public void completeWithoutACanaryIsNoUpgradeInProgress() {
    MeshControlPlane cp = givenCluster(ASM_1_18);

    assertThatThrownBy(() -> cp.complete(ASM_1_19)).isInstanceOf(NoUpgradeInProgressException.class);
    assertThat(revisionWrites()).isZero();
  }

  /** Completing to the lower of the two revisions is refused, and nothing changes. */
  @Test
  public void completeToTheLowerRevisionIsRefused() {
    MeshControlPlane cp = givenCluster(ASM_1_18, ASM_1_19);

    assertThatThrownBy(() -> cp.complete(ASM_1_18)).isInstanceOf(RequestRejectedException.class);
    assertThat(cp.readMeshState().revisions()).containsExactly(ASM_1_18, ASM_1_19);
    assertThat(revisionWrites()).isZero();
  }

  /** Rolling back keeps the lowest revision only. */
  @Test
  public void rollbackKeepsTheLowestRevision() {
    MeshControlPlane cp = givenCluster(ASM_1_18, ASM_1_19);

    ClusterMeshState state = cp.rollback(ASM_1_18);

    assertThat(state.revisions()).containsExactly(ASM_1_18);
    assertThat(cp.readMeshState().revisions()).containsExactly(ASM_1_18);
    assertThat(revisionWrites()).isEqualTo(1);
  }

  /** Rolling back when only the previous revision remains writes nothing. */
  @Test
  public void rollbackWritesNothingWhenOnlyThePreviousRevisionRemains() {
    MeshControlPlane cp = givenCluster(ASM_1_18);

    assertThat(cp.rollback(ASM_1_18).revisions()).containsExactly(ASM_1_18);
    assertThat(revisionWrites()).isZero();
  }

  /** Rolling back after a completed upgrade fails with a {@link NoUpgradeInProgressException}. */
  @Test
  public void rollbackAfterCompleteIsNoUpgradeInProgress() {
    MeshControlPlane cp = givenCluster(ASM_1_19);

    assertThatThrownBy(() -> cp.rollback(ASM_1_18)).isInstanceOf(NoUpgradeInProgressException.class);
    assertThat(revisionWrites()).isZero();
  }

  /** Rolling back to the higher of the two revisions is refused, and nothing changes. */
  @Test
  public void rollbackToTheHigherRevisionIsRefused() {
    MeshControlPlane cp = givenCluster(ASM_1_18, ASM_1_19);

    assertThatThrownBy(() -> cp.rollback(ASM_1_19)).isInstanceOf(RequestRejectedException.class);
    assertThat(cp.readMeshState().revisions()).containsExactly(ASM_1_18, ASM_1_19);
    assertThat(revisionWrites()).isZero();
  }

  /** A canary completed, then a second canary rolled back, ends on the revision between. */
  @Test
  public void aCanaryRoundTripCompletesThenRollsBack() {
    MeshControlPlane cp = givenCluster(ASM_1_18);

    cp.startCanary(ASM_1_19);
    cp.complete(ASM_1_19);
    cp.startCanary(ASM_1_20);
    ClusterMeshState end = cp.rollback(ASM_1_19);

    assertThat(end.revisions()).containsExactly(ASM_1_19);
    assertThat(revisionWrites()).isEqualTo(4);
  }

  /**
   * A write whose ARM operation ends Failed throws an {@link OperationFailedException}, changes no revision, and the
   * next write is refused with a {@link ClusterNotReadyException}.
   */
  @Test
  public void anOperationThatEndsFailedChangesNothingAndLeavesTheClusterNotReady() {
    MeshControlPlane cp = givenCluster(ASM_1_18);
    failNextOperation();

    assertThatThrownBy(() -> cp.startCanary(ASM_1_19)).isInstanceOf(OperationFailedException.class);

    ClusterMeshState after = cp.readMeshState();
    assertThat(after.revisions()).containsExactly(ASM_1_18);
    assertThat(after.isFailed()).isTrue();
    assertThatThrownBy(() -> cp.startCanary(ASM_1_19)).as("no write on a cluster left Failed")
        .isInstanceOfSatisfying(ClusterNotReadyException.class,
            e -> assertThat(e.provisioningState()).isEqualTo("Failed"));
    assertThat(revisionWrites()).isZero();
  }
}
