package io.replicatoor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.attest.measure.Rtmr;
import io.replicatoor.attest.measure.RuntimeEvent;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.attest.quote.PckExtensions;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.attest.quote.QuoteSignatureData;
import io.replicatoor.attest.quote.TdReport;
import io.replicatoor.core.bytes.Measurement48;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Independent (plain JDK) checks of simulator quotes: layout, REPORTDATA, RTMR3 replay and every
 * signature of tdx-quote-verification.md steps G, H, I and D.12.
 */
class QuoteSignerTest {
  @TempDir Path state;

  private static final HexFormat HEX = HexFormat.of();

  /** A deterministic random source: SHA1PRNG seeded before its first use. */
  private static SecureRandom seeded(long seed) throws Exception {
    SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
    r.setSeed(seed);
    return r;
  }

  @Test
  void sign_randomnessIsTheArgument_sameSeedSameSignatures() throws Exception {
    GuestAgentSimulator.Setup s = SimFixtures.setUp(state);
    TdMeasurements td = s.simulator().instance().measurements();
    byte[] rd = new byte[64];
    byte[] a = new QuoteSigner(s.pki(), seeded(7)).sign(td, rd);
    byte[] b = new QuoteSigner(s.pki(), seeded(7)).sign(td, rd);
    byte[] c = new QuoteSigner(s.pki(), seeded(8)).sign(td, rd);
    // ECDSA nonces come from the rng argument only: equal seeds give byte-identical quotes.
    assertThat(b).isEqualTo(a);
    assertThat(c).isNotEqualTo(a);
    assertThat(Arrays.copyOf(c, QuoteSigner.SIGNED_LEN_V4))
        .isEqualTo(Arrays.copyOf(a, QuoteSigner.SIGNED_LEN_V4));
  }

  @Test
  void sign_anyReportData_parsesWithExactReportDataAndReplayableRtmr3() throws Exception {
    GuestAgentSimulator.Setup s = SimFixtures.setUp(state);
    byte[] rd = new byte[64];
    for (int i = 0; i < rd.length; i++) {
      rd[i] = (byte) (0xA0 + i);
    }
    byte[] bytes = s.simulator().quote(rd);
    Quote q = Quote.parse(bytes);
    assertThat(q.version()).isEqualTo(4);
    assertThat(q.isTdx()).isTrue();
    assertThat(q.signedLength()).isEqualTo(632);
    TdReport td = q.body();
    assertThat(td.reportData().toByteArray()).isEqualTo(rd);

    // RTMR3 = replay of the imr-3 events, digests recomputed from name and payload.
    Measurement48 mr = Measurement48.ZERO;
    for (SimEvent e : s.simulator().instance().eventLog()) {
      if (e.imr() == 3) {
        mr = Rtmr.extend(mr, RuntimeEvent.v1(e.event(), Bytes.fromHex(e.payloadHex())).digest());
      }
    }
    assertThat(td.rtmr3().toHex()).isEqualTo(mr.toHex());
    // RTMR0-2 = replay of the synthetic boot events.
    for (int i = 0; i < 3; i++) {
      Measurement48 r = Measurement48.ZERO;
      for (SimEvent e : s.simulator().instance().eventLog()) {
        if (e.imr() == i) {
          r = Rtmr.extend(r, Measurement48.fromHex(e.digestHex()));
        }
      }
      assertThat(td.rtmr(i).toHex()).isEqualTo(r.toHex());
    }
    // MRCONFIGID V1 = 01 || compose-hash || 0^15.
    byte[] composeHash = MessageDigest.getInstance("SHA-256").digest(SimFixtures.COMPOSE);
    byte[] cfg = td.mrConfigId().toByteArray();
    assertThat(cfg[0]).isEqualTo((byte) 1);
    assertThat(Arrays.copyOfRange(cfg, 1, 33)).isEqualTo(composeHash);
  }

  @Test
  void sign_signaturesAndChain_verifyWithPlainJdk() throws Exception {
    GuestAgentSimulator.Setup s = SimFixtures.setUp(state);
    byte[] bytes = s.simulator().quote(new byte[64]);
    Quote q = Quote.parse(bytes);
    QuoteSignatureData sd = q.signatureData();

    // Step G: quote signature by the attestation key over [0, 632).
    PublicKey att = rawKey(sd.attestationKey().toByteArray());
    assertThat(verifyP1363(att, Arrays.copyOf(bytes, 632), sd.quoteSignature().toByteArray()))
        .isTrue();
    // Step I: QE REPORTDATA = SHA-256(att key || auth data) || 0^32.
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    d.update(sd.attestationKey().toByteArray());
    d.update(sd.qeAuthData().toByteArray());
    byte[] expected = Arrays.copyOf(d.digest(), 64);
    assertThat(sd.qeReport().reportData().toByteArray()).isEqualTo(expected);
    // Step D.12: leaf <- PCK CA <- dev root (self-signed).
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    X509Certificate[] chain = new X509Certificate[3];
    for (int i = 0; i < 3; i++) {
      chain[i] =
          (X509Certificate)
              cf.generateCertificate(
                  new ByteArrayInputStream(sd.pckCertificatesDer().get(i).toByteArray()));
    }
    chain[0].verify(chain[1].getPublicKey());
    chain[1].verify(chain[2].getPublicKey());
    chain[2].verify(chain[2].getPublicKey());
    assertThat(chain[2].getEncoded()).isEqualTo(s.pki().rootCertificate().getEncoded());
    // Step H: QE report signed by the PCK leaf.
    assertThat(
            verifyP1363(
                chain[0].getPublicKey(),
                sd.qeReportBytes().toByteArray(),
                sd.qeReportSignature().toByteArray()))
        .isTrue();
    // The leaf carries the SGX extension with the simulated platform's values.
    PckExtensions ext = PckExtensions.parse(chain[0]);
    assertThat(ext.fmspc().toByteArray()).isEqualTo(DevPlatform.FMSPC);
    assertThat(ext.pceSvn()).isEqualTo(DevPlatform.PCESVN);
    assertThat(ext.ppid().toByteArray()).isEqualTo(s.pki().ppid());
    assertThat(ext.sgxType()).isEqualTo(1);
    assertThat(ext.platformInstanceId()).isPresent();
    assertThat(ext.configuration()).isPresent();
    for (int i = 0; i < 16; i++) {
      assertThat(ext.sgxTcbComponent(i)).isEqualTo(DevPlatform.SGX_TCB_COMPONENTS[i]);
    }
  }

  static PublicKey rawKey(byte[] xy) throws Exception {
    ECPublicKey template =
        (ECPublicKey)
            KeyFactory.getInstance("EC")
                .generatePublic(
                    new X509EncodedKeySpec(
                        HEX.parseHex(
                            "3059301306072a8648ce3d020106082a8648ce3d030107034200"
                                + "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
                                + "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5")));
    ECPoint w =
        new ECPoint(
            new BigInteger(1, Arrays.copyOf(xy, 32)),
            new BigInteger(1, Arrays.copyOfRange(xy, 32, 64)));
    return KeyFactory.getInstance("EC")
        .generatePublic(new ECPublicKeySpec(w, template.getParams()));
  }

  static boolean verifyP1363(PublicKey key, byte[] data, byte[] sig) throws Exception {
    Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
    v.initVerify(key);
    v.update(data);
    return v.verify(sig);
  }
}
