package io.meshupgrade.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.exception.HttpResponseException;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.exception.RemoteCallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Exceptions;

/** The failures without an HTTP answer; those with one are covered over HTTP by the contract test. */
class ErrorMapperTest {

  private final ErrorMapper errors = new ErrorMapper("rg1/c1");

  static Stream<Arguments> ioFailures() {
    return Stream.of(
        Arguments.of(new UncheckedIOException(new ConnectException("Connection refused")), "ConnectException"),
        Arguments.of(new IllegalStateException("wrapped", new TimeoutException("no answer in 60s")),
            "TimeoutException"),
        Arguments.of(Exceptions.propagate(new IOException("connection reset")), "IOException"),
        Arguments.of(new RuntimeException(new RuntimeException(new UncheckedIOException(new IOException("x")))),
            "IOException: x"));
  }

  @ParameterizedTest(name = "{1} means ARM could not be reached")
  @MethodSource("ioFailures")
  void reportsIoErrorsAndTimeoutsAsUnreachableWithoutStatus(RuntimeException e, String cause) {
    MeshUpgradeException mapped = errors.map("readMeshState", e);

    assertThat(mapped).isInstanceOfSatisfying(RemoteCallException.class, r -> {
      assertThat(r.httpStatus()).isZero();
      assertThat(r.remoteMessage()).startsWith(cause);
    });
    assertThat(mapped).hasMessageContaining("readMeshState on cluster rg1/c1 failed: ARM could not be reached")
        .hasCause(e);
  }

  @Test
  void saysWhatHappenedWhenTheSdkFailsWithoutAnyIoError() {
    IllegalStateException sdk = new IllegalStateException("Missing 'provisioningState' in the response");

    MeshUpgradeException mapped = errors.map("startCanary asm-1-19", sdk);

    assertThat(mapped).isNotInstanceOf(RemoteCallException.class).hasCause(sdk)
        .hasMessageContaining("startCanary asm-1-19 on cluster rg1/c1 failed before ARM answered")
        .hasMessageContaining("IllegalStateException: Missing 'provisioningState' in the response")
        .hasMessageContaining("not a network error")
        .hasMessageNotContaining("could not be reached");
  }

  @Test
  void treatsAnHttpErrorWithoutAResponseLikeAnyOtherFailureWithoutAnswer() {
    MeshUpgradeException mapped = errors.mapRevisionProfiles("westeurope",
        new HttpResponseException("no response", null));

    assertThat(mapped).hasMessageContaining("getRevisions in westeurope on cluster rg1/c1 failed before ARM answered")
        .hasMessageContaining("HttpResponseException: no response");
  }

  @Test
  void passesTheLibrarysOwnExceptionsThrough() {
    MeshUpgradeException own = new MeshUpgradeException("already typed");

    assertThat(errors.map("readMeshState", own)).isSameAs(own);
    assertThat(errors.mapUpgradeProfiles(own)).isSameAs(own);
  }

  @Test
  void findsNoIoCauseInACycleOfCauses() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);

    assertThat(ErrorMapper.ioCause(a)).isNull();
  }
}
