package io.replicatoor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.attest.eventlog.DstackAttestation;
import io.replicatoor.attest.eventlog.EventLog;
import io.replicatoor.attest.eventlog.RtmrReplay;
import io.replicatoor.attest.measure.TdRegisters;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.testing.RawHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator over real Unix and TCP sockets: dstack's routes, shapes, errors and limits. */
class SimulatorServerTest extends ServedSimulatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private static X509Certificate cert(String pem) throws CertificateException {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static RawHttp connect(Path sock) throws IOException {
    return new RawHttp(UnixDomainSocketAddress.of(sock));
  }

  @Test
  void getQuote_shortReportData_rightPaddedIntoQuote() throws Exception {
    try (RawHttp c = connect(served.dstackSock())) {
      RawHttp.Reply r = c.post("/GetQuote", "{\"report_data\":\"1234\"}");
      assertThat(r.status()).isEqualTo(200);
      JsonNode n = JSON.readTree(r.body());
      byte[] expected = new byte[64];
      expected[0] = 0x12;
      expected[1] = 0x34;
      assertThat(n.get("report_data").asText()).isEqualTo(HEX.formatHex(expected));
      Quote q = Quote.parse(HEX.parseHex(n.get("quote").asText()));
      assertThat(q.body().reportData().toByteArray()).isEqualTo(expected);
      // event_log and vm_config are strings holding JSON (sections 3, 3.1 rule 4).
      assertThat(n.get("event_log").isTextual()).isTrue();
      JsonNode log = JSON.readTree(n.get("event_log").asText());
      assertThat(log.isArray()).isTrue();
      assertThat(JSON.readTree(n.get("vm_config").asText()).path("spec_version").asInt())
          .isEqualTo(1);
    }
  }

  @Test
  void getQuote_reportDataOver64Bytes_http400WithDstackError() throws Exception {
    try (RawHttp c = connect(served.dstackSock())) {
      RawHttp.Reply r = c.post("/GetQuote", "{\"report_data\":\"" + "00".repeat(65) + "\"}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).get("error").asText())
          .isEqualTo("Report data is too long");
    }
  }

  @Test
  void getQuote_oddLengthHex_http400() throws Exception {
    try (RawHttp c = connect(served.dstackSock())) {
      RawHttp.Reply r = c.post("/GetQuote", "{\"report_data\":\"123\"}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).has("error")).isTrue();
    }
  }

  @Test
  void getQuote_keepAlive_twoRequestsOnOneConnection() throws Exception {
    try (RawHttp c = connect(served.dstackSock())) {
      assertThat(c.post("/GetQuote", "{\"report_data\":\"01\"}").status()).isEqualTo(200);
      assertThat(c.post("/Info", "{}").status()).isEqualTo(200);
    }
  }

  @Test
  void getQuote_queryArgumentsWithGet_served() throws Exception {
    try (RawHttp c = connect(served.dstackSock())) {
      c.send("GET /GetQuote?report_data=abcd HTTP/1.1\r\nHost: localhost\r\n\r\n");
      RawHttp.Reply r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).get("report_data").asText()).startsWith("abcd00");
    }
  }

  @Test
  void rawQuote_exactly64Bytes_servedOnLegacySocket() throws Exception {
    byte[] rd = new byte[64];
    rd[63] = 7;
    try (RawHttp c = connect(served.tappdSock())) {
      RawHttp.Reply r =
          c.post("/prpc/Tappd.RawQuote?json", "{\"report_data\":\"0x" + HEX.formatHex(rd) + "\"}");
      assertThat(r.status()).isEqualTo(200);
      JsonNode n = JSON.readTree(r.body());
      assertThat(n.get("hash_algorithm").asText()).isEqualTo("raw");
      assertThat(n.get("prefix").asText()).isEmpty();
      assertThat(
              Quote.parse(HEX.parseHex(n.get("quote").asText())).body().reportData().toByteArray())
          .isEqualTo(rd);
    }
  }

