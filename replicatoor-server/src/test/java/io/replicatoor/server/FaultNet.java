package io.replicatoor.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.attest.agent.GuestAgentClient;
import io.replicatoor.attest.collateral.fetch.PcsCollateralFetcher;
import io.replicatoor.attest.handover.CollateralSource;
import io.replicatoor.chain.RpcEndpoints;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.core.time.MutableClock;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.embed.EmbeddedReplicatoor;
import io.replicatoor.server.testing.ServedInstances;
import io.replicatoor.sim.CollateralWriter;
import io.replicatoor.sim.DevPki;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * One serving instance A behind the host API with every outside dependency behind a real stand-in
 * that a test can break and mend: the guest agent behind {@link AgentStandIn} (a Unix socket in
 * front of the simulator agent), two RPC endpoints behind {@link RpcStandIn}s in front of anvil
 * (the first a measured template {@code /v2/{apiKey:ALCHEMY}} filled from the host's key),
 * collateral from a {@link PcsStandIn} serving the simulator's dev-PKI collateral, and trusted time
 * on a {@link MutableClock} that follows the chain unless a test moves it. Wired as {@code serve}
 * wires the embed builder (host settings read on every use).
 */
final class FaultNet implements AutoCloseable {
  static final String API_KEY = "k3yV4lue_9f8e7d6c5b4a";
  static final Duration RPC_TIMEOUT = Duration.ofSeconds(5);
  static final Duration AGENT_TIMEOUT = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final DevNetwork dev;
  final MutableClock clock;
  final AgentStandIn agent;
  final RpcStandIn rpc1;
  final RpcStandIn rpc2;
  final PcsStandIn pcs;
  final Path pcsFolder;
  final HostSettings settings = new HostSettings(Set.of("ALCHEMY"));
  final SSLContext tls;
  final PcsStandIn pccs;
  EmbeddedReplicatoor a;
  ReplicatoorServer server;
  final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final DevPki pki;

  FaultNet(Path dir) throws Exception {
    this.dir = dir;
    this.dev = DevNetwork.start(dir);
    this.clock = new MutableClock(chainTime());
    EmbeddedReplicatoor.Builder b = dev.instance("v1", "a", true);
    clock.set(chainTime());
    // The simulator agent of "a" listens on dir/a.sock (DevNetwork's naming); A talks to it
    // through the stand-in.
    this.agent = new AgentStandIn(dir.resolve("agent-a.sock"), dir.resolve("a.sock"));
    this.rpc1 = new RpcStandIn(dev.rpc());
    this.rpc2 = new RpcStandIn(dev.rpc());
    this.pki = DevPki.loadOrCreate(dir.resolve("pki"), clock.instant(), new SecureRandom());
    this.pcsFolder = dir.resolve("pcs");
    writeCollateral();
    this.pcs = PcsStandIn.http(pcsFolder);
    this.tls = SelfSignedTls.context();
    this.pccs = PcsStandIn.https(pcsFolder, tls);
    settings.apply(HostSettings.API_KEY_PREFIX + "ALCHEMY=" + API_KEY);
    PcsCollateralFetcher fetcher =
        PcsCollateralFetcher.builder(pcs.base(), dir.resolve("data-a/collateral"))
            .clock(clock)
            .baseOverride(settings::pccsUrl)
            .httpClient(HttpClient.newBuilder().sslContext(tls).build())
            .build();
    a =
        b.agent(GuestAgentClient.forUnixSocket(agent.socket()).withTimeout(AGENT_TIMEOUT))
            .chain(
                31337,
                List.of(
                    RpcEndpoints.template(rpc1.url("/v2/{apiKey:ALCHEMY}")),
                    URI.create(rpc2.url("/rpc"))),
                2)
            .rpcApiKeys(settings::apiKey)
            .rpcTimeout(RPC_TIMEOUT)
            .collateral(CollateralSource.pcs(fetcher))
            .clock(clock)
            .start();
    GenesisEvidence g = a.genesis();
    dev.registerState(g);
    follow();
    a.refresh();
    ServerConfig c =
        ServedInstances.config(); // its 1 h refresh leaves refreshes to the test's own calls
    server =
        ReplicatoorServer.start(
            a.core(),
            settings,
            c,
            new JsonLog(new PrintStream(log, true, StandardCharsets.UTF_8), clock));
  }

  /** (Re)writes the stand-in PCS's collateral, valid from the clock's instant for 30 days. */
  void writeCollateral() throws Exception {
    CollateralWriter.write(pki, pcsFolder, clock.instant(), new SecureRandom());
  }

  /** Trusted time follows the chain again. */
  void follow() {
    clock.set(chainTime());
  }

  /** Moves chain time and trusted time forward by {@code d} (a block is mined). */
  void advance(Duration d) {
    dev.advance(d.toSeconds());
    follow();
  }

  /** One periodic refresh; the error code when it failed. */
  Optional<ErrorCode> refresh() {
    try {
      a.refresh();
      return Optional.empty();
    } catch (ReplicatoorException e) {
      return Optional.of(e.errorCode());
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  JsonNode status() {
    HttpResponse<String> r = Http.get(url("/status"));
    assertThat(r.statusCode()).isEqualTo(200);
    return Http.json(r);
  }

  JsonNode healthz() {
    return Http.json(Http.get(url("/healthz")));
  }

  String metrics() {
    return Http.get(url("/metrics")).body();
  }

  String log() {
    synchronized (log) {
      return log.toString(StandardCharsets.UTF_8);
    }
  }

  /** A derived key's public key (hex): the held state decides it. */
  String keyFingerprint() throws ReplicatoorException {
    return HexFormat.of().formatHex(a.deriveKey("app/0", "faults", "secp256k1").publicKey());
  }

  /** The latest block's timestamp on anvil. */
  Instant chainTime() {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(dev.rpc())
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getBlockByNumber\","
                                  + "\"params\":[\"latest\",false]}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      String t = JSON.readTree(r.body()).path("result").path("timestamp").asText();
      return Instant.ofEpochSecond(Long.decode(t));
    } catch (Exception e) {
      throw new IllegalStateException("anvil did not answer", e);
    }
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.stop();
    }
    pcs.close();
    pccs.close();
    rpc1.close();
    rpc2.close();
    agent.close();
    dev.close();
  }
}
