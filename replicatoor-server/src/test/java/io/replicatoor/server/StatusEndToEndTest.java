package io.replicatoor.server;

import static io.replicatoor.server.Http.get;
import static io.replicatoor.server.Http.json;
import static io.replicatoor.server.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.attest.handover.CollateralSource;
import io.replicatoor.attest.handover.DcapPeerVerifier;
import io.replicatoor.attest.policy.QuotePolicy;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.core.handover.HandoverConfig;
import io.replicatoor.core.handover.Transcripts;
import io.replicatoor.core.port.ChainBlock;
import io.replicatoor.core.port.Evidence;
import io.replicatoor.core.port.PeerVerification;
import io.replicatoor.core.port.PeerVerifier;
import io.replicatoor.core.port.ReportData;
import io.replicatoor.core.state.EthereumAddress;
import io.replicatoor.core.state.ReplicatedState;
import io.replicatoor.core.state.StateFingerprint;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.embed.EmbeddedReplicatoor;
import io.replicatoor.server.testing.ServedInstances;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /status} and {@code /metrics} over real HTTP with the real adapters (simulator agents,
 * a real anvil with {@code UpgradeOperator}): a proposed measurement is listed as pending with its
 * activation time during the timelock, and leaves the list once active.
 */
class StatusEndToEndTest {
  @TempDir Path tmp;

  private static ReplicatoorServer serve(EmbeddedReplicatoor r) {
    return ServedInstances.quietServer(r.core(), Duration.ofMillis(200));
  }

  /** Polls {@code /status} (the server refreshes on its timer) until {@code done} holds. */
  private static JsonNode statusUntil(ReplicatoorServer s, Predicate<JsonNode> done)
      throws InterruptedException {
    JsonNode st = null;
    for (int i = 0; i < 150; i++) {
      st = json(get(ServedInstances.url(s, "/status")));
      if (done.test(st)) {
        return st;
      }
      Thread.sleep(100);
    }
    return st;
  }

  @Test
  void proposedMeasurementIsPendingWithItsActivationTime_thenLeavesTheListOnceActive()
      throws Exception {
    try (DevNetwork dev = DevNetwork.start(tmp)) {
      EmbeddedReplicatoor ea = dev.instance("v1", "a", true).start();
      ReplicatoorServer a = serve(ea);
      try {
        HttpResponse<String> gen = post(ServedInstances.url(a, "/genesis"), null, new byte[0]);
        assertThat(gen.statusCode()).as(gen.body()).isEqualTo(200);
        dev.registerState(GenesisEvidence.parse(gen.body().getBytes(StandardCharsets.UTF_8)));
        JsonNode sa = statusUntil(a, st -> st.path("phase").asText().equals("SERVING"));
        assertThat(sa.path("phase").asText()).isEqualTo("SERVING");
        assertThat(sa.path("ownApproval").path("status").asText()).isEqualTo("ACTIVE");
        assertThat(sa.path("chain").path("chainId").asLong()).isEqualTo(31337);
        assertThat(sa.path("chain").path("contract").asText())
            .isEqualToIgnoringCase(dev.deployment().contract().toPrefixedHex());
        assertThat(sa.path("chain").path("blockHash").asText()).startsWith("0x").hasSize(66);
        assertThat(sa.path("pendingUpgrades").path("truncated").asBoolean(true)).isFalse();
        assertStatusQuoteVerifiesAndBinds(dev, statusUntil(a, st -> st.has("statusQuote")));

        // The owner proposes v2 (the builder proposes a version the first time it is seen).
        EmbeddedReplicatoor eb = dev.instance("v2", "b", false).start();
        String v2 = eb.core().status().measurementId();
        long proposedAt = chainTime(sa); // the block before the proposal
        JsonNode pending =
            statusUntil(a, st -> st.path("pendingUpgrades").path("upgrades").size() == 1);
        JsonNode up = pending.path("pendingUpgrades").path("upgrades").get(0);
        assertThat(up).as(pending.toString()).isNotNull();
        assertThat(up.path("measurementId").asText()).isEqualTo(v2);
        long activeAt = up.path("activeAt").asLong();
        assertThat(activeAt)
            .isGreaterThan(pending.path("chain").path("blockTimestamp").asLong())
            .isGreaterThanOrEqualTo(proposedAt + DevNetwork.DELAY);
        String metrics = get(ServedInstances.url(a, "/metrics")).body();
        assertThat(metrics).contains("replicatoor_pending_upgrades 1\n");
        assertThat(metrics).contains("replicatoor_next_upgrade_active_at_seconds " + activeAt);

        // Past the timelock it is active: no longer pending.
        dev.advance(DevNetwork.DELAY + 60);
        JsonNode after =
            statusUntil(
                a,
                st ->
                    st.path("chain").path("blockTimestamp").asLong() >= activeAt
                        && st.path("pendingUpgrades").path("upgrades").isEmpty());
        assertThat(after.path("pendingUpgrades").path("upgrades").isEmpty())
            .as(after.toString())
            .isTrue();
        assertThat(get(ServedInstances.url(a, "/metrics")).body())
            .contains("replicatoor_pending_upgrades 0\n");
      } finally {
        a.stop();
      }
    }
  }

