package io.replicatoor.cli;

import static io.replicatoor.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.server.ServerConfig;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replicatoor serve} over a real simulator agent (INSECURE dev trust root and collateral):
 * it starts, answers the host API, fails closed when no chain endpoint answers, and stops cleanly.
 */
class ServeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(
        b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One POST over a Unix socket with {@code Connection: close}; the whole answer as text. */
  private static String unixPost(Path socket, String target, String body) throws Exception {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(socket));
      OutputStream out = Channels.newOutputStream(c);
      out.write(
          ("POST "
                  + target
                  + " HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
                  + b.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(b);
      out.flush();
      return new String(Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void serve_overTheSimulator_answersTheHostApi_failsClosedWithoutChain_stopsCleanly()
      throws Exception {
    Path guest = guestSocket();
    CliRun.Background sim = simulator();
    CliRun.Background serve = CliRun.start(serveOverSimulator("127.0.0.1:0"));
    int exit;
    try {
      String out = serve.awaitOutput("server-started");
      JsonNode started = null;
      for (String line : out.split("\n")) {
        if (line.contains("server-started")) {
          started = JSON.readTree(line);
        }
      }
      assertThat(started).as(out + serve.err()).isNotNull();
      String base = "http://127.0.0.1:" + started.get("port").asInt();
      HttpResponse<String> status = send(HttpRequest.newBuilder(URI.create(base + "/status")));
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(status.body()).get("phase").asText()).isEqualTo("NO_STATE");
      HttpResponse<String> join =
          send(
              HttpRequest.newBuilder(URI.create(base + "/requestKey"))
                  .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(join.statusCode()).as(join.body()).isBetween(500, 599);
      assertThat(JSON.readTree(join.body()).get("error").asText()).startsWith("RPC_");
      // The template's key is missing: the error names the host setting to supply.
      assertThat(join.body()).contains("RPC_API_KEY_ALCHEMY");
      HttpResponse<String> conf =
          send(
              HttpRequest.newBuilder(URI.create(base + "/configure"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString("RPC_API_KEY_ALCHEMY=s3cr3tKeyValue\n")));
      assertThat(conf.statusCode()).as(conf.body()).isEqualTo(200);
      HttpResponse<String> again =
          send(
              HttpRequest.newBuilder(URI.create(base + "/requestKey"))
                  .POST(HttpRequest.BodyPublishers.noBody()));
      // Now the endpoint itself is asked (nothing listens on port 9), and the key stays unsaid.
      assertThat(again.body()).startsWith("{\"error\":\"RPC_").doesNotContain("RPC_API_KEY");
      assertThat(again.body()).doesNotContain("s3cr3tKeyValue");
      // The optional guest TCP listener answers the guest routes.
      JsonNode tcpStarted = null;
      for (String line : serve.awaitOutput("guest-tcp-started").split("\n")) {
        if (line.contains("guest-tcp-started")) {
          tcpStarted = JSON.readTree(line);
        }
      }
      assertThat(tcpStarted).isNotNull();
      String tcp = tcpStarted.get("address").asText();
      HttpResponse<String> tcpKey =
          send(
              HttpRequest.newBuilder(URI.create("http://" + tcp + "/GetKey"))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"p\",\"purpose\":\"q\"}")));
      assertThat(tcpKey.statusCode()).isEqualTo(409);
      assertThat(tcpKey.body()).contains("\"error\":\"NOT_CONFIGURED\"");
      assertThat(send(HttpRequest.newBuilder(URI.create(base + "/getkey"))).statusCode())
          .isEqualTo(404);
      // The guest socket: keys are refused until the instance holds state; agent routes pass on.
      String key = unixPost(guest, "/GetKey", "{\"path\":\"p\",\"purpose\":\"q\"}");
      assertThat(key).startsWith("HTTP/1.1 409 ").contains("\"error\":\"NOT_CONFIGURED\"");
      assertThat(unixPost(guest, "/Version", "{}"))
          .startsWith("HTTP/1.1 200 ")
          .contains("replicatoor-sim");
    } finally {
      exit = serve.stop();
      sim.stop();
    }
    assertThat(exit).isEqualTo(0);
    assertThat(guest).doesNotExist();
    assertThat(serve.awaitOutput("server-stopped"))
        .contains("\"event\":\"server-stopped\"")
        .doesNotContain("s3cr3tKeyValue");
  }

  private Path simulatorSocket() {
    return dir.resolve("dstack.sock");
  }

  private Path simulatorState() {
    return dir.resolve("sim");
  }

  private Path guestSocket() {
    return dir.resolve("guest").resolve("replicatoor.sock");
  }

  /** The simulator on {@link #simulatorSocket}, ready. */
  private CliRun.Background simulator() throws Exception {
    Path compose = dir.resolve("app-compose.json");
    Files.writeString(compose, "{\"name\":\"serve-test\"}");
    CliRun.Background sim = CliRun.simulate(simulatorSocket(), compose, simulatorState());
    sim.awaitJson();
    return sim;
  }

  /**
   * {@code serve} over {@link #simulator} with an unreachable RPC template, its guest socket at
   * {@link #guestSocket} and guest TCP at {@code guestTcp}.
   */
  private String[] serveOverSimulator(String guestTcp) {
    return serveOverSimulator(guestTcp, "0");
  }

  /** {@link #serveOverSimulator(String)} on host port {@code port}. */
  private String[] serveOverSimulator(String guestTcp, String port) {
    Path sock = simulatorSocket();
    Path state = simulatorState();
    return new String[] {
      "serve",
      "--host",
      "127.0.0.1",
      "--port",
      port,
      "--agent-socket",
      sock.toString(),
      "--insecure-dev-trust-root",
      state.resolve("pki/root.pem").toString(),
      "--insecure-dev-collateral",
      state.resolve("collateral").toString(),
      "--chain-id",
      "31337",
      "--rpc",
      "http://127.0.0.1:9/v2/{apiKey:ALCHEMY}",
      "--rpc-timeout",
      "2",
      "--guest-tcp",
      guestTcp,
      "--quorum",
      "1",
      "--contract",
      "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      "--code-hash",
      "0x" + "00".repeat(32),
      "--bind-os-image-hash",
      "false",
      "--data-dir",
      dir.resolve("data").toString(),
      "--guest-socket",
      guestSocket().toString()
    };
  }

  @Test
  void serve_addressInUse_usageExit2NamingTheSetting_removesTheGuestSocketItStarted()
      throws Exception {
    Path guest = guestSocket();
    CliRun.Background sim = simulator();
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String taken = "127.0.0.1:" + busy.getLocalPort();
      CliRun r = run(serveOverSimulator(taken));
      assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
      assertThat(r.out() + r.err())
          .contains("--guest-tcp/REPLICATOOR_GUEST_TCP: cannot listen on " + taken);
      assertThat(guest).as("the guest socket serve had started").doesNotExist();
      CliRun host = run(serveOverSimulator("off", Integer.toString(busy.getLocalPort())));
      assertThat(host.exitCode()).as(host.out() + host.err()).isEqualTo(2);
      assertThat(host.out() + host.err())
          .contains("--port/REPLICATOOR_HTTP_PORT: cannot listen on " + taken);
    } finally {
      sim.stop();
    }
  }

  @Test
  void serve_numberVariableNotANumber_usageExit2NamingFlagAndVariable() {
    CliEnvironment.set(() -> Map.of("REPLICATOOR_AGENT_TIMEOUT_SECONDS", "ten"));
    try {
      CliRun r = serveWithoutAgent("http://127.0.0.1:9");
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.out() + r.err())
          .contains("--agent-timeout/REPLICATOOR_AGENT_TIMEOUT_SECONDS must be a whole number");
    } finally {
      CliEnvironment.set(System::getenv);
    }
  }

  @Test
  void serve_badGuestTcpOrRpcTemplate_usageExit2() {
    CliRun r = serveWithoutAgent("http://127.0.0.1:9", "--guest-tcp", "nonsense");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out() + r.err()).contains("--guest-tcp");
    CliRun t = serveWithoutAgent("https://{apiKey:A}.example.org/");
    assertThat(t.exitCode()).isEqualTo(2);
    assertThat(t.out() + t.err()).contains("--rpc");
  }

  /** {@code serve} on chain 1 with one {@code rpc}, quorum 1, {@code more}, and no agent. */
  private CliRun serveWithoutAgent(String rpc, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "serve",
                "--agent-socket",
                dir.resolve("none.sock").toString(),
                "--chain-id",
                "1",
                "--rpc",
                rpc,
                "--quorum",
                "1"));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  @Test
  void serve_settingOutOfRange_usageExit2NamingTheFlagAndVariable_notTheRecordComponent() {
    Map<String[], String> cases =
        Map.of(
            new String[] {"--port", "70000"},
            "--port/REPLICATOOR_HTTP_PORT must be 0..65535, was 70000",
            new String[] {"--max-body-bytes", "10"},
            "--max-body-bytes/REPLICATOOR_HTTP_MAX_BODY_BYTES must be 1024..67108864, was 10",
            new String[] {"--queue", "0"},
            "--queue/REPLICATOOR_HTTP_QUEUE must be 1..10000, was 0",
            new String[] {"--refresh", "0"},
            "--refresh/REPLICATOOR_REFRESH_SECONDS must be positive");
    for (Map.Entry<String[], String> c : cases.entrySet()) {
      CliRun r = serveWithoutAgent("http://127.0.0.1:9", c.getKey());
      assertThat(r.exitCode()).as(String.join(" ", c.getKey())).isEqualTo(2);
      assertThat(r.out() + r.err())
          .as(String.join(" ", c.getKey()))
          .contains(c.getValue())
          .doesNotContain("maxBodyBytes")
          .doesNotContain("queueSize")
          .doesNotContain("refreshInterval");
    }
    assertThat(ServeCommand.settingName(ServerConfig.ENV_IO_THREADS))
        .as("a setting without a flag is named by its variable")
        .isEqualTo(ServerConfig.ENV_IO_THREADS);
  }

  @Test
  void serve_withoutChainSettings_usageExit2NamingTheVariables() {
    CliRun r = run("serve", "--agent-socket", dir.resolve("none.sock").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out() + r.err()).contains("REPLICATOOR_CHAIN_ID").contains("--rpc");
  }
}
