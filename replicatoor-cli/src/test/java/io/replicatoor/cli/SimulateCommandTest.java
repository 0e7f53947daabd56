package io.replicatoor.cli;

import static io.replicatoor.cli.CliRun.run;
import static io.replicatoor.cli.CliRun.simulateArgs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.testing.RawHttp;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code replicatoor simulate} in-process on a real Unix socket. */
class SimulateCommandTest {
  @TempDir Path dir;

  @Test
  void simulate_socket_servesGetQuoteAndCleansUpOnStop() throws Exception {
    Path compose = dir.resolve("app-compose.json");
    Files.writeString(compose, "{\"name\":\"cli-test\"}");
    Path sock = dir.resolve("dstack.sock");
    Path state = dir.resolve("state");
    CliRun.Background simulator = CliRun.simulate(sock, compose, state);
    JsonNode info = simulator.awaitJson();
    assertThat(info.get("endpoints").get(0).asText()).isEqualTo(sock.toString());
    assertThat(info.get("trustRoot").asText())
        .isEqualTo(state.resolve("pki").resolve("root.pem").toString());
    assertThat(Files.exists(state.resolve("collateral").resolve("tcb_info_response.json")))
        .isTrue();

    String resp =
        RawHttp.postAndClose(
            UnixDomainSocketAddress.of(sock), "/GetQuote", "{\"report_data\":\"01\"}");
    assertThat(resp).startsWith("HTTP/1.1 200 ");
    assertThat(resp).contains("\"quote\":\"0400020081000000");

    assertThat(simulator.stop()).isEqualTo(0);
    assertThat(Files.exists(sock)).isFalse();
  }

  @Test
  void simulate_socketAndListen_usageExit2() {
    CliRun r =
        run(
            "simulate",
            "--socket",
            dir.resolve("s").toString(),
            "--listen",
            "127.0.0.1:0",
            "--compose",
            "x.json",
            "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).contains("\"error\":\"USAGE\"");
  }

  @Test
  void simulate_missingCompose_errorNamesFile() {
    CliRun r =
        run(simulateArgs(dir.resolve("s.sock"), dir.resolve("missing.json"), dir.resolve("st")));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).contains("USAGE").contains("missing.json does not exist");
    assertThat(Files.exists(dir.resolve("s.sock"))).isFalse();
  }

  @Test
  void simulate_socketInUse_usageExit2() throws Exception {
    Path compose = dir.resolve("app-compose.json");
    Files.writeString(compose, "{}");
    Path sock = dir.resolve("busy.sock");
    try (ServerSocketChannel busy = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      busy.bind(UnixDomainSocketAddress.of(sock));
      CliRun r = run(simulateArgs(sock, compose, dir.resolve("st")));
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.out()).contains("in use");
    }
  }

  @Test
  void simulate_listenAndLegacySocket_servesCurrentOnTcpAndTappdOnSocket() throws Exception {
    Path compose = dir.resolve("app-compose.json");
    Files.writeString(compose, "{\"name\":\"cli-tcp\"}");
    Path legacy = dir.resolve("tappd.sock");
    CliRun.Background simulator =
        CliRun.start(
            "simulate",
            "--listen",
            "127.0.0.1:0",
            "--legacy-socket",
            legacy.toString(),
            "--compose",
            compose.toString(),
            "--state",
            dir.resolve("state").toString(),
            "--json");
    JsonNode info = simulator.awaitJson();
    String http = info.get("endpoints").get(0).asText();
    assertThat(http).startsWith("http://127.0.0.1:");
    assertThat(info.get("endpoints").get(1).asText()).isEqualTo(legacy.toString());
    int port = Integer.parseInt(http.substring(http.lastIndexOf(':') + 1));
    String version = RawHttp.postAndClose(new InetSocketAddress("127.0.0.1", port), "/Version", "");
    assertThat(version).startsWith("HTTP/1.1 200 ");
    String rawQuote =
        RawHttp.postAndClose(
            UnixDomainSocketAddress.of(legacy),
            "/prpc/Tappd.RawQuote?json",
            "{\"report_data\":\"" + "00".repeat(64) + "\"}");
    assertThat(rawQuote).startsWith("HTTP/1.1 200 ").contains("\"hash_algorithm\":\"raw\"");
    assertThat(simulator.stop()).isEqualTo(0);
    assertThat(Files.exists(legacy)).isFalse();
  }
}
