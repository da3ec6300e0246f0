package io.meshupgrade.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import io.meshupgrade.model.ClusterMeshState;
import io.meshupgrade.exception.RequestRejectedException;
import io.meshupgrade.model.Revision;
import io.meshupgrade.testkit.arm.FakeArmServer;
import io.meshupgrade.testkit.arm.FakeCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

/**
 * The production pipeline (bearer token, retry bounds) against the fake ARM, through a transport that maps
 * https://management.azure.com onto it. Proves the credential is used and the token never reaches a log line or
 * an exception message.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthenticatedPipelineTest {

  private static final String TOKEN = "sEcReT-tOkEn-4711";
  private static final TokenCredential CREDENTIAL =
      request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));

  private FakeArmServer server;
  private RedirectingHttpClient transport;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream out;
  private PrintStream err;

  @BeforeEach
  void start() {
    server = FakeArmServer.builder()
        .catalog(AzureMeshControlPlaneContractTest.chain())
        .cluster(FakeCluster.builder().kubernetesVersion("1.28.3").revisions("asm-1-18").build())
        .start();
    transport = new RedirectingHttpClient(server.endpoint());
    out = System.out;
    err = System.err;
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(new TeeStream(capture, out));
    System.setErr(new TeeStream(capture, err));
  }

  @AfterEach
  void stop() {
    System.setOut(out);
    System.setErr(err);
    server.close();
  }

  private AzureMeshControlPlane adapter() {
    return AzureMeshControlPlane.builder()
        .subscriptionId(server.subscriptionId())
        .resourceGroup(server.resourceGroup())
        .clusterName(server.clusterName())
        .credential(CREDENTIAL)
        .httpClient(transport)
        .retry(2, Duration.ofMillis(10), Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(5))
        .maxPollInterval(Duration.ofMillis(100))
        .build();
  }

  @Test
  void sendsTheBearerTokenOnEveryCallAndNeverLogsIt() {
    AzureMeshControlPlane arm = adapter();

    ClusterMeshState state = arm.startCanary(Revision.parse("asm-1-19"));
    assertThatThrownBy(() -> arm.startCanary(Revision.parse("asm-1-20")))
        .isInstanceOf(io.meshupgrade.exception.MeshUpgradeException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));

    assertThat(state.revisions()).extracting(Revision::toString).containsExactly("asm-1-18", "asm-1-19");
    assertThat(transport.authorizations).isNotEmpty().allMatch(("Bearer " + TOKEN)::equals);
    assertThat(transport.authorizations.size()).isGreaterThanOrEqualTo(server.requests().size());
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("startCanary asm-1-19").doesNotContain(TOKEN);
    assertThat(arm.toString()).doesNotContain(TOKEN);
  }

  @Test
  void aRejectedRequestCarriesArmsMessageButNotTheToken() {
    server.replaceRevisions("asm-1-18");

    assertThatThrownBy(() -> adapter().startCanary(Revision.parse("asm-1-20")))
        .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
          assertThat(e.getMessage()).doesNotContain(TOKEN);
          assertThat(e.getCause().toString()).doesNotContain(TOKEN);
        });
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(TOKEN);
  }

  /** Writes to two streams. */
  private static final class TeeStream extends PrintStream {
    private final PrintStream second;

    TeeStream(PrintStream first, PrintStream second) {
      super(first, true, StandardCharsets.UTF_8);
      this.second = second;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
      super.write(buf, off, len);
      second.write(buf, off, len);
    }

    @Override
    public void write(int b) {
      super.write(b);
      second.write(b);
    }
  }
}
