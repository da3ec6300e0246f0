package io.meshupgrade.testkit.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh simulator per test, with the official client's core and apps APIs pointed at it over HTTP. Subclasses
 * seed it in their own {@code @BeforeEach} (which runs after this one).
 */
abstract class OverHttpTest {
  KubernetesSimulator sim;
  ApiClient client;
  CoreV1Api core;
  AppsV1Api apps;

  @BeforeEach
  void startSimulator() {
    sim = KubernetesSimulator.start();
    client = SimulatorSupport.client(sim);
    core = new CoreV1Api(client);
    apps = new AppsV1Api(client);
  }

  @AfterEach
  void stopSimulator() {
    sim.close();
  }
}
