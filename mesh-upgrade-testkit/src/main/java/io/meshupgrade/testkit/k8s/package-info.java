/**
 * An in-process Kubernetes API simulator with the AKS Istio add-on's behaviour, served over real HTTP so that the
 * official Kubernetes client talks to it unchanged. Entry point: {@link io.meshupgrade.testkit.k8s.KubernetesSimulator}.
 */
package io.meshupgrade.testkit.k8s;
