package io.replicatoor.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.embed.EmbeddedReplicatoor;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10 "Faults": one test per fault, each with real parts ({@link FaultNet}: the simulator
 * agent behind a real Unix socket, anvil behind real HTTP endpoints, a real HTTP PCS serving
 * dev-PKI collateral). Each fault gives its error code from the periodic refresh, changes no state
 * (same phase, fingerprint, version and derived key), makes {@code /status} and {@code /healthz}
 * say {@code serving: false} with the reason, and the instance serves again once the fault clears.
 * The table is in docs/reliability.md, "Faults".
 */
class FaultsTest {
  @TempDir Path tmp;
  FaultNet net;
  String fingerprint;
  long version;
  String key;

  @BeforeEach
  void start() throws Exception {
    net = new FaultNet(tmp);
    assertServing();
    JsonNode s = net.status();
    fingerprint = s.path("fingerprint").asText();
    version = s.path("stateVersion").asLong();
    key = net.keyFingerprint();
  }

  @AfterEach
  void stop() throws Exception {
    net.close();
  }

  /** A change to the fake world and its undoing. */
  interface Step {
    void apply(FaultNet net) throws Exception;
  }

  /** One fault that the next refresh reports as {@code code} and that {@code clear} ends. */
  record Fault(String name, Step inject, ErrorCode code, Step clear) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Fault> faults() {
    return List.of(
        new Fault(
            "agent socket gone",
            n -> n.agent.gone(),
            ErrorCode.AGENT_UNAVAILABLE,
            n -> n.agent.back()),
        new Fault(
            "agent slow",
            n -> n.agent.mode(AgentStandIn.Mode.SLOW),
            ErrorCode.AGENT_TIMEOUT,
            n -> n.agent.mode(AgentStandIn.Mode.PASS)),
        new Fault(
            "agent answers garbage",
            n -> n.agent.mode(AgentStandIn.Mode.GARBAGE),
            ErrorCode.AGENT_RESPONSE_INVALID,
            n -> n.agent.mode(AgentStandIn.Mode.PASS)),
        new Fault(
            "RPC endpoint lies",
            n -> n.rpc2.mode(RpcStandIn.Mode.LIE),
            ErrorCode.HEADER_HASH_MISMATCH,
            n -> n.rpc2.mode(RpcStandIn.Mode.PASS)),
        // The chain stalls while trusted time runs on past the maximum header age (1 h here);
        // then a new block arrives.
        new Fault(
            "chain header too old",
            n -> n.clock.advance(Duration.ofHours(2)),
            ErrorCode.HEADER_STALE,
            n -> n.advance(Duration.ofHours(2))),
        new Fault(
            "clock jumps forward and back",
            n -> n.clock.advance(Duration.ofDays(3)),
            ErrorCode.HEADER_STALE,
            FaultNet::follow),
        new Fault(
            "clock jumps backward",
            n -> n.clock.advance(Duration.ofHours(-2)),
            ErrorCode.HEADER_FROM_FUTURE,
            FaultNet::follow));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void faultReported_thenRecovers(Fault fault) throws Exception {
    fault.inject().apply(net);
    assertFault(fault.code());
    fault.clear().apply(net);
    assertRecovers();
  }

  @Test
  void pccsDown_cachedCollateralUsedUntilItExpires_thenFailsClosed_recoversWhenBack()
      throws Exception {
    net.pcs.down();
    // Past the fetcher's maximum cache age (12 h): a refresh is due and fails; the cached set is
    // still valid, so the instance keeps serving and says the collateral is stale.
    net.advance(Duration.ofHours(13));
    assertThat(net.refresh()).isEmpty();
    assertServing();
    JsonNode c = net.status().path("collateral");
    assertThat(c.path("stale").asBoolean()).isTrue();
    assertThat(c.path("expired").asBoolean()).isFalse();
    assertThat(c.path("lastError").asText()).isEqualTo("COLLATERAL_UNAVAILABLE");
    assertThat(c.path("source").asText()).isEqualTo(net.pcs.base().toString());
    assertThat(net.metrics())
        .contains("replicatoor_collateral_stale 1")
        .contains("replicatoor_collateral_refresh_failing 1");

    // Past the set's earliest nextUpdate (30 days): fail closed.
    net.advance(Duration.ofDays(30));
    assertFault(ErrorCode.COLLATERAL_EXPIRED);
    assertThat(net.status().path("collateral").path("expired").asBoolean()).isTrue();
    assertThat(net.metrics()).contains("replicatoor_collateral_expired 1");

    // The PCS is back with current collateral.
    net.writeCollateral();
    net.pcs.up();
    assertRecovers();
    c = net.status().path("collateral");
    assertThat(c.path("stale").asBoolean()).isFalse();
    assertThat(c.has("lastError")).isFalse();
    assertThat(c.path("fetchedAt").asText()).isEqualTo(net.clock.instant().toString());
  }

