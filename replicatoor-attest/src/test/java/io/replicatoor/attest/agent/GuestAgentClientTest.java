package io.replicatoor.attest.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.eventlog.RtmrReplay;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.testing.SharedVectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GuestAgentClientTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  private static String vector(String... path) {
    return new String(SharedVectors.read("dstack", path), StandardCharsets.UTF_8);
  }

  /** The recorded dstack GetQuote response (REPORTDATA 0x1234). */
  private static String quoteReport() {
    return vector("verifier-fixtures", "quote-report.json");
  }

  /** The recorded Tappd RawQuote response (REPORTDATA 64 zero bytes). */
  private static String tappdReport() {
    return vector("tappd-v0.4-example", "report.json");
  }

  /** The simulator's first derived key from the shared vectors, as hex. */
  private static String simulatorKeyHex() {
    return SharedVectors.json("dstack", "derived", "fixtures-expected.json")
        .get("getkey_simulator_appkeys")
        .get("derived")
        .get(0)
        .get("key")
        .asText();
  }

  private static void assertCode(Executable action, ErrorCode code, String messagePart) {
    assertCode(action, code, m -> assertThat(m).contains(messagePart));
  }

  private static void assertCode(Executable action, ErrorCode code, Consumer<String> message) {
    assertThatThrownBy(action::execute)
        .isInstanceOfSatisfying(
            ReplicatoorException.class, e -> assertThat(e.errorCode()).isEqualTo(code))
        .satisfies(e -> message.accept(e.getMessage()));
  }

  private FakeAgentServer serve(String name, FakeAgentServer.Handler h) throws Exception {
    return FakeAgentServer.start(dir.resolve(name), h);
  }

  /** An agent on socket {@code name} that answers every request with HTTP 200 and {@code body}. */
  private FakeAgentServer serveOk(String name, String body) throws Exception {
    return serve(name, FakeAgentServer.respond(200, body));
  }

  @Test
  void getQuote_recordedGetQuoteResponse_parsedAndRequestWellFormed() throws Exception {
    try (FakeAgentServer s = serveOk("dstack.sock", quoteReport())) {
      GuestAgentClient c = GuestAgentClient.forUnixSocket(s.socket());
      assertThat(c.api()).isEqualTo(AgentApi.CURRENT);
      QuoteResponse r = c.getQuote(new byte[] {0x12, 0x34});
      assertThat(r.quote().length()).isGreaterThan(1000);
      assertThat(r.reportData().orElseThrow().toHex()).startsWith("1234").hasSize(128);
      assertThat(r.vmConfig().orElseThrow()).contains("os_image_hash");
      assertThat(RtmrReplay.replay(r.eventLog()).rtmr3().toHex()).startsWith("0f787c38");
      FakeAgentServer.Request req = s.requests().get(0);
      assertThat(req.method()).isEqualTo("POST");
      assertThat(req.target()).isEqualTo("/GetQuote");
      assertThat(req.headers())
          .containsEntry("content-type", "application/json")
          .containsEntry("connection", "close")
          .containsEntry("host", "localhost");
      assertThat(MAPPER.readTree(req.body()).get("report_data").asText()).isEqualTo("1234");
    }
  }

  @Test
  void tappdRawQuote_recordedTdxQuoteResponse_parsedViaLegacyPath() throws Exception {
    try (FakeAgentServer s = serveOk("tappd.sock", tappdReport())) {
      GuestAgentClient c = GuestAgentClient.forUnixSocket(s.socket());
      assertThat(c.api()).isEqualTo(AgentApi.LEGACY);
      QuoteResponse r = c.quote(new byte[64]);
      assertThat(RtmrReplay.replay(r.eventLog()).rtmr3().toHex()).startsWith("45c2309f");
      assertThat(s.requests().get(0).target()).isEqualTo("/prpc/Tappd.RawQuote?json");
      assertThat(MAPPER.readTree(s.requests().get(0).body()).get("report_data").asText())
          .isEqualTo("00".repeat(64));
    }
  }

  @Test
  void getQuote_chunkedResponse_reassembled() throws Exception {
    try (FakeAgentServer s = serve("d.sock", FakeAgentServer.chunked(quoteReport(), 997))) {
      QuoteResponse r =
          GuestAgentClient.forUnixSocket(s.socket()).getQuote(new byte[] {0x12, 0x34});
      assertThat(r.eventLog().size()).isEqualTo(28);
    }
  }

  @Test
  void getQuote_hexWith0xPrefix_accepted() throws Exception {
    ObjectNode n = (ObjectNode) MAPPER.readTree(quoteReport());
    n.put("quote", "0x" + n.get("quote").asText());
    n.put("report_data", "0X" + n.get("report_data").asText());
    try (FakeAgentServer s = serveOk("d.sock", n.toString())) {
      QuoteResponse r =
          GuestAgentClient.forUnixSocket(s.socket()).getQuote(new byte[] {0x12, 0x34});
      assertThat(r.quote().toHex()).startsWith("0400");
    }
  }

  @Test
  void getQuote_quoteReportDataDiffersFromRequest_responseInvalid() throws Exception {
    try (FakeAgentServer s = serveOk("d.sock", quoteReport())) {
      GuestAgentClient c = GuestAgentClient.forUnixSocket(s.socket());
      assertCode(
          () -> c.getQuote(new byte[] {0x12, 0x35}),
          ErrorCode.AGENT_RESPONSE_INVALID,
          "echoed report_data");
    }
    ObjectNode n = (ObjectNode) MAPPER.readTree(quoteReport());
    n.remove("report_data");
    try (FakeAgentServer s = serveOk("d2.sock", n.toString())) {
      GuestAgentClient c = GuestAgentClient.forUnixSocket(s.socket());
      assertCode(
          () -> c.getQuote(new byte[] {0x12, 0x35}),
          ErrorCode.AGENT_RESPONSE_INVALID,
          "REPORTDATA differs");
    }
  }

  /** Threat model P1: all 64 REPORTDATA bytes are compared, the last one included. */
  @Test
  void tappdRawQuote_onlyLastReportDataByteDiffers_responseInvalid() throws Exception {
    try (FakeAgentServer s = serveOk("tappd.sock", tappdReport())) {
      byte[] rd = new byte[64];
      rd[63] = 1;
      assertCode(
          () -> GuestAgentClient.forUnixSocket(s.socket()).quote(rd),
          ErrorCode.AGENT_RESPONSE_INVALID,
          "REPORTDATA differs from the request");
    }
  }

  /** Threat model P1: the client has no code path that asks Tappd.TdxQuote to hash anything. */
  @Test
  void clientClass_neverReferencesTdxQuote_onlyRawPaths() throws Exception {
    byte[] cls;
    try (var in = GuestAgentClient.class.getResourceAsStream("GuestAgentClient.class")) {
      cls = in.readAllBytes();
    }
    String constants = new String(cls, StandardCharsets.ISO_8859_1);
    assertThat(constants).doesNotContain("TdxQuote");
    assertThat(constants).contains("/prpc/Tappd.RawQuote?json").contains("/GetQuote");
  }

  @Test
  void getQuote_tooLongReportData_illegalArgumentBeforeAnyIo() throws Exception {
    GuestAgentClient c = GuestAgentClient.forUnixSocket(dir.resolve("none.sock"));
    assertThatThrownBy(() -> c.getQuote(new byte[65])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.tappdRawQuote(new byte[63]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** One misbehaving agent and the typed error (and message part) it must map to. */
  record Case(String name, FakeAgentServer.Handler h, ErrorCode code, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> misbehavingAgents() throws Exception {
    String qr = quoteReport();
    JsonNode good = MAPPER.readTree(qr);
    return List.of(
        new Case(
            "HTTP 500 with error JSON",
            FakeAgentServer.respond(500, "{\"error\": \"quote generation failed\"}"),
            ErrorCode.AGENT_ERROR,
            "HTTP 500: quote generation failed"),
        new Case(
            "HTTP 400 pretty-printed",
            FakeAgentServer.respond(400, "{\n  \"error\": \"Report data is too long\"\n}"),
            ErrorCode.AGENT_ERROR,
            "Report data is too long"),
        new Case(
            "HTTP 404 with HTML",
            FakeAgentServer.respond(404, "<html>nope</html>"),
            ErrorCode.AGENT_ERROR,
            "HTTP 404: no error message"),
        new Case(
            "garbage body",
            FakeAgentServer.respond(200, "\u0001\u0002garbage"),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "not JSON"),
        new Case(
            "JSON array body",
            FakeAgentServer.respond(200, "[1,2]"),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "not an object"),
        new Case(
            "trailing garbage after JSON",
            FakeAgentServer.respond(200, qr + "x"),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "not JSON"),
        new Case(
            "missing quote",
            FakeAgentServer.respond(200, "{\"event_log\":\"[]\"}"),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "'quote'"),
        new Case(
            "event_log not a string",
            FakeAgentServer.respond(
                200,
                ((ObjectNode) good.deepCopy())
                    .set("event_log", MAPPER.createArrayNode())
                    .toString()),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "'event_log'"),
        new Case(
            "event_log truncated",
            FakeAgentServer.respond(
                200,
                ((ObjectNode) good.deepCopy())
                    .put("event_log", good.get("event_log").asText().substring(0, 500))
                    .toString()),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "unreadable event_log"),
        new Case(
            "quote odd hex",
            FakeAgentServer.respond(
                200, ((ObjectNode) good.deepCopy()).put("quote", "abc").toString()),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "odd length"),
        new Case(
            "quote truncated",
            FakeAgentServer.respond(
                200,
                ((ObjectNode) good.deepCopy())
                    .put("quote", good.get("quote").asText().substring(0, 1000))
                    .toString()),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "unparseable quote"),
        new Case(
            "not HTTP at all",
            FakeAgentServer.raw("SSH-2.0-OpenSSH\r\n"),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "HTTP/1.x status line"),
        new Case(
            "closed without answer",
            FakeAgentServer.raw(""),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "inside the status line"),
        new Case(
            "body shorter than Content-Length",
            FakeAgentServer.raw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"a\":"),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "after 5 of 100 body bytes"),
        new Case(
            "both Content-Length and chunked",
            FakeAgentServer.raw(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}"),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "both Content-Length and Transfer-Encoding"),
        new Case(
            "conflicting Content-Length",
            FakeAgentServer.raw(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "conflicting Content-Length"),
        new Case(
            "gzip transfer encoding",
            FakeAgentServer.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n{}"),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "unsupported Transfer-Encoding"),
        new Case(
            "bad chunk size",
            FakeAgentServer.raw(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "malformed chunk size"),
        new Case(
            "chunk without CRLF",
            FakeAgentServer.raw(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n"),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "not followed by CRLF"),
        new Case(
            "negative Content-Length",
            FakeAgentServer.raw("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}"),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "malformed Content-Length"),
        new Case(
            "bad status code",
            FakeAgentServer.raw("HTTP/1.1 2x0 OK\r\n\r\n{}"),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "malformed status code"),
        new Case(
            "header line without colon",
            FakeAgentServer.raw("HTTP/1.1 200 OK\r\nnocolon\r\n\r\n{}"),
            ErrorCode.AGENT_RESPONSE_INVALID,
            "malformed header"));
  }

  /** Every misbehaviour maps to one typed error. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("misbehavingAgents")
  void call_misbehavingAgent_typedError(Case c) throws Exception {
    try (FakeAgentServer s = serve("m.sock", c.h())) {
      GuestAgentClient client =
          GuestAgentClient.forUnixSocket(s.socket()).withTimeout(Duration.ofSeconds(5));
      assertCode(() -> client.getQuote(new byte[] {0x12, 0x34}), c.code(), c.message());
    }
  }

  @Test
  void call_oversizedResponses_rejectedAtLimit() throws Exception {
    int limit = 4096;
    String big = "{\"x\":\"" + "a".repeat(limit) + "\"}";
    List<FakeAgentServer.Handler> handlers =
        List.of(
            FakeAgentServer.respond(200, big),
            FakeAgentServer.chunked(big, 1000),
            FakeAgentServer.raw("HTTP/1.1 200 OK\r\n\r\n" + big),
            FakeAgentServer.raw("HTTP/1.1 200 OK\r\nX: " + "h".repeat(10_000) + "\r\n\r\n{}"));
    int i = 0;
    for (FakeAgentServer.Handler h : handlers) {
      try (FakeAgentServer s = serve("o" + (i++) + ".sock", h)) {
        GuestAgentClient c = GuestAgentClient.forUnixSocket(s.socket()).withMaxResponseBytes(limit);
        assertCode(
            c::info,
            ErrorCode.AGENT_RESPONSE_INVALID,
            m -> assertThat(m).containsAnyOf("exceeds the limit", "longer than"));
      }
    }
    // At the limit: accepted.
    String exact = "{\"app_id\":\"" + "a".repeat(limit - 13) + "\"}";
    assertThat(exact).hasSize(limit);
    try (FakeAgentServer s = serveOk("exact.sock", exact)) {
      assertThat(
              GuestAgentClient.forUnixSocket(s.socket()).withMaxResponseBytes(limit).info().appId())
          .hasSize(limit - 13);
    }
  }

  @Test
  void call_silentAgent_timesOut() throws Exception {
    try (FakeAgentServer s = serve("silent.sock", FakeAgentServer.silent())) {
      GuestAgentClient c =
          GuestAgentClient.forUnixSocket(s.socket()).withTimeout(Duration.ofMillis(300));
      long t0 = System.nanoTime();
      assertCode(c::info, ErrorCode.AGENT_TIMEOUT, "did not answer within 300 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void call_slowlorisAgent_timesOutDespiteTrickle() throws Exception {
    try (FakeAgentServer s = serve("slow.sock", FakeAgentServer.slowloris(20))) {
      GuestAgentClient c =
          GuestAgentClient.forUnixSocket(s.socket()).withTimeout(Duration.ofMillis(500));
      long t0 = System.nanoTime();
      assertCode(c::info, ErrorCode.AGENT_TIMEOUT, "reading the response");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void call_noSocketOrStaleSocket_unavailable() throws Exception {
    assertCode(
        () -> GuestAgentClient.forUnixSocket(dir.resolve("missing.sock")).info(),
        ErrorCode.AGENT_UNAVAILABLE,
        "cannot connect");
    Path stale = dir.resolve("stale.sock");
    FakeAgentServer s = serve("stale.sock", FakeAgentServer.silent());
    s.close();
    Files.createFile(stale); // a leftover file where no one listens
    assertCode(
        () -> GuestAgentClient.forUnixSocket(stale).info(),
        ErrorCode.AGENT_UNAVAILABLE,
        "cannot connect");
  }

  @Test
  void getKey_simulatorKey_heldAsSecretAndNeverPrinted() throws Exception {
    String keyHex = simulatorKeyHex();
    String sig = "11".repeat(65);
    String body =
        "{\"key\":\"" + keyHex + "\",\"signature_chain\":[\"" + sig + "\",\"0x" + sig + "\"]}";
    try (FakeAgentServer s = serveOk("k.sock", body)) {
      KeyResponse k = GuestAgentClient.forUnixSocket(s.socket()).getKey("/test/path", "signing");
      assertThat(Hex.encode(k.key().reveal(SecretAccess.insecure()))).isEqualTo(keyHex);
      assertThat(k.signatureChain()).hasSize(2);
      assertThat(k.toString()).doesNotContain(keyHex).contains("REDACTED");
      JsonNode req = MAPPER.readTree(s.requests().get(0).body());
      assertThat(req.get("path").asText()).isEqualTo("/test/path");
      assertThat(req.get("purpose").asText()).isEqualTo("signing");
      assertThat(s.requests().get(0).target()).isEqualTo("/GetKey");
    }
    String shortKey = keyHex.substring(0, 62);
    String badHex = keyHex.substring(0, 62) + "zz";
    for (String k : List.of(shortKey, badHex)) {
      try (FakeAgentServer s =
          serveOk("kb.sock", "{\"key\":\"" + k + "\",\"signature_chain\":[]}")) {
        assertCode(
            () -> GuestAgentClient.forUnixSocket(s.socket()).getKey("p", "q"),
            ErrorCode.AGENT_RESPONSE_INVALID,
            m -> assertThat(m).doesNotContain(k.substring(0, 16)));
      }
    }
  }

  @Test
  void getKey_keyAsUnquotedToken_messageNeverContainsKey() throws Exception {
    // Jackson quotes an unrecognised token in its message ("Unrecognized token 'ab12…'"); a
    // malformed GetKey body must not carry the key into the exception (P11).
    String keyHex = "e" + simulatorKeyHex().substring(1);
    for (String body :
        List.of(
            "{\"key\":" + keyHex + ",\"signature_chain\":[]}",
            "{\"key\":\"00\",\"signature_chain\":[]} " + keyHex)) {
      try (FakeAgentServer s = serveOk("ku.sock", body)) {
        assertCode(
            () -> GuestAgentClient.forUnixSocket(s.socket()).getKey("p", "q"),
            ErrorCode.AGENT_RESPONSE_INVALID,
            m -> assertThat(m).contains("not JSON").doesNotContain(keyHex.substring(1, 17)));
      }
    }
  }

  @Test
  void tappdDeriveKey_pemKey_heldAsSecret() throws Exception {
    String pem =
        "-----BEGIN PRIVATE KEY-----\\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\\n-----END PRIVATE KEY-----\\n";
    String body =
        "{\"key\":\"" + pem + "\",\"certificate_chain\":[\"-----BEGIN CERTIFICATE-----\"]}";
    try (FakeAgentServer s = serveOk("tappd.sock", body)) {
      DerivedKeyResponse r =
          GuestAgentClient.forUnixSocket(s.socket())
              .tappdDeriveKey("/app", "app", List.of("a.example"));
      assertThat(new String(r.keyPem().reveal(SecretAccess.insecure()), StandardCharsets.UTF_8))
          .startsWith("-----BEGIN PRIVATE KEY-----\n");
      assertThat(r.toString()).doesNotContain("MIGHAgEA");
      assertThat(s.requests().get(0).target()).isEqualTo("/prpc/Tappd.DeriveKey?json");
      assertThat(MAPPER.readTree(s.requests().get(0).body()).get("alt_names").get(0).asText())
          .isEqualTo("a.example");
    }
  }

  @Test
  void info_currentAndLegacy_parsedWithNormalisedHex() throws Exception {
    String body =
        "{\"app_id\":\"0x5BB4FF9A3837357F19DC176407A5709C62EB6C56\",\"instance_id\":\"\","
            + "\"app_name\":\"demo\",\"tcb_info\":\"{\\\"mrtd\\\":\\\"00\\\"}\",\"compose_hash\":\"AB\","
            + "\"unknown_future_field\":1}";
    try (FakeAgentServer s = serveOk("dstack.sock", body)) {
      AppInfo i = GuestAgentClient.forUnixSocket(s.socket()).info();
      assertThat(i.appId()).isEqualTo("5bb4ff9a3837357f19dc176407a5709c62eb6c56");
      assertThat(i.tcbInfo()).contains("{\"mrtd\":\"00\"}");
      assertThat(i.composeHash()).contains("ab");
      assertThat(s.requests().get(0).target()).isEqualTo("/Info");
    }
    try (FakeAgentServer s = serveOk("tappd.sock", body)) {
      assertThat(GuestAgentClient.forUnixSocket(s.socket()).tappdInfo().appName())
          .isEqualTo("demo");
      assertThat(s.requests().get(0).target()).isEqualTo("/prpc/Tappd.Info?json");
    }
    try (FakeAgentServer s = serveOk("x.sock", "{\"app_id\":5}")) {
      assertCode(
          () -> GuestAgentClient.forUnixSocket(s.socket()).info(),
          ErrorCode.AGENT_RESPONSE_INVALID,
          "'app_id' must be a string");
    }
  }

  @Test
  void discover_searchOrderEnvOverrideAndLegacyFallback() throws Exception {
    Path d1 = dir.resolve("a-dstack.sock");
    Path d2 = dir.resolve("b-dstack.sock");
    Path t1 = dir.resolve("c-tappd.sock");
    try (FakeAgentServer s2 = serveOk("b-dstack.sock", "{}");
        FakeAgentServer st = serveOk("c-tappd.sock", "{}")) {
      assertThat(s2.socket()).isEqualTo(d2);
      assertThat(st.socket()).isEqualTo(t1);
      GuestAgentClient c = GuestAgentClient.discover(Map.of(), List.of(d1, d2), List.of(t1));
      assertThat(c.endpoint()).isEqualTo("unix:" + d2);
      assertThat(c.api()).isEqualTo(AgentApi.CURRENT);
      GuestAgentClient legacy = GuestAgentClient.discover(Map.of(), List.of(d1), List.of(t1));
      assertThat(legacy.api()).isEqualTo(AgentApi.LEGACY);
      assertThat(legacy.endpoint()).isEqualTo("unix:" + t1);
      GuestAgentClient env =
          GuestAgentClient.discover(
              Map.of(GuestAgentClient.ENV_DSTACK_ENDPOINT, t1.toString()), List.of(d2), List.of());
      assertThat(env.endpoint()).isEqualTo("unix:" + t1);
      assertThat(env.api()).isEqualTo(AgentApi.CURRENT);
      GuestAgentClient url =
          GuestAgentClient.discover(
              Map.of(GuestAgentClient.ENV_DSTACK_ENDPOINT, "http://127.0.0.1:8090"),
              List.of(d2),
              List.of());
      assertThat(url.endpoint()).isEqualTo("http://127.0.0.1:8090");
      GuestAgentClient tappdEnv =
          GuestAgentClient.discover(
              Map.of(GuestAgentClient.ENV_TAPPD_ENDPOINT, t1.toString()), List.of(d1), List.of());
      assertThat(tappdEnv.api()).isEqualTo(AgentApi.LEGACY);
      tappdEnv.tappdInfo();
    }
    assertCode(
        () -> GuestAgentClient.discover(Map.of(), List.of(d1), List.of(t1)),
        ErrorCode.AGENT_UNAVAILABLE,
        "no guest agent socket found");
    assertThat(GuestAgentClient.DSTACK_SOCKETS)
        .containsExactly(
            Path.of("/var/run/dstack.sock"),
            Path.of("/run/dstack.sock"),
            Path.of("/var/run/dstack/dstack.sock"),
            Path.of("/run/dstack/dstack.sock"));
    assertThat(GuestAgentClient.TAPPD_SOCKETS)
        .containsExactly(
            Path.of("/var/run/tappd.sock"),
            Path.of("/run/tappd.sock"),
            Path.of("/var/run/dstack/tappd.sock"),
            Path.of("/run/dstack/tappd.sock"));
  }

  @Test
  void toString_neverLeaksKeyOrQuote() throws Exception {
    try (FakeAgentServer s = serveOk("d.sock", quoteReport())) {
      QuoteResponse r =
          GuestAgentClient.forUnixSocket(s.socket()).getQuote(new byte[] {0x12, 0x34});
      assertThat(r.toString()).doesNotContain(r.quote().toHex().substring(0, 64));
    }
  }
}