  private static long chainTime(JsonNode status) {
    return status.path("chain").path("blockTimestamp").asLong();
  }

  /**
   * Checks the served {@code statusQuote} as a client would: the real DCAP verifier (dev root),
   * REPORTDATA = SHA-512(T_status) rebuilt from the served fields and the deployment; the quoted
   * measurement is the instance's; the bound fields are the status's; any flipped field mismatches.
   */
  private static void assertStatusQuoteVerifiesAndBinds(DevNetwork dev, JsonNode st)
      throws Exception {
    JsonNode q = st.path("statusQuote");
    assertThat(q.isObject()).as(st.toString()).isTrue();
    assertThat(q.path("transcript").asText()).isEqualTo("replicatoor/v1/status");
    assertThat(q.path("fingerprint").asText()).isEqualTo(st.path("fingerprint").asText());
    assertThat(q.path("stateVersion").asLong()).isEqualTo(st.path("stateVersion").asLong());
    assertThat(q.path("protocolVersion").asInt()).isEqualTo(st.path("protocolVersion").asInt());
    byte[] pub = Hex.decode(q.path("statePublicKey").asText());
    assertThat(ReplicatedState.fingerprintOf(pub).toHex())
        .isEqualTo(q.path("fingerprint").asText());
    X509Certificate root;
    try (InputStream in = Files.newInputStream(dev.trustRootPem())) {
      root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    PeerVerifier verifier =
        DcapPeerVerifier.insecureDevelopment(
            QuoteVerifier.insecureWithCustomTrustRoot(root),
            QuotePolicy.builder().insecureAllowCustomTrustRoot().build(),
            CollateralSource.directory(dev.collateral()),
            false);
    HandoverConfig c =
        HandoverConfig.of(31337, EthereumAddress.fromHex(dev.deployment().contract().toHex()));
    Evidence ev = Evidence.of(Hex.decode(q.path("quote").asText()), q.path("eventLog").asText());
    Instant now = Instant.ofEpochSecond(q.path("blockTimestamp").asLong());
    PeerVerification ok = verifier.verify(ev, statusReportData(c, q, 0), now);
    assertThat(ok).as(ok.toString()).isInstanceOf(PeerVerification.Verified.class);
    assertThat(((PeerVerification.Verified) ok).claims().measurementId().toHex())
        .isEqualTo(st.path("measurementId").asText());
    for (int field = 1; field <= 7; field++) {
      PeerVerification bad = verifier.verify(ev, statusReportData(c, q, field), now);
      assertThat(bad)
          .as("field " + field)
          .isInstanceOfSatisfying(
              PeerVerification.Rejected.class,
              r -> assertThat(r.code()).isEqualTo(ErrorCode.BINDING_MISMATCH));
    }
  }

  /** REPORTDATA of T_status from the served fields, with field {@code flip} (1..7) changed. */
  private static ReportData statusReportData(HandoverConfig c, JsonNode q, int flip) {
    byte[] pub = Hex.decode(q.path("statePublicKey").asText());
    byte[] fp = Hex.decode(q.path("fingerprint").asText());
    byte[] hash = Hex.decode(q.path("blockHash").asText().substring(2));
    if (flip == 2) {
      fp[0] ^= 1;
    }
    if (flip == 4) {
      pub[64] ^= 1;
    }
    if (flip == 6) {
      hash[31] ^= 1;
    }
    ChainBlock b =
        new ChainBlock(
            q.path("blockNumber").asLong() + (flip == 5 ? 1 : 0),
            Bytes32.of(hash),
            Instant.ofEpochSecond(q.path("blockTimestamp").asLong() + (flip == 7 ? 1 : 0)));
    return Transcripts.reportData(
        Transcripts.status(
            c,
            q.path("protocolVersion").asInt() + (flip == 1 ? 1 : 0),
            StateFingerprint.of(fp),
            q.path("stateVersion").asLong() + (flip == 3 ? 1 : 0),
            pub,
            b));
  }
}
