package io.meshupgrade.testkit.internal;

import io.meshupgrade.testkit.arm.RevisionChange;
import io.meshupgrade.testkit.arm.RevisionListener;
import io.meshupgrade.testkit.k8s.MeshAddon;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What AKS does in the cluster when ARM's revisions change: an added revision gets its control plane (istiod,
 * injector, webhooks, gateways when enabled), a removed one loses it. Also keeps each revision's current proxy
 * image (patch releases). Not API. Thread-safe.
 */
public final class AddonWiring implements RevisionListener {
  private static final Logger LOG = LoggerFactory.getLogger(AddonWiring.class);
  private static final Pattern REVISION = Pattern.compile("asm-(\\d+)-(\\d+)");
  private static final Pattern PATCH_TAG = Pattern.compile("(.*:\\d+\\.\\d+\\.)(\\d+)(.*)");

  /** The image registry path of the add-on's proxies. */
  public static final String PROXY_REPOSITORY = "mcr.microsoft.com/oss/istio/proxyv2";

  private final MeshAddon addon;
  private final Map<String, String> images = new ConcurrentHashMap<>();

  public AddonWiring(MeshAddon addon, Map<String, String> images) {
    this.addon = Objects.requireNonNull(addon, "addon");
    this.images.putAll(images);
  }

  /** The proxy image a revision installs (now), e.g. {@code mcr.microsoft.com/oss/istio/proxyv2:1.18.0-distroless}. */
  public String imageOf(String revision) {
    return images.computeIfAbsent(revision, AddonWiring::defaultImage);
  }

  /** {@code mcr.microsoft.com/oss/istio/proxyv2:<major>.<minor>.0-distroless} for {@code asm-<major>-<minor>}. */
  public static String defaultImage(String revision) {
    Matcher m = REVISION.matcher(Objects.requireNonNull(revision, "revision"));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "revision '" + revision + "' must have the form asm-<major>-<minor>, e.g. asm-1-18");
    }
    return PROXY_REPOSITORY + ":" + m.group(1) + "." + m.group(2) + ".0-distroless";
  }

  /** The same image with the patch number of its tag plus one: {@code ...:1.18.0-distroless -> ...:1.18.1-distroless}. */
  public static String nextPatch(String image) {
    Matcher m = PATCH_TAG.matcher(Objects.requireNonNull(image, "image"));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "image '" + image + "' has no <major>.<minor>.<patch> tag; pass the new image explicitly");
    }
    return m.group(1) + (Long.parseLong(m.group(2)) + 1) + m.group(3);
  }

  /** Installs a revision's control plane in the cluster. */
  public synchronized void install(String revision) {
    addon.installRevision(revision, imageOf(revision));
  }

  /** A patch release of an installed revision. */
  public synchronized String patchRelease(String revision, String newImage) {
    addon.patchRelease(revision, newImage);
    images.put(revision, newImage);
    return newImage;
  }

  @Override
  public synchronized void revisionsChanged(RevisionChange change) {
    for (String added : change.added()) {
      LOG.debug("ARM added revision {}: installing its control plane", added);
      install(added);
    }
    for (String removed : change.removed()) {
      LOG.debug("ARM removed revision {}: removing its control plane", removed);
      addon.removeRevision(removed);
    }
  }

  @Override
  public String toString() {
    return "AddonWiring" + images;
  }
}
