package io.replicatoor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.attest.eventlog.DstackAttestation;
import io.replicatoor.attest.eventlog.EventLog;
import io.replicatoor.attest.eventlog.ReplayResult;
import io.replicatoor.attest.eventlog.RtmrReplay;
import io.replicatoor.attest.measure.TdRegisters;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.state.Secp256k1;
import io.replicatoor.testing.NodeScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the official client: the dstack JS SDK ({@code @phala/dstack-sdk}, pinned in {@code
 * src/test/node/package-lock.json} and installed by {@code npm ci} during the build) talks to the
 * simulator over a real Unix socket; what it gets back verifies and replays with our code.
 */
class SimulatorNpmInteropTest {
  @TempDir Path dir;

  private static final HexFormat HEX = HexFormat.of();

  static Path nodeDir() {
    String base = System.getProperty("basedir", ".");
    Path p = Path.of(base, "src", "test", "node").toAbsolutePath().normalize();
    if (!Files.isDirectory(p.resolve("node_modules").resolve("@phala").resolve("dstack-sdk"))) {
      throw new AssertionError(
          "@phala/dstack-sdk is not installed in "
              + p
              + " (the build runs `npm ci --ignore-scripts` there in process-test-resources)");
    }
    return p;
  }

  @Test
  void dstackJsSdk_allCalls_succeedAndQuotesVerifyAndReplay() throws Exception {
    GuestAgentSimulator.Setup setup = SimFixtures.setUp(dir.resolve("state"));
    Path sock = dir.resolve("dstack.sock");
    Path tappdSock = dir.resolve("tappd.sock");
    byte[] reportData = new byte[64];
    for (int i = 0; i < 64; i++) {
      reportData[i] = (byte) (i * 3 + 1);
    }
    JsonNode out;
    try (SimulatorServer server =
        SimulatorServer.start(
            setup.simulator(),
            List.of(
                SimulatorServer.Listener.unix(sock, GuestAgentSimulator.Api.CURRENT),
                SimulatorServer.Listener.unix(tappdSock, GuestAgentSimulator.Api.LEGACY)))) {
      assertThat(server.boundAddresses()).hasSize(2);
      out = runNode(sock, tappdSock, HEX.formatHex(reportData), "/test/path", "signing");
    }

    // getQuote: REPORTDATA exactly as asked, quote parses, event log replays to its registers.
    JsonNode q = out.get("quote");
    assertThat(q.get("report_data").asText()).isEqualTo(HEX.formatHex(reportData));
    byte[] quoteBytes = HEX.parseHex(q.get("quote").asText());
    Quote quote = Quote.parse(quoteBytes);
    assertThat(quote.body().reportData().toByteArray()).isEqualTo(reportData);
    ReplayResult replay = RtmrReplay.replay(EventLog.parse(q.get("event_log").asText()));
    replay.verifyAgainst(TdRegisters.of(quote));
    assertThat(replay.identities().composeHash().orElseThrow().toByteArray())
        .isEqualTo(setup.simulator().instance().composeHash());
    // The SDK's own replay (it extends the logged digests) agrees on all four registers.
    for (int i = 0; i < 4; i++) {
      assertThat(q.get("sdk_replayed_rtmrs").get(i).asText())
          .isEqualTo(quote.body().rtmr(i).toHex());
    }
    SimulatorVerification.verifyWithDevRoot(quoteBytes, setup);

    // getKey: the SDK decoded our key and chain; both match our derivation.
    JsonNode k = out.get("key");
    SimKeyDerivation.DerivedKey expected =
        SimKeyDerivation.forApp(setup.pki().masterKey(), setup.simulator().instance().appId())
            .getKey("/test/path", "signing", "secp256k1");
    assertThat(k.get("key").asText())
        .isEqualTo(HEX.formatHex(expected.key().reveal(SecretAccess.insecure())));
    assertThat(k.get("signature_chain")).hasSize(2);
    byte[] appSig = HEX.parseHex(k.get("signature_chain").get(0).asText());
    byte[] msg =
        ("signing:" + HEX.formatHex(expected.publicKey())).getBytes(StandardCharsets.UTF_8);
    appSig[Secp256k1.V_OFFSET] += Secp256k1.V_BASE; // dstack's recovery byte is 0 or 1
    byte[] recovered = Secp256k1.recover(SimKeyDerivation.keccak256(msg), appSig).orElseThrow();
    assertThat(Secp256k1.compress(recovered))
        .isEqualTo(
            SimKeyDerivation.forApp(setup.pki().masterKey(), setup.simulator().instance().appId())
                .appPublicKey());

    // info: parsed by the SDK (tcb_info is a JSON string it decodes).
    JsonNode info = out.get("info");
    assertThat(info.get("app_id").asText())
        .isEqualTo(HEX.formatHex(setup.simulator().instance().appId()));
    assertThat(info.get("compose_hash").asText())
        .isEqualTo(HEX.formatHex(setup.simulator().instance().composeHash()));
    assertThat(info.get("tcb_info").get("app_compose").asText())
        .isEqualTo(new String(SimFixtures.COMPOSE, StandardCharsets.UTF_8));
    assertThat(info.get("tcb_info").get("rtmr3").asText()).isEqualTo(quote.body().rtmr3().toHex());
    assertThat(out.get("version").get("version").asText()).isEqualTo(GuestAgentSimulator.VERSION);
    assertThat(out.get("reachable").asBoolean()).isTrue();

    // attest: SCALE V0 that our decoder reads; its quote verifies and its log replays.
    var att =
        DstackAttestation.parseScale(HEX.parseHex(out.get("attest").get("attestation").asText()));
    assertThat(att.reportData().toByteArray()).isEqualTo(reportData);
    SimulatorVerification.verifyWithDevRoot(att.quote().toByteArray(), setup);
    RtmrReplay.replay(att.eventLog())
        .verifyAgainst(TdRegisters.of(Quote.parse(att.quote().toByteArray())));

    // getTlsKey: the SDK parsed the PKCS#8 key (asUint8Array) and got a two-certificate chain.
    assertThat(out.get("tls").get("key").asText()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(out.get("tls").get("key_der_len").asInt())
        .isEqualTo(138); // with public key, as dstack
    assertThat(out.get("tls").get("certificate_chain")).hasSize(2);

    // Legacy TappdClient.tdxQuote(raw) on tappd.sock: same verification and replay.
    JsonNode t = out.get("tappd");
    assertThat(t.get("hash_algorithm").asText()).isEqualTo("raw");
    byte[] tq = HEX.parseHex(t.get("quote").asText());
    assertThat(Quote.parse(tq).body().reportData().toByteArray()).isEqualTo(reportData);
    SimulatorVerification.verifyWithDevRoot(tq, setup);
    RtmrReplay.replay(EventLog.parse(t.get("event_log").asText()))
        .verifyAgainst(TdRegisters.of(Quote.parse(tq)));
    assertThat(t.get("reachable").asBoolean()).isTrue();
  }

  private static JsonNode runNode(
      Path sock, Path tappdSock, String reportDataHex, String path, String purpose)
      throws IOException, InterruptedException {
    return NodeScript.runJson(
        nodeDir(),
        "interop.mjs",
        sock.toString(),
        tappdSock.toString(),
        reportDataHex,
        path,
        purpose);
  }
}