  @Test
  void rpcEndpointTimesOut() throws Exception {
    net.rpc1.mode(RpcStandIn.Mode.HANG);
    assertFault(ErrorCode.RPC_UNAVAILABLE);
    assertThat(net.status().path("reason").path("message").asText())
        .contains("timed out after " + FaultNet.RPC_TIMEOUT.toMillis() + " ms");
    net.rpc1.mode(RpcStandIn.Mode.PASS);
    assertRecovers();
  }

  @Test
  void rpcEndpointsDisagree() throws Exception {
    try (DevNetwork other = DevNetwork.start(tmp.resolve("other"))) {
      net.rpc2.upstream(other.rpc()); // another chain with the same chain id
      assertFault(ErrorCode.QUORUM_DISAGREES);
      net.rpc2.upstream(net.dev.rpc());
      assertRecovers();
    }
  }

  @Test
  void handOverDuringAFault_refusedWithItsCode_changesNothing_sameJoinSucceedsAfter()
      throws Exception {
    EmbeddedReplicatoor b = net.dev.instance("v1", "b", true).start();
    byte[] join = b.requestKey().encode();
    net.rpc2.mode(RpcStandIn.Mode.LIE);
    HttpResponse<String> refused = Http.post(net.url("/onboard"), "application/json", join);
    assertThat(Http.code(refused)).isEqualTo(ErrorCode.HEADER_HASH_MISMATCH.name());
    assertThat(refused.statusCode()).isEqualTo(ErrorCode.HEADER_HASH_MISMATCH.httpStatus());
    assertThat(net.status().path("peersOnboarded").asLong()).isZero();
    assertUnchanged(net.status());

    net.rpc2.mode(RpcStandIn.Mode.PASS);
    HttpResponse<String> bundle = Http.post(net.url("/onboard"), "application/json", join);
    assertThat(bundle.statusCode()).as(bundle.body()).isEqualTo(200);
    b.receiveKey(bundle.body().getBytes(StandardCharsets.UTF_8));
    assertThat(HexFormat.of().formatHex(b.deriveKey("app/0", "faults", "secp256k1").publicKey()))
        .isEqualTo(key);
  }

  // ---- checks ------------------------------------------------------------------------------

  private void assertFault(ErrorCode expected) throws Exception {
    long since = net.clock.instant().getEpochSecond();
    Optional<ErrorCode> got = net.refresh();
    assertThat(got).as("refresh error").contains(expected);
    JsonNode s = net.status();
    assertThat(s.path("serving").asBoolean()).isFalse();
    assertThat(s.path("reason").path("error").asText()).isEqualTo(expected.name());
    assertThat(s.path("reason").path("since").asLong()).isEqualTo(since);
    assertThat(s.path("reason").path("sinceUtc").asText()).isNotEmpty();
    JsonNode h = net.healthz();
    assertThat(h.path("serving").asBoolean()).isFalse();
    assertThat(h.path("reason").path("error").asText()).isEqualTo(expected.name());
    assertThat(net.metrics())
        .contains("replicatoor_serving 0")
        .contains("replicatoor_not_serving_reason{error=\"" + expected.name() + "\"} 1");
    assertUnchanged(s);
    // A second failing refresh keeps the reason's start.
    assertThat(net.refresh()).contains(expected);
    assertThat(net.status().path("reason").path("since").asLong()).isEqualTo(since);
  }

  private void assertRecovers() throws Exception {
    assertThat(net.refresh()).as("refresh after the fault cleared").isEmpty();
    assertServing();
    assertUnchanged(net.status());
  }

  private void assertServing() {
    JsonNode s = net.status();
    assertThat(s.path("serving").asBoolean()).as("serving").isTrue();
    assertThat(s.has("reason")).isFalse();
    assertThat(net.healthz().path("serving").asBoolean()).isTrue();
    assertThat(net.metrics()).contains("replicatoor_serving 1");
  }

  private void assertUnchanged(JsonNode s) throws Exception {
    assertThat(s.path("phase").asText()).isEqualTo("SERVING");
    assertThat(s.path("fingerprint").asText()).isEqualTo(fingerprint);
    assertThat(s.path("stateVersion").asLong()).isEqualTo(version);
    assertThat(net.keyFingerprint()).isEqualTo(key);
  }
}
