package io.meshupgrade.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.kubernetes.client.openapi.models.V1MutatingWebhook;
import io.kubernetes.client.openapi.models.V1MutatingWebhookConfiguration;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meshupgrade.model.Revision;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionTagWebhooksTest {
  private static final Revision REV = Revision.parse("asm-1-21");

  @Test
  void buildsTheTagLikeIstioctlFromTheRealInjectorWebhook() {
    V1MutatingWebhookConfiguration injector =
        Fixtures.load("mwc-istio-sidecar-injector-1-21-0-real-cluster-dump.yaml", V1MutatingWebhookConfiguration.class);
    V1MutatingWebhookConfiguration istioctl =
        Fixtures.load("mwc-istio-revision-tag-stable2-istioctl-generate.yaml", V1MutatingWebhookConfiguration.class);

    V1MutatingWebhookConfiguration tag = RevisionTagWebhooks.build("istio-revision-tag-stable2", "stable2", REV,
        injector);

    assertThat(tag.getMetadata().getLabels())
        .containsEntry("istio.io/tag", "stable2").containsEntry("istio.io/rev", "asm-1-21");
    assertThat(tag.getWebhooks()).extracting(V1MutatingWebhook::getName)
        .containsExactlyElementsOf(istioctl.getWebhooks().stream().map(V1MutatingWebhook::getName).toList());
    for (int i = 0; i < 2; i++) {
      V1MutatingWebhook built = tag.getWebhooks().get(i);
      V1MutatingWebhook expected = istioctl.getWebhooks().get(i);
      assertThat(built.getNamespaceSelector().getMatchExpressions())
          .isEqualTo(expected.getNamespaceSelector().getMatchExpressions());
      assertThat(built.getObjectSelector().getMatchExpressions())
          .isEqualTo(expected.getObjectSelector().getMatchExpressions());
      assertThat(built.getClientConfig().getService().getName()).isEqualTo("istiod-1-21-0");
      assertThat(built.getClientConfig().getCaBundle())
          .isEqualTo(injector.getWebhooks().get(i).getClientConfig().getCaBundle());
    }
  }

  @Test
  void leavesTheInjectorItselfUnchanged() {
    V1MutatingWebhookConfiguration injector =
        Fixtures.load("mwc-istio-sidecar-injector-upstream-1-16-fixture.yaml", V1MutatingWebhookConfiguration.class);
    String before = injector.toJson();

    RevisionTagWebhooks.build("t", "prod", REV, injector);

    assertThat(injector.toJson()).isEqualTo(before);
  }

  @Test
  void selectsOnlyTheTagInNamespaceSelectors() {
    V1MutatingWebhookConfiguration injector =
        Fixtures.load("mwc-istio-sidecar-injector-upstream-1-16-fixture.yaml", V1MutatingWebhookConfiguration.class);

    V1MutatingWebhookConfiguration tag = RevisionTagWebhooks.build("t", "prod", REV, injector);

    List<V1LabelSelectorRequirement> ns = tag.getWebhooks().get(0).getNamespaceSelector().getMatchExpressions();
    assertThat(ns).anySatisfy(r -> {
      assertThat(r.getKey()).isEqualTo("istio.io/rev");
      assertThat(r.getOperator()).isEqualTo("In");
      assertThat(r.getValues()).containsExactly("prod");
    });
  }

  @Test
  void recognisesATagThatAlreadyPointsAtTheRevision() {
    V1MutatingWebhookConfiguration injector =
        Fixtures.load("mwc-istio-sidecar-injector-1-21-0-real-cluster-dump.yaml", V1MutatingWebhookConfiguration.class);
    V1MutatingWebhookConfiguration a = RevisionTagWebhooks.build("t", "prod", REV, injector);
    V1MutatingWebhookConfiguration b = RevisionTagWebhooks.build("t", "prod", REV, injector);
    V1MutatingWebhookConfiguration c = RevisionTagWebhooks.build("t", "prod", Revision.parse("asm-1-22"), injector);

    assertThat(RevisionTagWebhooks.sameTarget(a, b)).isTrue();
    assertThat(RevisionTagWebhooks.sameTarget(a, c)).isFalse();
  }

  @Test
  void refusesAnInjectorWithoutRevisionWebhooks() {
    V1MutatingWebhookConfiguration empty = new V1MutatingWebhookConfiguration()
        .metadata(new V1ObjectMeta().name("x")).webhooks(List.of(new V1MutatingWebhook().name("other")));

    assertThatThrownBy(() -> RevisionTagWebhooks.build("t", "prod", REV, empty))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rev.namespace.sidecar-injector.istio.io");
  }
}
