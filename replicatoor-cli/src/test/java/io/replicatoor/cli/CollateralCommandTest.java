package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.testing.PcsTestServer;
import io.replicatoor.testing.SharedVectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collateral fetch} against a real local HTTP server serving v01's real PCCS responses. */
class CollateralCommandTest {
  static final String V01 = "v01-tdx-v4-uptodate-b0c06f";

  @TempDir Path cache;
  PcsTestServer pcs;
  List<String> requests;

  static CliRun run(String... args) {
    return CliRun.run(args);
  }

  @BeforeEach
  void start() throws IOException {
    pcs = PcsTestServer.serving(V01);
    requests = pcs.requests();
  }

  @AfterEach
  void stop() {
    pcs.close();
  }

  String base() {
    return pcs.baseUri().toString();
  }

  /** {@code collateral fetch} of v01's quote from the served PCS into the cache, at v01's time. */
  String[] fetchArgs(String... extra) {
    return fetchArgsNow(CliRun.args(List.of("--at", "1751328000"), extra));
  }

  /**
   * {@code collateral fetch} of v01's quote from the served PCS into the cache, at the real time.
   */
  String[] fetchArgsNow(String... extra) {
    return CliRun.args(
        List.of(
            "collateral",
            "fetch",
            "--quote",
            SharedVectors.vectors("tdx", V01, "quote.bin").toString(),
            "--pccs",
            base(),
            "--cache",
            cache.toString()),
        extra);
  }

  @Test
  void fetch_v01Quote_writesFolderThatVerifyQuoteAccepts() throws Exception {
    CliRun r = run(fetchArgs("--json"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = new ObjectMapper().readTree(r.out());
    assertThat(n.get("tee").asText()).isEqualTo("tdx");
    assertThat(n.get("fmspc").asText()).isEqualTo("0xb0c06f000000");
    assertThat(n.get("ca").asText()).isEqualTo("platform");
    assertThat(n.get("tcbEvaluationDataNumber").asLong()).isEqualTo(17);
    assertThat(n.get("fromCache").asBoolean()).isFalse();
    assertThat(requests).hasSize(4);

    CliRun v =
        run(
            "verify-quote",
            "--quote",
            SharedVectors.vectors("tdx", V01, "quote.bin").toString(),
            "--collateral",
            n.get("directory").asText(),
            "--at",
            "1751328000",
            "--json");
    assertThat(v.exitCode()).as(v.out() + v.err()).isZero();
    assertThat(new ObjectMapper().readTree(v.out()).get("status").asText()).isEqualTo("UpToDate");
  }

  @Test
  void fetch_secondRun_answersFromCacheWithoutRequests() {
    assertThat(run(fetchArgs()).exitCode()).isZero();
    CliRun second = run(fetchArgs());

    assertThat(second.exitCode()).isZero();
    assertThat(second.out())
        .contains("(from cache)")
        .contains("key: tdx/B0C06F000000/platform/default");
    assertThat(requests).hasSize(4);
  }

  @Test
  void fetch_tcbInfo404_exitsOneCollateralUnavailable() throws Exception {
    String tcb = PcsTestServer.tcbPath("tdx", "B0C06F000000", "");
    pcs.put(tcb, pcs.route(tcb).withStatus(404).withoutHeaders());
    CliRun r = run(fetchArgs("--json"));

    r.assertError(1, "COLLATERAL_UNAVAILABLE");
    assertThat(r.json().get("message").asText()).contains("HTTP 404");
  }

  @Test
  void fetch_realTimeWithOldVectorCollateral_exitsOneExpired() throws Exception {
    CliRun r = run(fetchArgsNow("--json"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(new ObjectMapper().readTree(r.out()).get("error").asText())
        .isEqualTo("COLLATERAL_EXPIRED");
  }

  @Test
  void fetch_badUrlOrChannel_exitsTwo() {
    assertThat(
            run(
                    "collateral",
                    "fetch",
                    "--quote",
                    SharedVectors.vectors("tdx", V01, "quote.bin").toString(),
                    "--pccs",
                    "ftp://x",
                    "--cache",
                    cache.toString())
                .exitCode())
        .isEqualTo(2);
    assertThat(run(fetchArgs("--update", "sometimes")).exitCode()).isEqualTo(2);
    assertThat(requests).isEmpty();
  }
}
