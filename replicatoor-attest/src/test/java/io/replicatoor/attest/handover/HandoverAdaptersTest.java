package io.replicatoor.attest.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.attest.agent.GuestAgentClient;
import io.replicatoor.attest.eventlog.EventLog;
import io.replicatoor.attest.eventlog.RtmrReplay;
import io.replicatoor.attest.measure.TdRegisters;
import io.replicatoor.attest.policy.QuotePolicy;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.attest.sim.GuestAgentSimulator;
import io.replicatoor.attest.sim.ImageConfig;
import io.replicatoor.attest.sim.SimulatorServer;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attest adapters of core's ports against the real simulator agent on a Unix socket (dev trust
 * root, development only): exact 64-byte REPORTDATA, the verdicts of {@link DcapPeerVerifier} and
 * the KMS key of {@link AgentSealingKeys}.
 */
class HandoverAdaptersTest {
  static final byte[] COMPOSE =
      ("{\"manifest_version\":2,\"name\":\"adapters-test\",\"runner\":\"docker-compose\","
              + "\"docker_compose_file\":\"services:\\n  app:\\n    image: busybox\\n\"}")
          .getBytes(StandardCharsets.UTF_8);
  static final Instant NOW = Instant.now();

  @TempDir static Path dir;
  static GuestAgentSimulator.Setup setup;
  static SimulatorServer server;
  static GuestAgentClient agent;

  @BeforeAll
  static void serve() throws Exception {
    setup =
        GuestAgentSimulator.setUp(
            dir.resolve("state"), COMPOSE, null, ImageConfig.defaults(), NOW, new SecureRandom());
    Path sock = dir.resolve("dstack.sock");
    server =
        SimulatorServer.start(
            setup.simulator(),
            List.of(SimulatorServer.Listener.unix(sock, GuestAgentSimulator.Api.CURRENT)));
    agent = GuestAgentClient.forUnixSocket(sock);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static DcapPeerVerifier devVerifier() {
    return DcapPeerVerifier.insecureDevelopment(
        QuoteVerifier.insecureWithCustomTrustRoot(setup.pki().rootCertificate()),
        QuotePolicy.builder().insecureAllowCustomTrustRoot().build(),
        CollateralSource.directory(setup.collateral().directory()),
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
    assertThat(own.evidence().eventLog()).isEqualTo(setup.simulator().eventLogJson());
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
    assertThat(c.appId()).isEqualTo(HexFormat.of().formatHex(setup.simulator().instance().appId()));
    assertThat(c.instanceId())
        .isEqualTo(HexFormat.of().formatHex(setup.simulator().instance().instanceId()));
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

    byte[] flipped = quote.clone();
    flipped[quote.length - 100] ^= 0x01; // inside the signature data
    assertRejected(devVerifier().verify(Evidence.of(flipped, ev.eventLog()), rd, NOW));

    byte[] body = quote.clone();
    body[48 + 10] ^= 0x01; // inside the TD report (signed)
    assertRejected(devVerifier().verify(Evidence.of(body, ev.eventLog()), rd, NOW));

    String otherLog = ev.eventLog().replaceFirst("\"system-ready\"", "\"system-readz\"");
    assertThat(otherLog).isNotEqualTo(ev.eventLog());
    PeerVerification tampered = devVerifier().verify(Evidence.of(quote, otherLog), rd, NOW);
    assertRejected(tampered);

    DcapPeerVerifier production =
        DcapPeerVerifier.create(
            QuoteVerifier.intelProduction(),
            QuotePolicy.defaults(),
            CollateralSource.directory(setup.collateral().directory()),
            false);
    assertRejected(production.verify(ev, rd, NOW));

    DcapPeerVerifier strictPolicy =
        DcapPeerVerifier.insecureDevelopment(
            QuoteVerifier.insecureWithCustomTrustRoot(setup.pki().rootCertificate()),
            QuotePolicy.defaults(),
            CollateralSource.directory(setup.collateral().directory()),
            false);
    assertThat(strictPolicy.verify(ev, rd, NOW))
        .isInstanceOfSatisfying(
            PeerVerification.Rejected.class,
            r -> assertThat(r.code()).isEqualTo(ErrorCode.POLICY_VIOLATION));

    PeerVerification late = devVerifier().verify(ev, rd, NOW.plus(Duration.ofDays(60)));
    assertRejected(late);
  }

  @Test
  void customRootNeedsTheInsecureFactoryAndMissingCollateralGivesNoVerdict() throws Exception {
    assertThatThrownBy(
            () ->
                DcapPeerVerifier.create(
                    QuoteVerifier.insecureWithCustomTrustRoot(setup.pki().rootCertificate()),
                    QuotePolicy.defaults(),
                    CollateralSource.directory(setup.collateral().directory()),
                    false))
        .isInstanceOf(IllegalArgumentException.class);
    ReportData rd = reportData(13);
    Evidence ev = new AgentSelfAttestation(agent).quote(rd).evidence();
    DcapPeerVerifier none =
        DcapPeerVerifier.insecureDevelopment(
            QuoteVerifier.insecureWithCustomTrustRoot(setup.pki().rootCertificate()),
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

  private static void assertRejected(PeerVerification v) {
    assertThat(v).isInstanceOf(PeerVerification.Rejected.class);
  }
}