  @Test
  void rawQuote_not64Bytes_invalidContentLength() throws Exception {
    try (RawHttp c = connect(served.tappdSock())) {
      RawHttp.Reply r = c.post("/prpc/Tappd.RawQuote?json", "{\"report_data\":\"1234\"}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("invalid content length");
    }
  }

  @Test
  void tdxQuote_defaultSha512_matchesUpstreamVector() throws Exception {
    // Upstream unit-test vector: sha512("app-data:test content") (section 2.1).
    String data = HEX.formatHex("test content".getBytes(StandardCharsets.UTF_8));
    try (RawHttp c = connect(served.tappdSock())) {
      RawHttp.Reply r = c.post("/prpc/Tappd.TdxQuote?json", "{\"report_data\":\"" + data + "\"}");
      assertThat(r.status()).isEqualTo(200);
      JsonNode n = JSON.readTree(r.body());
      assertThat(n.get("hash_algorithm").asText()).isEqualTo("sha512");
      assertThat(n.get("prefix").asText()).isEqualTo("app-data");
      assertThat(Quote.parse(HEX.parseHex(n.get("quote").asText())).body().reportData().toHex())
          .isEqualTo(
              "7ea0b744ed5e9c0c83ff9f575668e1697652cd349f2027cdf26f918d4c53e8cd"
                  + "50b5ea9b449b4c3d50e20ae00ec29688d5a214e8daff8a10041f5d624dae8a01");
    }
  }

  @Test
  void tdxQuote_sha256_hashPaddedWithZeros() throws Exception {
    try (RawHttp c = connect(served.tappdSock())) {
      RawHttp.Reply r =
          c.post(
              "/prpc/Tappd.TdxQuote?json",
              "{\"report_data\":\"abcd\",\"hash_algorithm\":\"sha256\",\"prefix\":\"x\"}");
      assertThat(r.status()).isEqualTo(200);
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(new byte[] {'x', ':', (byte) 0xab, (byte) 0xcd});
      byte[] rd =
          Quote.parse(HEX.parseHex(JSON.readTree(r.body()).get("quote").asText()))
              .body()
              .reportData()
              .toByteArray();
      assertThat(Arrays.copyOf(rd, 32)).isEqualTo(h);
      assertThat(Arrays.copyOfRange(rd, 32, 64)).isEqualTo(new byte[32]);
    }
  }

  @Test
  void tdxQuote_unknownHashAlgorithm_rejected() throws Exception {
    try (RawHttp c = connect(served.tappdSock())) {
      RawHttp.Reply r =
          c.post(
              "/prpc/Tappd.TdxQuote?json", "{\"report_data\":\"abcd\",\"hash_algorithm\":\"md5\"}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("invalid hash algorithm");
    }
  }

  @Test
  void legacyRoute_onCurrentSocket_notFound() throws Exception {
    try (RawHttp c = connect(served.dstackSock())) {
      assertThat(c.post("/prpc/Tappd.RawQuote?json", "{}").status()).isEqualTo(404);
    }
    try (RawHttp c = connect(served.tappdSock())) {
      assertThat(c.post("/GetQuote", "{}").status()).isEqualTo(404);
    }
  }

  @Test
  void info_fields_matchInstanceAndEventLog() throws Exception {
    try (RawHttp c = connect(served.dstackSock())) {
      JsonNode n = JSON.readTree(c.post("/Info", "{}").body());
      SimulatedInstance inst = served.setup().simulator().instance();
      assertThat(n.get("app_id").asText()).isEqualTo(HEX.formatHex(inst.appId()));
      assertThat(n.get("instance_id").asText()).isEqualTo(HEX.formatHex(inst.instanceId()));
      assertThat(n.get("compose_hash").asText())
          .isEqualTo(
              HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(SimFixtures.COMPOSE)));
      assertThat(n.get("app_name").asText()).isEqualTo("replicatoor-sim-test");
      JsonNode tcb = JSON.readTree(n.get("tcb_info").asText());
      assertThat(tcb.get("app_compose").asText())
          .isEqualTo(new String(SimFixtures.COMPOSE, StandardCharsets.UTF_8));
      assertThat(tcb.get("rtmr3").asText()).isEqualTo(HEX.formatHex(inst.measurements().rtmr(3)));
      assertThat(n.get("device_id").asText())
          .isEqualTo(
              HEX.formatHex(
                  MessageDigest.getInstance("SHA-256").digest(served.setup().pki().ppid())));
    }
  }

  @Test
  void version_bothApis_answer() throws Exception {
    try (RawHttp c = connect(served.dstackSock())) {
      assertThat(JSON.readTree(c.post("/Version", "{}").body()).get("version").asText())
          .isEqualTo(GuestAgentSimulator.VERSION);
    }
    try (RawHttp c = connect(served.tappdSock())) {
      assertThat(c.post("/prpc/Tappd.Version", "{}").status()).isEqualTo(200);
      assertThat(c.post("/prpc/Tappd.Info", "{}").status()).isEqualTo(200);
    }
  }

  @Test
  void tcpListener_servesBothApis() throws Exception {
    SocketAddress tcp = served.server().boundAddresses().get(2);
    try (RawHttp c = new RawHttp(tcp)) {
      assertThat(c.post("/GetQuote", "{\"report_data\":\"00\"}").status()).isEqualTo(200);
      assertThat(
              c.post("/prpc/Tappd.RawQuote?json", "{\"report_data\":\"" + "00".repeat(64) + "\"}")
                  .status())
          .isEqualTo(200);
    }
  }

  @Test
  void request_bodyOverLimit_413AndClosed() throws Exception {
    try (RawHttp c = connect(served.dstackSock())) {
      c.send(
          "POST /GetQuote HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
              + (SimulatorServer.MAX_BODY_SIZE + 1)
              + "\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(413);
      assertThat(c.closedByPeer()).isTrue();
    }
  }

  @Test
  void request_protobufBody_rejectedWithJsonHint() throws Exception {
    try (RawHttp c = connect(served.dstackSock())) {
      c.send("POST /GetQuote HTTP/1.1\r\nContent-Length: 2\r\n\r\n\n\u0001");
      RawHttp.Reply r = c.read();
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body()).contains("JSON");
    }
  }

  @Test
  void request_chunkedBody_411() throws Exception {
    try (RawHttp c = connect(served.dstackSock())) {
      c.send("POST /GetQuote HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(411);
    }
  }

  @Test
  void unimplementedMethod_http400NamesIt() throws Exception {
    try (RawHttp c = connect(served.dstackSock())) {
      RawHttp.Reply r = c.post("/Sign", "{}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body()).contains("Sign");
    }
  }

  @Test
  void close_deletesSocketFiles() throws Exception {
    served.server().close();
    assertThat(Files.exists(served.dstackSock())).isFalse();
    assertThat(Files.exists(served.tappdSock())).isFalse();
    assertThatThrownBy(() -> connect(served.dstackSock())).isInstanceOf(IOException.class);
  }

  @Test
  void start_socketInUse_refused() throws Exception {
    assertThatThrownBy(() ->
            SimulatorServer.start(
                served.setup().simulator(),
                List.of(
                    SimulatorServer.Listener.unix(
                        served.dstackSock(), GuestAgentSimulator.Api.CURRENT))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("in use");
  }

  @Test
  void start_staleSocketFile_replaced() throws Exception {
    Path stale = dir.resolve("stale.sock");
    try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      old.bind(UnixDomainSocketAddress.of(stale)); // closed, file left: a stale socket
    }
    try (SimulatorServer s =
            SimulatorServer.start(
                served.setup().simulator(),
                List.of(SimulatorServer.Listener.unix(stale, GuestAgentSimulator.Api.CURRENT)));
        RawHttp c = connect(stale)) {
      assertThat(s.boundAddresses()).hasSize(1);
      assertThat(c.post("/Version", "{}").status()).isEqualTo(200);
    }
  }

  @Test
  void start_regularFileAtSocketPath_refusedAndKept() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.sock"), "not a socket");
    assertThatThrownBy(() ->
            SimulatorServer.start(
                served.setup().simulator(),
                List.of(SimulatorServer.Listener.unix(file, GuestAgentSimulator.Api.CURRENT))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not a Unix socket");
    assertThat(Files.readString(file)).isEqualTo("not a socket");
  }

  @Test
  void start_missingSocketFolder_refusedNotCreated() throws Exception {
    Path sock = dir.resolve("missing").resolve("dstack.sock");
    assertThatThrownBy(() ->
            SimulatorServer.start(
                served.setup().simulator(),
                List.of(SimulatorServer.Listener.unix(sock, GuestAgentSimulator.Api.CURRENT))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not exist");
    assertThat(Files.exists(dir.resolve("missing"))).isFalse();
  }

  @Test
  void handle_getKeyAndDeriveKey_responseToStringOmitsKeyMaterial() throws Exception {
    GuestAgentSimulator.Response k =
        served
            .setup()
            .simulator()
            .handle(
                GuestAgentSimulator.Api.CURRENT,
                "POST",
                "/GetKey",
                true,
                "{\"path\":\"/p\",\"purpose\":\"q\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(k.status()).isEqualTo(200);
    String keyHex = JSON.readTree(k.body()).get("key").asText();
    assertThat(keyHex).hasSize(64);
    assertThat(k.toString()).doesNotContain(keyHex.substring(0, 16)).contains("200");
    GuestAgentSimulator.Response d =
        served
            .setup()
            .simulator()
            .handle(
                GuestAgentSimulator.Api.LEGACY,
                "POST",
                "/prpc/Tappd.DeriveKey?json",
                true,
                "{\"path\":\"/tls\",\"subject\":\"a\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(d.status()).isEqualTo(200);
    assertThat(d.toString()).doesNotContain("PRIVATE KEY");
  }

  @Test
  void deriveKey_samePath_sameKeyInLeafSignedByAppCa() throws Exception {
    String[] keys = new String[2];
    for (int i = 0; i < 2; i++) {
      try (RawHttp c = connect(served.tappdSock())) {
        RawHttp.Reply r =
            c.post(
                "/prpc/Tappd.DeriveKey?json",
                "{\"path\":\"/tls\",\"subject\":\"app.example\",\"alt_names\":[\"app.example\"]}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode n = JSON.readTree(r.body());
        keys[i] = n.get("key").asText();
        assertThat(keys[i]).startsWith("-----BEGIN PRIVATE KEY-----");
        var leaf = cert(n.get("certificate_chain").get(0).asText());
        var ca = cert(n.get("certificate_chain").get(1).asText());
        leaf.verify(ca.getPublicKey());
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=app.example");
        // The returned private key belongs to the leaf certificate.
        byte[] der =
            Base64.getMimeDecoder()
                .decode(
                    keys[i]
                        .replace("-----BEGIN PRIVATE KEY-----", "")
                        .replace("-----END PRIVATE KEY-----", ""));
        var priv = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        var sig = Signature.getInstance("SHA256withECDSA");
        sig.initSign(priv);
        sig.update(new byte[] {1, 2, 3});
        byte[] signature = sig.sign();
        sig.initVerify(leaf.getPublicKey());
        sig.update(new byte[] {1, 2, 3});
        assertThat(sig.verify(signature)).isTrue();
      }
    }
    assertThat(keys[0]).isEqualTo(keys[1]);
  }

  @Test
  void emitEvent_afterSystemReady_extendsRtmr3ButNotIdentities() throws Exception {
    String hash = HEX.formatHex(served.setup().simulator().instance().composeHash());
    String fake = "ff".repeat(32);
    try (RawHttp c = connect(served.dstackSock())) {
      // An application tries to re-declare its compose hash after boot (P15).
      RawHttp.Reply e =
          c.post("/EmitEvent", "{\"event\":\"compose-hash\",\"payload\":\"" + fake + "\"}");
      assertThat(e.status()).isEqualTo(200);
      JsonNode q = JSON.readTree(c.post("/GetQuote", "{\"report_data\":\"00\"}").body());
      Quote quote = Quote.parse(HEX.parseHex(q.get("quote").asText()));
      SimulatorVerification.verifyWithDevRoot(quote.toByteArray(), served.setup());
      var replay = RtmrReplay.replay(EventLog.parse(q.get("event_log").asText()));
      replay.verifyAgainst(TdRegisters.of(quote));
      assertThat(replay.identities().composeHash().orElseThrow().toString()).isEqualTo(hash);
      assertThat(replay.appEvents()).hasSize(1);
      JsonNode info = JSON.readTree(c.post("/Info", "{}").body());
      assertThat(JSON.readTree(info.get("tcb_info").asText()).get("rtmr3").asText())
          .isEqualTo(quote.body().rtmr3().toHex());
    }
  }

  @Test
  void emitEvent_emptyName_rejected() throws Exception {
    try (RawHttp c = connect(served.dstackSock())) {
      RawHttp.Reply e = c.post("/EmitEvent", "{\"event\":\"\",\"payload\":\"00\"}");
      assertThat(e.status()).isEqualTo(400);
    }
  }

  @Test
  void getTlsKey_twoCalls_randomKeysSameAppCa() throws Exception {
    String[] keys = new String[2];
    String[] cas = new String[2];
    for (int i = 0; i < 2; i++) {
      try (RawHttp c = connect(served.dstackSock())) {
        RawHttp.Reply r =
            c.post("/GetTlsKey", "{\"subject\":\"svc\",\"alt_names\":[\"svc.local\"]}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode n = JSON.readTree(r.body());
        keys[i] = n.get("key").asText();
        cas[i] = n.get("certificate_chain").get(1).asText();
        var leaf = cert(n.get("certificate_chain").get(0).asText());
        var ca = cert(cas[i]);
        leaf.verify(ca.getPublicKey());
        assertThat(leaf.getSubjectAlternativeNames()).isNotEmpty();
        // Dated by the simulator's clock argument (stopped at NOW), backdated by one hour.
        assertThat(leaf.getNotBefore().toInstant()).isEqualTo(SimFixtures.NOW.minusSeconds(3600));
      }
    }
    assertThat(keys[0]).isNotEqualTo(keys[1]);
    try (RawHttp c = connect(served.dstackSock())) {
      RawHttp.Reply r = c.post("/GetTlsKey", "{\"usage_ra_tls\":true}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body()).contains("usage_ra_tls");
    }
  }

  @Test
  void connection_idleBeyondTimeout_closedByServer() throws Exception {
    Path sock = dir.resolve("idle.sock");
    try (SimulatorServer s =
            SimulatorServer.start(
                served.setup().simulator(),
                List.of(SimulatorServer.Listener.unix(sock, GuestAgentSimulator.Api.CURRENT)),
                Duration.ofMillis(200));
        RawHttp c = connect(sock)) {
      assertThat(s.boundAddresses()).hasSize(1);
      assertThat(c.post("/Version", "{}").status()).isEqualTo(200);
      long t0 = System.nanoTime();
      assertThat(c.closedByPeer()).isTrue(); // blocks until the reaper closes the connection
      assertThat(System.nanoTime() - t0).isGreaterThan(100_000_000L);
    }
  }

  @Test
  void info_nonAsciiCompose_asciiOnlyBodyThatDecodesExactly() throws Exception {
    byte[] compose = "{\"name\":\"caf\u00e9 \u2603\"}".getBytes(StandardCharsets.UTF_8);
    GuestAgentSimulator sim =
        GuestAgentSimulator.create(
            served.setup().pki(),
            SimulatedInstance.create(compose, null, ImageConfig.defaults(), new SecureRandom()),
            SimFixtures.CLOCK,
            new SecureRandom());
    GuestAgentSimulator.Response r =
        sim.handle(GuestAgentSimulator.Api.CURRENT, "POST", "/Info", true, new byte[0]);
    assertThat(r.body().chars().allMatch(ch -> ch < 0x80)).isTrue(); // the JS SDK counts chars
    JsonNode n = JSON.readTree(r.body());
    assertThat(n.get("app_name").asText()).isEqualTo("caf\u00e9 \u2603");
    assertThat(
            JSON.readTree(n.get("tcb_info").asText())
                .get("app_compose")
                .asText()
                .getBytes(StandardCharsets.UTF_8))
        .isEqualTo(compose);
  }

  @Test
  void attest_scaleV0_parsesVerifiesAndReplays() throws Exception {
    try (RawHttp c = connect(served.dstackSock())) {
      RawHttp.Reply r = c.post("/Attest", "{\"report_data\":\"c0ffee\"}");
      assertThat(r.status()).isEqualTo(200);
      byte[] scale = HEX.parseHex(JSON.readTree(r.body()).get("attestation").asText());
      assertThat(scale[0]).isEqualTo((byte) 0); // V0
      var att = DstackAttestation.parseScale(scale);
      byte[] expected = new byte[64];
      expected[0] = (byte) 0xc0;
      expected[1] = (byte) 0xff;
      expected[2] = (byte) 0xee;
      assertThat(att.reportData().toByteArray()).isEqualTo(expected);
      Quote q = Quote.parse(att.quote().toByteArray());
      assertThat(q.body().reportData().toByteArray()).isEqualTo(expected);
      SimulatorVerification.verifyWithDevRoot(att.quote().toByteArray(), served.setup());
      RtmrReplay.replay(att.eventLog()).verifyAgainst(TdRegisters.of(q));
      assertThat(JSON.readTree(att.config()).get("vm_config").isTextual()).isTrue();
    }
  }
}
