/**
 * Implementation details of the Kubernetes adapters: parsers of Istio's annotations and injector values,
 * kubectl's rollout-status rules, owner resolution, the retrying call wrapper and the restart tracker. Not API:
 * anything here may change without notice.
 */
package io.meshupgrade.k8s.internal;
