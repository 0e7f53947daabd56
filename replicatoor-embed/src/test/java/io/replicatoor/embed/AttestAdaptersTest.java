package io.replicatoor.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.attest.agent.GuestAgentClient;
import io.replicatoor.attest.eventlog.EventLog;
import io.replicatoor.attest.eventlog.RtmrReplay;
import io.replicatoor.attest.handover.AgentSealingKeys;
import io.replicatoor.attest.handover.AgentSelfAttestation;
import io.replicatoor.attest.handover.CollateralSource;
import io.replicatoor.attest.handover.DcapPeerVerifier;
import io.replicatoor.attest.measure.TdRegisters;
import io.replicatoor.attest.policy.QuotePolicy;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.attest.quote.QuoteOffsets;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.port.Evidence;
import io.replicatoor.core.port.OwnEvidence;
import io.replicatoor.core.port.PeerClaims;
import io.replicatoor.core.port.PeerVerification;
import io.replicatoor.core.port.ReportData;
import io.replicatoor.sim.SimAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attest adapters of core's ports against the real simulator agent on a Unix socket (dev trust
 * root, development only): exact 64-byte REPORTDATA, the verdicts of {@link DcapPeerVerifier} and
 * the KMS key of {@link AgentSealingKeys}.
 */
class AttestAdaptersTest {
  static final Instant NOW = Instant.now();

  @TempDir static Path dir;
  static SimAgent sim;
  static GuestAgentClient agent;

  @BeforeAll
  static void serve() throws Exception {
    sim = SimAgent.start(dir.resolve("state"), dir, "adapters-test", null, NOW);
    agent = GuestAgentClient.forUnixSocket(sim.socket());
  }

  @AfterAll
  static void stop() throws Exception {
    sim.close();
  }

  static DcapPeerVerifier devVerifier() {
    return DcapPeerVerifier.insecureDevelopment(
        QuoteVerifier.insecureWithCustomTrustRoot(sim.devTrustRoot()),
        QuotePolicy.builder().insecureAllowCustomTrustRoot().build(),
        CollateralSource.directory(sim.collateral()),
        false);
  }

  static ReportData reportData(int seed) {
    byte[] b = new byte[64];
    for (int i = 0; i < 64; i++) {
      b[i] = (byte) (seed + i * 7);
    }
    return ReportData.of(b);
  }

  @Test
  void selfAttestationQuotesExactlyTheSixtyFourBytes() throws Exception {
    ReportData rd = reportData(3);
    OwnEvidence own = new AgentSelfAttestation(agent).quote(rd);
    Quote q = Quote.parse(own.evidence().quote());
    assertThat(q.body().reportData().toByteArray()).isEqualTo(rd.toByteArray());
    assertThat(own.quoteHash().toByteArray()).isEqualTo(q.canonicalSha256().toByteArray());
    assertThat(own.evidence().eventLog()).isEqualTo(sim.eventLogJson());
  }

  @Test
  void verifiedPeerHasTheReplayedMeasurementIdsAndQuoteHash() throws Exception {
    ReportData rd = reportData(5);
    OwnEvidence own = new AgentSelfAttestation(agent).quote(rd);
    PeerVerification v = devVerifier().verify(own.evidence(), rd, NOW);
    assertThat(v).isInstanceOf(PeerVerification.Verified.class);
    PeerClaims c = ((PeerVerification.Verified) v).claims();
    Quote q = Quote.parse(own.evidence().quote());
    assertThat(c.measurementId())
        .isEqualTo(
            RtmrReplay.replay(EventLog.parse(own.evidence().eventLog()))
                .measurement(TdRegisters.of(q), false)
                .measurementId());
    assertThat(c.tcbStatus()).isEqualTo("UpToDate");
    assertThat(c.deviceId()).isPresent();
    assertThat(c.appId()).isEqualTo(sim.appIdHex());
    assertThat(c.instanceId()).isEqualTo(sim.instanceIdHex());
    assertThat(c.reportData()).isEqualTo(rd);
    assertThat(c.quoteHash()).isEqualTo(own.quoteHash());
    assertThat(devVerifier().insecure()).isTrue();
  }

  @Test
  void everySingleWrongReportDataByteIsABindingMismatch() throws Exception {
    ReportData rd = reportData(9);
    Evidence ev = new AgentSelfAttestation(agent).quote(rd).evidence();
    DcapPeerVerifier v = devVerifier();
    for (int i = 0; i < 64; i++) {
      byte[] other = rd.toByteArray();
      other[i] ^= 0x01; // 63 of 64 bytes right
      assertThat(v.verify(ev, ReportData.of(other), NOW))
          .as("byte %d", i)
          .isEqualTo(
              new PeerVerification.Rejected(
                  ErrorCode.BINDING_MISMATCH,
                  "the quote's REPORTDATA is not SHA-512 of the expected transcript"));
    }
  }

