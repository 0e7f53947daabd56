package io.replicatoor.cli;

import static io.replicatoor.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.testing.RawHttp;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented end-to-end flow (docs/simulator.md): simulate, GetQuote over the socket,
 * verify-quote with the dev trust root, event-log replay; all through the real CLI in-process.
 */
class SimulatorEndToEndTest {
  @TempDir Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  private CliRun.Background simulator;
  private Path sock;
  private Path state;
  private Path response;
  private Path quoteHex;

  @BeforeEach
  void startSimulatorAndGetQuote() throws Exception {
    Path compose = dir.resolve("app-compose.json");
    Files.writeString(compose, "{\"manifest_version\":2,\"name\":\"e2e\"}");
    sock = dir.resolve("dstack.sock");
    state = dir.resolve("state");
    simulator = CliRun.simulate(sock, compose, state);
    simulator.awaitJson();
    assertThat(Files.exists(sock)).isTrue();

    String resp =
        RawHttp.postAndClose(
            UnixDomainSocketAddress.of(sock),
            "/GetQuote",
            "{\"report_data\":\"" + "ab".repeat(64) + "\"}");
    String json = resp.substring(resp.indexOf("\r\n\r\n") + 4);
    response = dir.resolve("resp.json");
    Files.writeString(response, json);
    quoteHex = dir.resolve("quote.hex");
    Files.writeString(quoteHex, JSON.readTree(json).get("quote").asText());
  }

  @AfterEach
  void stopSimulator() throws Exception {
    assertThat(simulator.stop()).isEqualTo(0);
  }

  /** {@code verify-quote --quote QUOTE --collateral COLLATERAL} followed by {@code more}. */
  private CliRun verifyQuote(Path collateral, String... more) {
    return run(
        CliRun.args(
            List.of(
                "verify-quote",
                "--quote",
                quoteHex.toString(),
                "--collateral",
                collateral.toString()),
            more));
  }

  /** {@link #verifyQuote} with the simulator's development trust root. */
  private CliRun verifyQuoteDevRoot(Path collateral) {
    return verifyQuote(
        collateral, "--trust-root", state.resolve("pki").resolve("root.pem").toString(), "--json");
  }

  @Test
  void verifyQuote_devTrustRoot_upToDate() throws Exception {
    CliRun r = verifyQuoteDevRoot(state.resolve("collateral"));
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(0);
    JsonNode n = r.json();
    assertThat(n.toString()).contains("UpToDate");
    assertThat(n.toString()).contains("ab".repeat(64));
  }

  @Test
  void verifyQuote_dcapQvlCollateralJson_upToDate() throws Exception {
    CliRun r = verifyQuoteDevRoot(state.resolve("collateral").resolve("collateral.json"));
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(0);
  }

  @Test
  void verifyQuote_intelRoot_rejectedExit1() throws Exception {
    CliRun r = verifyQuote(state.resolve("collateral"), "--json");
    r.assertError(1, "TRUST_ANCHOR_MISMATCH");
  }

  @Test
  void eventLogReplay_getQuoteResponse_matchesQuote() throws Exception {
    CliRun r = run("event-log", "replay", "--event-log", response.toString(), "--json");
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(0);
    JsonNode n = r.json();
    assertThat(n.get("matchesQuote").asBoolean()).isTrue();
    assertThat(n.get("bootLogComplete").asBoolean()).isTrue();
    assertThat(n.get("keyProvider").get("name").asText()).isEqualTo("local-sgx");
  }
}
