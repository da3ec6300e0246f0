package io.meshupgrade.plan;

import io.meshupgrade.model.PodInventory;
import io.meshupgrade.model.PodRecord;
import io.meshupgrade.model.ProxyImage;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.WorkloadRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The patch roll-over model (the seed's "Patch version upgrade"): AKS rolls istiod and the gateways of a revision
 * to a new patch release by itself, but workloads keep the proxy they were injected with until they are
 * re-created. A workload is stale when one of its pods runs a sidecar of the revision whose proxy image differs
 * from the image the revision injects now.
 *
 * <p>Images are compared as full references, character for character: registry (with its port), repository, tag
 * and digest. So {@code proxyv2:1.18.2} and {@code proxyv2:1.18.2-distroless} differ (a restart switches the
 * variant to what the injector now uses), and so do a tag and the same tag pinned by digest. Nothing is
 * normalised, because the pod spec keeps exactly the reference the injector wrote. A pod of the revision whose
 * proxy image is unknown ("") is stale too: only a restart makes it certain.
 *
 * <p>Stateless and thread-safe.
 */
public final class PatchRollover {

  private PatchRollover() {}

  /**
   * A workload with pods on a stale proxy.
   *
   * @param workload the workload (restart it only when {@link io.meshupgrade.model.WorkloadKind#isRestartable()})
   * @param podImages the proxy image of each of its stale pods, by pod name
   */
  public record StaleWorkload(WorkloadRef workload, SortedMap<String, String> podImages) {
    /**
     * Checks for nulls and copies the map.
     *
     * @param workload the workload (restart it only when {@link io.meshupgrade.model.WorkloadKind#isRestartable()})
     * @param podImages the proxy image of each of its stale pods, by pod name
     */
    public StaleWorkload {
      Objects.requireNonNull(workload, "workload");
      podImages = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(podImages, "podImages")));
    }

    /** {@return the distinct stale images its pods run, ascending} */
    public SortedSet<String> images() {
      return Collections.unmodifiableSortedSet(new TreeSet<>(podImages.values()));
    }

    /** {@return whether a rollout restart can refresh it} */
    public boolean isRestartable() {
      return workload.kind().isRestartable();
    }
  }

  /**
   * {@return the workloads with at least one pod that runs {@code revision} with a proxy image other than
   * {@code currentImage}, ascending by workload}
   *
   * @param revision the revision whose pods are checked
   * @param currentImage the proxy image the revision injects now ({@code MeshDataPlane#currentProxyImage})
   * @param inventory the cluster's pods
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code currentImage} is not an image reference
   */
  public static List<StaleWorkload> staleWorkloads(Revision revision, String currentImage, PodInventory inventory) {
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(currentImage, "currentImage");
    Objects.requireNonNull(inventory, "inventory");
    ProxyImage.parse(currentImage);
    Map<WorkloadRef, SortedMap<String, String>> stale = new TreeMap<>();
    for (PodRecord pod : inventory.podsOn(revision)) {
      if (!pod.proxyImage().equals(currentImage)) {
        stale.computeIfAbsent(pod.owner(), w -> new TreeMap<>()).put(pod.name(), pod.proxyImage());
      }
    }
    List<StaleWorkload> result = new ArrayList<>();
    stale.forEach((w, pods) -> result.add(new StaleWorkload(w, pods)));
    return List.copyOf(result);
  }
}
