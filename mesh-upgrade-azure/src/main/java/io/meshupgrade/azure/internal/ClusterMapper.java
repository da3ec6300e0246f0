package io.meshupgrade.azure.internal;

import com.azure.resourcemanager.containerservice.fluent.models.ManagedClusterInner;
import com.azure.resourcemanager.containerservice.fluent.models.MeshRevisionProfileInner;
import com.azure.resourcemanager.containerservice.fluent.models.MeshUpgradeProfileInner;
import com.azure.resourcemanager.containerservice.models.CompatibleVersions;
import com.azure.resourcemanager.containerservice.models.IstioIngressGateway;
import com.azure.resourcemanager.containerservice.models.IstioServiceMesh;
import com.azure.resourcemanager.containerservice.models.MeshRevision;
import com.azure.resourcemanager.containerservice.models.ServiceMeshMode;
import com.azure.resourcemanager.containerservice.models.ServiceMeshProfile;
import io.meshupgrade.model.ClusterId;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.model.IngressGateway;
import io.meshupgrade.model.KubernetesVersion;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.model.MeshUpgradeProfile;
import io.meshupgrade.model.Revision;
import io.meshupgrade.model.RevisionCatalog;
import io.meshupgrade.model.SupportPlan;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps the SDK's models onto the core's values; never lets an SDK type out. Thread-safe. Not API. */
public final class ClusterMapper {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterMapper.class);

  private final ClusterId expected;
  private final String cluster;

  /**
   * @param expected the cluster the adapter was built for (subscription, resource group and name): every body read
   *     must carry this id
   */
  public ClusterMapper(ClusterId expected) {
    this.expected = expected;
    this.cluster = expected.resourceId();
  }

  /**
   * The cluster's identity: the {@code id} ARM returned in the body, cross-checked against the id the adapter was
   * built for (equal ignoring case, as ARM compares ids). A body without an id gets the built one.
   *
   * @param inner the cluster as ARM returned it
   * @return the full resource id, in ARM's spelling of its names
   * @throws MeshUpgradeException when the body names another cluster (or a malformed id): nothing is written then
   */
  public ClusterId identity(ManagedClusterInner inner) {
    String id = inner.id();
    if (id == null || id.isBlank()) {
      return expected;
    }
    ClusterId returned = ClusterId.tryParse(id).orElseThrow(() -> new MeshUpgradeException("ARM returned the"
        + " managed cluster " + cluster + " with id '" + id + "', which is not the resource id of a managed cluster:"
        + " this library refuses to act on a cluster it cannot identify; check the endpoint and report this"));
    if (!returned.equals(expected)) {
      throw new MeshUpgradeException("ARM returned the managed cluster " + returned + " when " + expected
          + " was asked for: this library refuses to act on another cluster than the one named; check the endpoint,"
          + " subscription, resource group and name. Nothing was changed");
    }
    return returned;
  }

  /**
   * Whether serviceMeshProfile.mode is Istio; an absent profile or mode is "not enabled", never an NPE.
   *
   * @param inner the cluster
   * @return true when the add-on is enabled
   */
  public static boolean meshEnabled(ManagedClusterInner inner) {
    ServiceMeshProfile p = inner.serviceMeshProfile();
    return p != null && p.mode() != null && ServiceMeshMode.ISTIO.toString().equalsIgnoreCase(p.mode().toString());
  }

  /**
   * The revision names as ARM lists them (duplicates removed, order kept).
   *
   * @param inner the cluster
   * @return the names; empty when the add-on is not enabled
   */
  public static List<String> revisionNames(ManagedClusterInner inner) {
    if (!meshEnabled(inner)) {
      return List.of();
    }
    IstioServiceMesh istio = inner.serviceMeshProfile().istio();
    if (istio == null || istio.revisions() == null) {
      return List.of();
    }
    return List.copyOf(new LinkedHashSet<>(istio.revisions()));
  }

  /**
   * @param inner the cluster as ARM returned it
   * @return the core's view of it
   */
  public ClusterMeshState state(ManagedClusterInner inner) {
    List<Revision> revisions = new ArrayList<>();
    for (String name : revisionNames(inner)) {
      revisions.add(revision(name, "serviceMeshProfile.istio.revisions"));
    }
    Set<IngressGateway> gateways = EnumSet.noneOf(IngressGateway.class);
    if (meshEnabled(inner) && inner.serviceMeshProfile().istio() != null
        && inner.serviceMeshProfile().istio().components() != null
        && inner.serviceMeshProfile().istio().components().ingressGateways() != null) {
      for (IstioIngressGateway g : inner.serviceMeshProfile().istio().components().ingressGateways()) {
        if (g != null && g.enabled() && g.mode() != null) {
          String mode = g.mode().toString().toLowerCase(Locale.ROOT);
          if (mode.equals("external")) {
            gateways.add(IngressGateway.EXTERNAL);
          } else if (mode.equals("internal")) {
            gateways.add(IngressGateway.INTERNAL);
          }
        }
      }
    }
    return ClusterMeshState.builder()
        .cluster(identity(inner).resourceId())
        .meshEnabled(meshEnabled(inner))
        .revisions(revisions)
        .provisioningState(inner.provisioningState() == null ? "Unknown" : inner.provisioningState())
        .kubernetesVersion(kubernetesVersion(inner))
        .location(inner.location() == null ? "" : inner.location())
        .ingressGateways(gateways)
        .eTag(inner.etag())
        .supportPlan(SupportPlan.ofNullable(inner.supportPlan() == null ? null : inner.supportPlan().toString()))
        .build();
  }

  /**
   * @param inner one mesh upgrade profile
   * @return the core's profile
   */
  public MeshUpgradeProfile upgradeProfile(MeshUpgradeProfileInner inner) {
    if (inner.properties() == null || inner.properties().revision() == null) {
      throw new MeshUpgradeException("ARM returned a mesh upgrade profile without a revision for cluster "
          + cluster + " (" + inner.id() + "): report this; the profile cannot be used");
    }
    MeshRevision p = inner.properties();
    return new MeshUpgradeProfile(revision(p.revision(), "meshUpgradeProfile.revision"),
        revisions(p.upgrades(), "meshUpgradeProfile.upgrades"), allKubernetesVersions(p.compatibleWith()));
  }

  /**
   * @param profiles the location's mesh revision profiles (normally one, named istio)
   * @return the catalog; revisions whose names this library cannot read are left out and logged
   */
  public RevisionCatalog catalog(Iterable<MeshRevisionProfileInner> profiles) {
    RevisionCatalog.Builder b = RevisionCatalog.builder();
    Set<Revision> seen = new java.util.HashSet<>();
    for (MeshRevisionProfileInner profile : profiles) {
      if (profile.properties() == null || profile.properties().meshRevisions() == null) {
        continue;
      }
      for (MeshRevision r : profile.properties().meshRevisions()) {
        if (r == null || !Revision.isRevision(r.revision())) {
          LOG.warn("ignoring mesh revision {} in the revision profile of {}: not of the form {}",
              r == null ? null : r.revision(), cluster, Revision.FORM);
          continue;
        }
        Revision revision = Revision.parse(r.revision());
        if (seen.add(revision)) {
          b.entry(new RevisionCatalog.Entry(revision, revisions(r.upgrades(), "meshRevision.upgrades"),
              kubernetesVersions(r.compatibleWith(), null), tiers(r.compatibleWith())));
        }
      }
    }
    return b.build();
  }

  private TreeSet<Revision> revisions(List<String> names, String field) {
    TreeSet<Revision> out = new TreeSet<>();
    if (names != null) {
      for (String n : names) {
        if (Revision.isRevision(n)) {
          out.add(Revision.parse(n));
        } else {
          LOG.warn("ignoring '{}' in {} of {}: not of the form {}", n, field, cluster, Revision.FORM);
        }
      }
    }
    return out;
  }

  /** Every list's versions: the upgrade profile carries only the lists that apply to the cluster. */
  private static TreeSet<KubernetesVersion> allKubernetesVersions(List<CompatibleVersions> compatible) {
    TreeSet<KubernetesVersion> out = kubernetesVersions(compatible, null);
    tiers(compatible).values().forEach(out::addAll);
    return out;
  }

  /** The per-plan lists (every list not named {@code kubernetes}), by plan. */
  private static java.util.Map<SupportPlan, java.util.SortedSet<KubernetesVersion>> tiers(
      List<CompatibleVersions> compatible) {
    java.util.Map<SupportPlan, java.util.SortedSet<KubernetesVersion>> out = new java.util.LinkedHashMap<>();
    if (compatible != null) {
      for (CompatibleVersions c : compatible) {
        if (c != null && c.name() != null && !c.name().isBlank() && !"kubernetes".equalsIgnoreCase(c.name())) {
          SupportPlan plan = new SupportPlan(c.name());
          java.util.SortedSet<KubernetesVersion> versions = out.computeIfAbsent(plan, p -> new TreeSet<>());
          versions.addAll(kubernetesVersions(List.of(c), c.name()));
        }
      }
    }
    return out;
  }

  /** The versions of the lists named {@code name} ({@code kubernetes}, the list without a tier, when null). */
  private static TreeSet<KubernetesVersion> kubernetesVersions(List<CompatibleVersions> compatible, String name) {
    String wanted = name == null ? "kubernetes" : name;
    TreeSet<KubernetesVersion> out = new TreeSet<>();
    if (compatible != null) {
      for (CompatibleVersions c : compatible) {
        if (c != null && wanted.equalsIgnoreCase(c.name()) && c.versions() != null) {
          for (String v : c.versions()) {
            try {
              out.add(KubernetesVersion.parse(v));
            } catch (IllegalArgumentException e) {
              LOG.warn("ignoring Kubernetes version '{}' in compatibleWith: {}", v, e.getMessage());
            }
          }
        }
      }
    }
    return out;
  }

  private Revision revision(String name, String field) {
    if (!Revision.isRevision(name)) {
      throw new MeshUpgradeException("ARM reported revision '" + name + "' in " + field + " of cluster " + cluster
          + ", which is not of the form " + Revision.FORM + ": this library cannot reason about it; upgrade"
          + " mesh-upgrade or handle the cluster by hand");
    }
    return Revision.parse(name);
  }

  private KubernetesVersion kubernetesVersion(ManagedClusterInner inner) {
    for (String v : new String[] {inner.currentKubernetesVersion(), inner.kubernetesVersion()}) {
      if (v != null && !v.isBlank()) {
        try {
          return KubernetesVersion.parse(v.trim());
        } catch (IllegalArgumentException e) {
          LOG.debug("cluster {} reports Kubernetes version '{}' that does not parse", cluster, v);
        }
      }
    }
    throw new MeshUpgradeException("ARM reported no readable Kubernetes version for cluster " + cluster
        + " (currentKubernetesVersion '" + inner.currentKubernetesVersion() + "', kubernetesVersion '"
        + inner.kubernetesVersion() + "'): check the cluster in the portal or with az aks show");
  }
}
