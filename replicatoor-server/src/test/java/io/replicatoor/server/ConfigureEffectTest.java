package io.replicatoor.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.testing.SecretScan;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /configure} takes effect on the adapters (real anvil behind a real HTTP endpoint
 * recording paths, a real HTTPS PCCS), never changes a measured setting, and the API key appears
 * nowhere but in the request path to its endpoint.
 */
class ConfigureEffectTest {
  static final String NEW_KEY = "n3wK3y_abcdef0123456789";

  @TempDir Path tmp;
  FaultNet net;
  final List<String> seen = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    net = new FaultNet(tmp);
  }

  @AfterEach
  void stop() throws Exception {
    net.close();
  }

  @Test
  void configuredApiKey_reachesTheTemplatedEndpoint_onTheNextRead_andNeverLeaks() throws Exception {
    // FaultNet set the first key before genesis: every read went to /v2/<key>.
    assertThat(net.rpc1.paths()).isNotEmpty().allMatch(p -> p.equals("/v2/" + FaultNet.API_KEY));
    assertThat(net.rpc2.paths()).isNotEmpty().allMatch(p -> p.equals("/rpc"));

    HttpResponse<String> r =
        Http.post(net.url("/configure"), "text/plain", "RPC_API_KEY_ALCHEMY=" + NEW_KEY + "\n");
    seen.add(r.body());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Http.json(r).path("configured").get(0).asText()).isEqualTo("RPC_API_KEY_ALCHEMY");
    int before = net.rpc1.paths().size();
    assertThat(net.refresh()).isEmpty();
    List<String> after = net.rpc1.paths().subList(before, net.rpc1.paths().size());
    assertThat(after).isNotEmpty().allMatch(p -> p.equals("/v2/" + NEW_KEY));

    // An endpoint that echoes the key in its error text: the refresh fails, the key is replaced.
    net.rpc1.mode(RpcStandIn.Mode.ECHO_PATH);
    assertThat(net.refresh()).contains(ErrorCode.RPC_UNAVAILABLE); // no quorum without it
    JsonNode s = net.status();
    assertThat(s.path("reason").path("message").asText()).contains("<ALCHEMY key>");
    net.rpc1.mode(RpcStandIn.Mode.PASS);
    assertThat(net.refresh()).isEmpty();

    seen.add(net.status().toString());
    seen.add(s.toString());
    seen.add(net.healthz().toString());
    seen.add(net.metrics());
    seen.add(net.log());
    seen.add(net.a.toString());
    SecretScan scan =
        SecretScan.create().add("first API key", FaultNet.API_KEY).add("new API key", NEW_KEY);
    List<String> findings = new ArrayList<>();
    for (int i = 0; i < seen.size(); i++) {
      findings.addAll(scan.findings("answer or log #" + i, seen.get(i)));
    }
    // Nor in anything the instance wrote (collateral cache, chain high-water marks).
    findings.addAll(scan.findingsInTree(net.dir.resolve("data-a"), f -> false));
    assertThat(findings).isEmpty();
  }

  @Test
  void pccsUrl_movesCollateralFetchingToTheNewSource_stillVerified() throws Exception {
    net.pcs.down();
    net.pccs.requests().clear();
    HttpResponse<String> r =
        Http.post(net.url("/configure"), "text/plain", "PCCS_URL=" + net.pccs.base() + "\n");
    assertThat(r.statusCode()).isEqualTo(200);
    net.advance(Duration.ofHours(13)); // the cached set is due for a refresh
    assertThat(net.refresh()).isEmpty();
    assertThat(net.pccs.requests())
        .contains(
            "/sgx/certification/v4/rootcacrl", "/tdx/certification/v4/qe/identity?update=standard");
    JsonNode c = net.status().path("collateral");
    assertThat(c.path("source").asText()).isEqualTo(net.pccs.base().toString());
    assertThat(c.path("stale").asBoolean()).isFalse();
    assertThat(c.path("fetchedAt").asText()).isEqualTo(net.clock.instant().toString());
  }

  @Test
  void measuredSettings_cannotBeChanged_andNothingMoves() throws Exception {
    int before1 = net.rpc1.paths().size();
    for (String body :
        List.of(
            "REPLICATOOR_RPC_URLS=http://127.0.0.1:1/evil",
            "ETH_RPC_URL=http://127.0.0.1:1/evil",
            "REPLICATOOR_RPC_QUORUM=1",
            "RPC_API_KEY_ALCHEMY=" + NEW_KEY + "\nCHAIN_ID=1",
            "RPC_API_KEY_ALCHEMY=../../evil",
            "PCCS_URL=http://127.0.0.1:1")) {
      HttpResponse<String> r = Http.post(net.url("/configure"), "text/plain", body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(r.body()).doesNotContain(NEW_KEY).doesNotContain("evil");
    }
    // The body with CHAIN_ID set nothing, not even its valid key.
    assertThat(net.settings.apiKey("ALCHEMY")).contains(FaultNet.API_KEY);
    assertThat(net.refresh()).isEmpty();
    assertThat(net.rpc1.paths().subList(before1, net.rpc1.paths().size()))
        .allMatch(p -> p.equals("/v2/" + FaultNet.API_KEY));
    assertThat(net.status().path("chain").path("chainId").asLong()).isEqualTo(31337);
  }
}