  @Test
  void forgedQuoteTamperedLogWrongRootAndExpiredCollateralAreRejectedNotThrown() throws Exception {
    ReportData rd = reportData(11);
    Evidence ev = new AgentSelfAttestation(agent).quote(rd).evidence();
    byte[] quote = ev.quote();

    QuoteOffsets at = Quote.parse(quote).offsets();
    byte[] signature = quote.clone();
    signature[at.signatureDataOffset() + 10] ^= 0x01; // the ECDSA quote signature
    assertRejected(
        devVerifier().verify(Evidence.of(signature, ev.eventLog()), rd, NOW),
        ErrorCode.QUOTE_SIGNATURE_INVALID);

    byte[] body = quote.clone();
    body[at.bodyOffset() + 10] ^= 0x01; // inside the signed TD report
    assertRejected(
        devVerifier().verify(Evidence.of(body, ev.eventLog()), rd, NOW),
        ErrorCode.QUOTE_SIGNATURE_INVALID);

    // Inside the PEM chain (its root certificate): depending on the random dev keys the flipped
    // byte breaks the base64, the DER, or the root's identity; always a verdict, never a throw.
    byte[] cert = quote.clone();
    cert[quote.length - 100] ^= 0x01;
    assertThat(devVerifier().verify(Evidence.of(cert, ev.eventLog()), rd, NOW))
        .isInstanceOfSatisfying(
            PeerVerification.Rejected.class,
            r ->
                assertThat(r.code())
                    .isIn(
                        ErrorCode.TRUST_ANCHOR_MISMATCH,
                        ErrorCode.QUOTE_MALFORMED,
                        ErrorCode.PCK_CHAIN_INVALID));

    String otherLog = ev.eventLog().replaceFirst("\"system-ready\"", "\"system-readz\"");
    assertThat(otherLog).isNotEqualTo(ev.eventLog());
    PeerVerification tampered = devVerifier().verify(Evidence.of(quote, otherLog), rd, NOW);
    assertRejected(tampered, ErrorCode.RTMR_MISMATCH);

    DcapPeerVerifier production =
        DcapPeerVerifier.create(
            QuoteVerifier.intelProduction(),
            QuotePolicy.defaults(),
            CollateralSource.directory(sim.collateral()),
            false);
    assertRejected(production.verify(ev, rd, NOW), ErrorCode.TRUST_ANCHOR_MISMATCH);

    DcapPeerVerifier strictPolicy =
        DcapPeerVerifier.insecureDevelopment(
            QuoteVerifier.insecureWithCustomTrustRoot(sim.devTrustRoot()),
            QuotePolicy.defaults(),
            CollateralSource.directory(sim.collateral()),
            false);
    assertThat(strictPolicy.verify(ev, rd, NOW))
        .isInstanceOfSatisfying(
            PeerVerification.Rejected.class,
            r -> assertThat(r.code()).isEqualTo(ErrorCode.POLICY_VIOLATION));

    PeerVerification late = devVerifier().verify(ev, rd, NOW.plus(Duration.ofDays(60)));
    assertRejected(late, ErrorCode.COLLATERAL_EXPIRED);
  }

  @Test
  void customRootNeedsTheInsecureFactoryAndMissingCollateralGivesNoVerdict() throws Exception {
    assertThatThrownBy(() ->
            DcapPeerVerifier.create(
                QuoteVerifier.insecureWithCustomTrustRoot(sim.devTrustRoot()),
                QuotePolicy.defaults(),
                CollateralSource.directory(sim.collateral()),
                false))
        .isInstanceOf(IllegalArgumentException.class);
    ReportData rd = reportData(13);
    Evidence ev = new AgentSelfAttestation(agent).quote(rd).evidence();
    DcapPeerVerifier none =
        DcapPeerVerifier.insecureDevelopment(
            QuoteVerifier.insecureWithCustomTrustRoot(sim.devTrustRoot()),
            QuotePolicy.builder().insecureAllowCustomTrustRoot().build(),
            CollateralSource.directory(dir.resolve("no-such-folder")),
            false);
    assertThatThrownBy(() -> none.verify(ev, rd, NOW)).isInstanceOf(ReplicatoorException.class);
  }

  @Test
  void sealingKeyIsTheAgentsKmsKeyPerPath() throws Exception {
    AgentSealingKeys keys = new AgentSealingKeys(agent);
    SecretBytes a = keys.kmsKey("replicatoor/v1/sealing", "state-sealing");
    SecretBytes again = keys.kmsKey("replicatoor/v1/sealing", "state-sealing");
    SecretBytes other = keys.kmsKey("replicatoor/v1/other", "state-sealing");
    assertThat(a.reveal(SecretAccess.insecure())).hasSize(32);
    assertThat(a.equalsSecret(again)).isTrue();
    assertThat(a.equalsSecret(other)).isFalse();
    assertThat(a.toString())
        .doesNotContain(HexFormat.of().formatHex(a.reveal(SecretAccess.insecure())));
  }

  private static void assertRejected(PeerVerification v, ErrorCode code) {
    assertThat(v)
        .isInstanceOfSatisfying(
            PeerVerification.Rejected.class,
            r -> assertThat(r.code()).as(r.message()).isEqualTo(code));
  }
}
