package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.replicatoor.core.testing.SharedVectors;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collateral fetch} against a real local HTTP server serving v01's real PCCS responses. */
class CollateralCommandTest {
  static final String V01 = "v01-tdx-v4-uptodate-b0c06f";

  @TempDir Path cache;
  HttpServer server;
  final List<String> requests = new CopyOnWriteArrayList<>();
  volatile boolean tcbInfoMissing;

  static CliRun run(String... args) {
    return CliRun.run(args);
  }

  static String enc(Path f) throws IOException {
    return URLEncoder.encode(Files.readString(f, StandardCharsets.US_ASCII), StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  @BeforeEach
  void start() throws IOException {
    Path v = SharedVectors.vectors("tdx", V01);
    record R(byte[] body, Map<String, String> headers) {}
    Map<String, R> routes = Map.of(
        "/sgx/certification/v4/pckcrl?ca=platform&encoding=der",
        new R(Files.readAllBytes(v.resolve("pck_crl.der")),
            Map.of("SGX-PCK-CRL-Issuer-Chain", enc(v.resolve("pck_crl_issuer_chain.pem")))),
        "/tdx/certification/v4/tcb?fmspc=B0C06F000000",
        new R(Files.readAllBytes(v.resolve("tcb_info_response.json")),
            Map.of("TCB-Info-Issuer-Chain", enc(v.resolve("tcb_info_issuer_chain.pem")))),
        "/tdx/certification/v4/qe/identity",
        new R(Files.readAllBytes(v.resolve("qe_identity_response.json")),
            Map.of("SGX-Enclave-Identity-Issuer-Chain", enc(v.resolve("qe_identity_issuer_chain.pem")))),
        "/sgx/certification/v4/rootcacrl",
        new R(HexFormat.of().formatHex(Files.readAllBytes(v.resolve("root_ca_crl.der")))
            .getBytes(StandardCharsets.US_ASCII), Map.of()));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      String key = ex.getRequestURI().getRawPath()
          + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
      requests.add(key);
      R r = routes.get(key);
      try (ex) {
        if (r == null || (tcbInfoMissing && key.contains("/tcb?"))) {
          ex.sendResponseHeaders(404, -1);
          return;
        }
        r.headers().forEach((k, val) -> ex.getResponseHeaders().add(k, val));
        ex.sendResponseHeaders(200, r.body().length);
        ex.getResponseBody().write(r.body());
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String[] fetchArgs(String... extra) {
    List<String> a = new java.util.ArrayList<>(List.of("collateral", "fetch",
        "--quote", SharedVectors.vectors("tdx", V01, "quote.bin").toString(),
        "--pccs", base(), "--cache", cache.toString(), "--at", "1751328000"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
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

    CliRun v = run("verify-quote", "--quote", SharedVectors.vectors("tdx", V01, "quote.bin").toString(),
        "--collateral", n.get("directory").asText(), "--at", "1751328000", "--json");
    assertThat(v.exitCode()).as(v.out() + v.err()).isZero();
    assertThat(new ObjectMapper().readTree(v.out()).get("status").asText()).isEqualTo("UpToDate");
  }

  @Test
  void fetch_secondRun_answersFromCacheWithoutRequests() {
    assertThat(run(fetchArgs()).exitCode()).isZero();
    CliRun second = run(fetchArgs());

    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).contains("(from cache)").contains("key: tdx/B0C06F000000/platform/default");
    assertThat(requests).hasSize(4);
  }

  @Test
  void fetch_tcbInfo404_exitsOneCollateralUnavailable() throws Exception {
    tcbInfoMissing = true;
    CliRun r = run(fetchArgs("--json"));

    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode n = new ObjectMapper().readTree(r.out());
    assertThat(n.get("error").asText()).isEqualTo("COLLATERAL_UNAVAILABLE");
    assertThat(n.get("message").asText()).contains("HTTP 404");
  }

  @Test
  void fetch_realTimeWithOldVectorCollateral_exitsOneExpired() throws Exception {
    CliRun r = run("collateral", "fetch", "--quote",
        SharedVectors.vectors("tdx", V01, "quote.bin").toString(), "--pccs", base(),
        "--cache", cache.toString(), "--json");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(new ObjectMapper().readTree(r.out()).get("error").asText())
        .isEqualTo("COLLATERAL_EXPIRED");
  }

  @Test
  void fetch_badUrlOrChannel_exitsTwo() {
    assertThat(run("collateral", "fetch", "--quote",
        SharedVectors.vectors("tdx", V01, "quote.bin").toString(), "--pccs", "ftp://x",
        "--cache", cache.toString()).exitCode()).isEqualTo(2);
    assertThat(run(fetchArgs("--update", "sometimes")).exitCode()).isEqualTo(2);
    assertThat(requests).isEmpty();
  }
}
