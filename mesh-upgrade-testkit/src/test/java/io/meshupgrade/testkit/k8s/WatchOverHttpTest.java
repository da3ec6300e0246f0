package io.meshupgrade.testkit.k8s;

import static io.meshupgrade.testkit.k8s.SimulatorSupport.client;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.namespace;
import static io.meshupgrade.testkit.k8s.SimulatorSupport.pod;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatchOverHttpTest {
  private KubernetesSimulator sim;
  private ApiClient client;
  private CoreV1Api core;

  @BeforeEach
  void start() throws ApiException {
    sim =
        KubernetesSimulator.builder()
            .bookmarkInterval(Duration.ofMillis(50))
            .eventHistory(50)
            .build();
    client = client(sim);
    core = new CoreV1Api(client);
    core.createNamespace(namespace("shop", Map.of())).execute();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private Watch<V1ConfigMap> watchConfigMaps(String resourceVersion, boolean bookmarks, int timeoutSeconds)
      throws ApiException {
    return Watch.createWatch(
        client,
        core.listNamespacedConfigMap("shop")
            .watch(true)
            .resourceVersion(resourceVersion)
            .allowWatchBookmarks(bookmarks)
            .timeoutSeconds(timeoutSeconds)
            .buildCall(null),
        new TypeToken<Watch.Response<V1ConfigMap>>() {}.getType());
  }

  private static V1ConfigMap cm(String name) {
    return new V1ConfigMap().metadata(new V1ObjectMeta().name(name));
  }

  @Test
  void aWatchFromAResourceVersionStreamsLaterChangesInOrder() throws Exception {
    String rv = core.listNamespacedConfigMap("shop").execute().getMetadata().getResourceVersion();
    core.createNamespacedConfigMap("shop", cm("a")).execute();
    V1ConfigMap a = core.readNamespacedConfigMap("a", "shop").execute();
    core.replaceNamespacedConfigMap("a", "shop", a.data(Map.of("k", "v"))).execute();
    core.deleteNamespacedConfigMap("a", "shop").execute();

    List<String> events = new ArrayList<>();
    try (Watch<V1ConfigMap> watch = watchConfigMaps(rv, false, 5)) {
      for (Watch.Response<V1ConfigMap> e : watch) {
        events.add(e.type + " " + e.object.getMetadata().getName());
        if (events.size() == 3) {
          break;
        }
      }
    }

    assertThat(events).containsExactly("ADDED a", "MODIFIED a", "DELETED a");
  }

  @Test
  void aWatchWithoutAResourceVersionStartsWithTheCurrentObjects() throws Exception {
    core.createNamespacedConfigMap("shop", cm("a")).execute();
    core.createNamespacedConfigMap("shop", cm("b")).execute();

    List<String> events = new ArrayList<>();
    try (Watch<V1ConfigMap> watch = watchConfigMaps(null, false, 5)) {
      Thread writer =
          new Thread(
              () -> {
                try {
                  core.createNamespacedConfigMap("shop", cm("c")).execute();
                } catch (ApiException e) {
                  throw new IllegalStateException(e);
                }
              });
      for (Watch.Response<V1ConfigMap> e : watch) {
        events.add(e.type + " " + e.object.getMetadata().getName());
        if (events.size() == 2) {
          writer.start();
        }
        if (events.size() == 3) {
          break;
        }
      }
      writer.join();
    }

    assertThat(events).containsExactly("ADDED a", "ADDED b", "ADDED c");
  }

  @Test
  void anIdleWatchWithBookmarksReceivesBookmarksWithTheCurrentVersion() throws Exception {
    core.createNamespacedConfigMap("shop", cm("a")).execute();
    long current = sim.store().resourceVersion();

    try (Watch<V1ConfigMap> watch = watchConfigMaps(Long.toString(current), true, 5)) {
      Watch.Response<V1ConfigMap> e = watch.next();

      assertThat(e.type).isEqualTo("BOOKMARK");
      assertThat(Long.parseLong(e.object.getMetadata().getResourceVersion())).isGreaterThanOrEqualTo(current);
    }
  }

  @Test
  void aWatchFromAVersionOlderThanTheHistoryGetsA410ErrorEvent() throws Exception {
    String old = core.listNamespacedConfigMap("shop").execute().getMetadata().getResourceVersion();
    for (int i = 0; i < 60; i++) {
      core.createNamespacedConfigMap("shop", cm("c" + i)).execute();
    }

    try (Watch<V1ConfigMap> watch = watchConfigMaps(old, false, 5)) {
      Watch.Response<V1ConfigMap> e = watch.next();

      assertThat(e.type).isEqualTo("ERROR");
      V1Status status = e.status;
      assertThat(status.getCode()).isEqualTo(410);
      assertThat(status.getReason()).isEqualTo("Expired");
      assertThat(status.getMessage()).startsWith("too old resource version: " + old);
    }
  }

  @Test
  void aWatchEndsWhenItsTimeoutPasses() throws Exception {
    try (Watch<V1ConfigMap> watch = watchConfigMaps(Long.toString(sim.store().resourceVersion()), false, 1)) {
      assertThat(watch.hasNext()).isFalse();
    }
  }

  @Test
  void droppedWatchesEndTheirStreams() throws Exception {
    Watch<V1ConfigMap> watch = watchConfigMaps(Long.toString(sim.store().resourceVersion()), false, 60);
    SimulatorSupport.await("the watch to be open", () -> sim.openWatches() == 1);

    assertThat(sim.faults().dropWatches()).isEqualTo(1);

    assertThat(watch.hasNext()).isFalse();
    watch.close();
    SimulatorSupport.await("the watch to be gone", () -> sim.openWatches() == 0);
  }

  @Test
  void aLabelSelectedWatchSeesObjectsEnterAndLeaveTheSelection() throws Exception {
    core.createNamespacedPod("shop", pod("p", Map.of("tier", "web"))).execute();
    sim.awaitIdle(Duration.ofSeconds(10));
    String rv = Long.toString(sim.store().resourceVersion());
    var pod = core.readNamespacedPod("p", "shop").execute();
    pod.getMetadata().putLabelsItem("tier", "db");
    core.replaceNamespacedPod("p", "shop", pod).execute();

    Watch<io.kubernetes.client.openapi.models.V1Pod> watch =
        Watch.createWatch(
            client,
            core.listNamespacedPod("shop").watch(true).labelSelector("tier=web").resourceVersion(rv)
                .timeoutSeconds(5).buildCall(null),
            new TypeToken<Watch.Response<io.kubernetes.client.openapi.models.V1Pod>>() {}.getType());
    try (watch) {
      Watch.Response<io.kubernetes.client.openapi.models.V1Pod> e = watch.next();
      assertThat(e.type).isEqualTo("DELETED");
      assertThat(e.object.getMetadata().getLabels()).containsEntry("tier", "db");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
