package io.meshupgrade.testkit.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The simulator's objects seen from Java, bypassing HTTP (not recorded in the {@link RequestLog}, never subject to
 * {@link Faults}). Reads return deep copies; writes copy their argument. Writes are privileged: unlike HTTP writes
 * they may set {@code status}. Every write bumps the cluster's resourceVersion and is seen by watches and by the
 * simulator's controllers. Thread-safe.
 */
public interface ObjectStore {

  /**
   * {@return the object, or empty} {@code namespace} is ignored for cluster-scoped types.
   *
   * @param resource the API resource
   * @param namespace the namespace
   * @param name the name
   */
  Optional<ObjectNode> get(ApiResource resource, String namespace, String name);

  /**
   * Objects of a type, sorted by namespace and name.
   *
   * @param namespace a namespace, or null for all namespaces
   * @param labelSelector a label selector in the API's string form, or null for all
   * @param resource the API resource
   * @return the object nodes
   */
  List<ObjectNode> list(ApiResource resource, String namespace, String labelSelector);

  /**
   * {@return how many objects of a type exist in a namespace (null: in all namespaces)}
   *
   * @param resource the API resource
   * @param namespace the namespace
   */
  int count(ApiResource resource, String namespace);

  /**
   * Creates an object (namespace from {@code metadata.namespace}); fills uid, creationTimestamp, resourceVersion and
   * generation. Pods go through sidecar injection like pods created over HTTP.
   *
   * @param resource the API resource
   * @param object the object, as the API server would store it
   * @return the stored object
   * @throws SimulatedApiException 409 AlreadyExists, 404 when the namespace is missing, or an admission error
   */
  ObjectNode create(ApiResource resource, ObjectNode object);

  /**
   * Replaces an object, including its status. A set {@code metadata.resourceVersion} is a precondition.
   *
   * @param resource the API resource
   * @param object the object, as the API server would store it
   * @return the object node
   * @throws SimulatedApiException 404 NotFound, 409 Conflict on a stale resourceVersion
   */
  ObjectNode update(ApiResource resource, ObjectNode object);

  /**
   * Patches an object (main resource and status alike).
   *
   * @param resource the API resource
   * @param namespace the namespace
   * @param name the name
   * @param type the type
   * @param patch the patch
   * @return the object node
   * @throws SimulatedApiException 404 NotFound, 422 when the patch does not apply
   */
  ObjectNode patch(ApiResource resource, String namespace, String name, PatchType type, String patch);

  /**
   * Deletes an object and, as the garbage collector would, every object it owns (and a namespace's contents).
   *
   * @param resource the API resource
   * @param namespace the namespace
   * @param name the name
   * @return whether it existed
   */
  boolean delete(ApiResource resource, String namespace, String name);

  /** {@return the cluster's current resourceVersion (the last write's)} */
  long resourceVersion();

  /** Patch formats, with their content types. */
  enum PatchType {
    /** A JSON merge patch (RFC 7386). */
    JSON_MERGE("application/merge-patch+json"),
    /** A JSON patch (RFC 6902). */
    JSON("application/json-patch+json"),
    /** A Kubernetes strategic merge patch. */
    STRATEGIC_MERGE("application/strategic-merge-patch+json");

    private final String contentType;

    PatchType(String contentType) {
      this.contentType = contentType;
    }

    /** {@return the HTTP content type of this patch format} */
    public String contentType() {
      return contentType;
    }

    /**
     * {@return the patch type of a content type (parameters ignored), or null when not a supported patch type}
     *
     * @param contentType the content type
     */
    public static PatchType ofContentType(String contentType) {
      if (contentType == null) {
        return null;
      }
      String base = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
      for (PatchType t : values()) {
        if (t.contentType.equals(base)) {
          return t;
        }
      }
      return null;
    }
  }
}
