package io.meshupgrade.exception;

import static io.meshupgrade.Fixtures.k8s;
import static io.meshupgrade.Fixtures.rev;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.model.UpgradeRule;
import io.meshupgrade.model.UpgradeStage;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every typed exception is a MeshUpgradeException whose message carries its context and what to do next. */
class ExceptionsTest {

  private static final Throwable CAUSE = new IllegalStateException("cause");

  static Stream<Arguments> exceptions() {
    return Stream.of(
        Arguments.of(new CheckpointException("tampered checkpoint"), "tampered checkpoint"),
        Arguments.of(new CheckpointException("unknown version", CAUSE), "unknown version"),
        Arguments.of(new ClusterNotFoundException("rg/c", "404"), "cluster rg/c was not found: check the subscription"),
        Arguments.of(new ClusterNotFoundException("rg/c", ""), "resource group and cluster name"),
        Arguments.of(new ClusterNotFoundException("rg/c", null), "resource group and cluster name"),
        Arguments.of(new ClusterNotReadyException("rg/c", "Updating"), "is Updating, not Succeeded: wait"),
        Arguments.of(new ConcurrentUpgradeException("run-1", "lease"), "another mesh upgrade run (run-1)"),
        Arguments.of(new ConcurrentUpgradeException("run-1", null), "take the lock over once it has expired"),
        Arguments.of(new IllegalTransitionException(UpgradeStage.PLANNED, UpgradeStage.COMPLETED, "skip"),
            "illegal transition from PLANNED to COMPLETED: skip"),
        Arguments.of(new IllegalTransitionException(UpgradeStage.COMPLETED, UpgradeStage.ROLLBACK_STARTED, null),
            "illegal transition from COMPLETED to ROLLBACK_STARTED"),
        Arguments.of(new MeshConfigConflictException("differs"), "differs"),
        Arguments.of(new MeshNotEnabledException("rg/c"), "Istio has not been enabled for cluster rg/c"),
        Arguments.of(new NoUpgradeInProgressException("not in progress"), "not in progress"),
        Arguments.of(new OperationTimeoutException("start", Duration.ofMinutes(5), "still Updating"),
            "start did not finish within PT5M: still Updating. It may still finish"),
        Arguments.of(new OperationTimeoutException("start", Duration.ofMinutes(5), null), "call again"),
        Arguments.of(new UpgradeRefusedException("3 pods still run asm-1-18"), "3 pods still run asm-1-18"),
        Arguments.of(new MeshUpgradeException("root", CAUSE), "root"),
        Arguments.of(new RemoteCallException(500, "Internal", "boom", "ARM failed", CAUSE), "ARM failed"),
        Arguments.of(new ClusterChangedException(412, "PreconditionFailed", "etag", "changed", CAUSE), "changed"),
        Arguments.of(new MissingPermissionException(403, "Forbidden", "no", "grant patch on namespaces", null),
            "grant patch on namespaces"),
        Arguments.of(new OperationFailedException(200, "Failed", "x", "operation failed", null), "operation failed"),
        Arguments.of(new OperationInProgressException(409, "OperationNotAllowed", "busy", "busy cluster", null),
            "busy cluster"),
        Arguments.of(new RequestRejectedException(400, "BadRequest", "Requested change in revisions is not allowed",
            "rejected", null), "rejected"),
        Arguments.of(new UpgradeNotAllowedException(UpgradeRule.ONE_MINOR_AT_A_TIME, rev("asm-1-18"),
            rev("asm-1-20"), new TreeSet<>(List.of(rev("asm-1-19"))), null, "next allowed revision is asm-1-19"),
            "next allowed revision is asm-1-19"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exceptions")
  void isAMeshUpgradeExceptionWithItsContextInTheMessage(MeshUpgradeException e, String fragment) {
    assertThat(e).isInstanceOf(RuntimeException.class).hasMessageContaining(fragment);
  }

  @Test
  void remoteCallsKeepTheServicesStatusCodeAndMessage() {
    RemoteCallException e = new RequestRejectedException(400, "BadRequest", "Reason: Revision asm-1-17 is not "
        + "supported by the service mesh add-on.", "ARM rejected the revision change", CAUSE);

    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("BadRequest");
    assertThat(e.remoteMessage()).contains("asm-1-17 is not supported");
    assertThat(e.getCause()).isSameAs(CAUSE);
    RemoteCallException bare = new RemoteCallException(0, null, null, "no response", null);
    assertThat(bare.code()).isEmpty();
    assertThat(bare.remoteMessage()).isEmpty();
  }

  @Test
  void contextIsAvailableWithoutParsingMessages() {
    assertThat(new ClusterNotReadyException("c", "Failed").provisioningState()).isEqualTo("Failed");
    assertThat(new ConcurrentUpgradeException("run-7", null).holder()).isEqualTo("run-7");
    IllegalTransitionException t = new IllegalTransitionException(UpgradeStage.PLANNED, UpgradeStage.COMPLETED, null);
    assertThat(t.from()).isEqualTo(UpgradeStage.PLANNED);
    assertThat(t.to()).isEqualTo(UpgradeStage.COMPLETED);
    OperationTimeoutException o = new OperationTimeoutException("complete", Duration.ofSeconds(30), null);
    assertThat(o.operation()).isEqualTo("complete");
    assertThat(o.waited()).isEqualTo(Duration.ofSeconds(30));
    UpgradeNotAllowedException u = new UpgradeNotAllowedException(UpgradeRule.KUBERNETES_INCOMPATIBLE,
        rev("asm-1-19"), rev("asm-1-20"), new TreeSet<>(), k8s("1.27"), "upgrade the cluster to Kubernetes 1.27 first");
    assertThat(u.rule()).isEqualTo(UpgradeRule.KUBERNETES_INCOMPATIBLE);
    assertThat(u.current()).isEqualTo(rev("asm-1-19"));
    assertThat(u.requested()).isEqualTo(rev("asm-1-20"));
    assertThat(u.allowed()).isEmpty();
    assertThat(u.requiredKubernetes()).contains(k8s("1.27"));
  }
}
