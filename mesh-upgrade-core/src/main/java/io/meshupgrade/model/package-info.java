/** Values describing the mesh, the cluster and its workloads (revisions, Kubernetes versions, pods, namespaces, stages, rules); they depend on nothing else in mesh-upgrade. */
package io.meshupgrade.model;
