package io.replicatoor.sim;

import io.replicatoor.attest.quote.QuoteLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * Signs TDX DCAP v4 quotes (TD report 1.0) with the development PKI: the TD report is signed by the
 * QE attestation key, whose binding is the QE report signed by the PCK leaf
 * (tdx-quote-verification.md sections 1.1-1.6).
 *
 * <p>Security guarantees: REPORTDATA is exactly the 64 bytes asked for; the QE report's REPORTDATA
 * is {@code SHA-256(attestation key || QE auth data) || 0^32}; the certification data is outer type
 * 6 wrapping inner type 5 with the three-certificate PEM chain (leaf, PCK Platform CA, dev root)
 * and one trailing NUL, like real quotes.
 */
public final class QuoteSigner {
  // Offsets and sizes come from QuoteLayout (tdx-quote-verification.md sections 1.1-1.6); the
  // absolute v4 offsets are body offset 48 + the TD report's relative offsets.
  static final int BODY = QuoteLayout.V3_V4_BODY_OFFSET;
  static final int OFF_TEE_TCB_SVN = BODY + QuoteLayout.TD_TEE_TCB_SVN_REL;
  static final int OFF_MRSEAM = BODY + QuoteLayout.TD_MRSEAM_REL;
  static final int OFF_TD_ATTRIBUTES = BODY + QuoteLayout.TD_TDATTRIBUTES_REL;
  static final int OFF_XFAM = BODY + QuoteLayout.TD_XFAM_REL;
  static final int OFF_MRTD = BODY + QuoteLayout.TD_MRTD_REL;
  static final int OFF_MRCONFIGID = BODY + QuoteLayout.TD_MRCONFIGID_REL;
  static final int OFF_MROWNER = BODY + QuoteLayout.TD_MROWNER_REL;
  static final int OFF_MROWNERCONFIG = BODY + QuoteLayout.TD_MROWNERCONFIG_REL;
  static final int OFF_RTMR0 = BODY + QuoteLayout.TD_RTMR0_REL;
  static final int OFF_REPORTDATA = BODY + QuoteLayout.TD_REPORTDATA_REL;
  static final int RTMR_STRIDE = QuoteLayout.MEASUREMENT_SIZE;
  static final int REPORT_DATA_SIZE = QuoteLayout.REPORTDATA_SIZE;
  static final int QE_ID_SIZE = 16;

  /** End of the TD 1.0 body = signed length of a v4 TDX quote (section 1.2). */
  static final int SIGNED_LEN_V4 = QuoteLayout.V4_TDX_SIGNED_SIZE;

  static final int SIG_SIZE = QuoteLayout.ECDSA_SIGNATURE_SIZE;
  static final int ATT_KEY_SIZE = QuoteLayout.ECDSA_PUBLIC_KEY_SIZE;

  /** QE authentication data length; 32 in every real quote (section 1.4). */
  static final int QE_AUTH_DATA_SIZE = 32;

  private final PrivateKey attestationKey;
  private final SecureRandom rng;
  private final byte[] qeId;
  private final byte[] signatureTail;

  /**
   * Prepares the QE report, its PCK signature and the certification data once; {@code rng} gives
   * the ECDSA nonces of every signature.
   */
  public QuoteSigner(DevPki pki, SecureRandom rng) throws GeneralSecurityException {
    this.attestationKey = pki.attestationKey().getPrivate();
    this.rng = rng;
    byte[] attPub = rawPublicKey((ECPublicKey) pki.attestationKey().getPublic());
    this.qeId = Arrays.copyOf(sha256(attPub), QE_ID_SIZE);
    byte[] authData = new byte[QE_AUTH_DATA_SIZE];
    for (int i = 0; i < authData.length; i++) {
      authData[i] = (byte) i; // the value seen in real quotes
    }
    byte[] qeReport = qeReport(attPub, authData);
    byte[] qeReportSig = signP1363(pki.pckKey(), qeReport, rng);
    byte[] pem =
        (DevPki.pem(pki.pckCertificate(), pki.pckPlatformCaCertificate(), pki.rootCertificate())
                + "\0")
            .getBytes(StandardCharsets.US_ASCII);
    int innerSize = pem.length;
    int outerSize =
        QuoteLayout.SGX_REPORT_SIZE
            + SIG_SIZE
            + QuoteLayout.QE_AUTH_SIZE_SIZE
            + authData.length
            + QuoteLayout.CERT_TYPE_SIZE
            + QuoteLayout.CERT_SIZE_SIZE
            + innerSize;
    ByteBuffer b =
        ByteBuffer.allocate(
                ATT_KEY_SIZE + QuoteLayout.CERT_TYPE_SIZE + QuoteLayout.CERT_SIZE_SIZE + outerSize)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put(attPub);
    b.putShort((short) QuoteLayout.CERT_TYPE_QE_REPORT);
    b.putInt(outerSize);
    b.put(qeReport);
    b.put(qeReportSig);
    b.putShort((short) authData.length);
    b.put(authData);
    b.putShort((short) QuoteLayout.CERT_TYPE_PCK_CHAIN);
    b.putInt(innerSize);
    b.put(pem);
    this.signatureTail = b.array();
  }

  /**
   * A signed v4 quote for {@code td}, {@code teeTcbSvn} etc. of the simulated platform and exactly
   * {@code reportData} (64 bytes) as REPORTDATA.
   */
  public byte[] sign(TdMeasurements td, byte[] reportData) throws GeneralSecurityException {
    if (reportData.length != REPORT_DATA_SIZE) {
      throw new IllegalArgumentException("report data must be 64 bytes, got " + reportData.length);
    }
    int sigDataLen = SIG_SIZE + signatureTail.length;
    ByteBuffer q =
        ByteBuffer.allocate(SIGNED_LEN_V4 + QuoteLayout.SIG_DATA_LEN_SIZE + sigDataLen)
            .order(ByteOrder.LITTLE_ENDIAN);
    q.putShort(QuoteLayout.HEADER_VERSION_OFFSET, (short) QuoteLayout.VERSION_4);
    q.putShort(QuoteLayout.HEADER_ATT_KEY_TYPE_OFFSET, (short) QuoteLayout.ATT_KEY_TYPE_ECDSA_P256);
    q.putInt(QuoteLayout.HEADER_TEE_TYPE_OFFSET, (int) QuoteLayout.TEE_TYPE_TDX);
    q.put(QuoteLayout.HEADER_QE_VENDOR_ID_OFFSET, DevPlatform.QE_VENDOR_ID);
    q.put(QuoteLayout.HEADER_USER_DATA_OFFSET, qeId);
    q.put(OFF_TEE_TCB_SVN, DevPlatform.TEE_TCB_SVN);
    q.put(OFF_MRSEAM, DevPlatform.MRSEAM);
    // MRSIGNERSEAM and SEAMATTRIBUTES stay zero (Intel-signed module).
    q.put(OFF_TD_ATTRIBUTES, DevPlatform.TD_ATTRIBUTES);
    q.put(OFF_XFAM, DevPlatform.XFAM);
    q.put(OFF_MRTD, td.mrtd());
    q.put(OFF_MRCONFIGID, td.mrConfigId());
    q.put(OFF_MROWNER, td.mrOwner());
    q.put(OFF_MROWNERCONFIG, td.mrOwnerConfig());
    for (int i = 0; i < 4; i++) {
      q.put(OFF_RTMR0 + i * RTMR_STRIDE, td.rtmr(i));
    }
    q.put(OFF_REPORTDATA, reportData);
    byte[] quote = q.array();
    byte[] sig = signP1363(attestationKey, Arrays.copyOf(quote, SIGNED_LEN_V4), rng);
    q.position(SIGNED_LEN_V4);
    q.putInt(sigDataLen);
    q.put(sig);
    q.put(signatureTail);
    return quote;
  }

  private static byte[] qeReport(byte[] attPub, byte[] authData) throws GeneralSecurityException {
    ByteBuffer r = ByteBuffer.allocate(QuoteLayout.SGX_REPORT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    r.put(QuoteLayout.SGX_CPUSVN_REL, DevPlatform.cpuSvn());
    r.putInt(QuoteLayout.SGX_MISCSELECT_REL, 0);
    r.put(QuoteLayout.SGX_ATTRIBUTES_REL, DevPlatform.QE_ATTRIBUTES);
    r.put(QuoteLayout.SGX_MRENCLAVE_REL, DevPlatform.QE_MRENCLAVE);
    r.put(QuoteLayout.SGX_MRSIGNER_REL, DevPlatform.QE_MRSIGNER);
    r.putShort(QuoteLayout.SGX_ISVPRODID_REL, (short) DevPlatform.QE_ISVPRODID);
    r.putShort(QuoteLayout.SGX_ISVSVN_REL, (short) DevPlatform.QE_ISVSVN);
    // REPORTDATA = SHA-256(attestation key || auth data) || 0^32 (section 4.I).
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    d.update(attPub);
    d.update(authData);
    r.put(QuoteLayout.SGX_REPORTDATA_REL, d.digest());
    return r.array();
  }

  /** {@code x || y}, 32 bytes each, big-endian (section 0). */
  static byte[] rawPublicKey(ECPublicKey key) {
    byte[] out = new byte[ATT_KEY_SIZE];
    copyUnsigned(key.getW().getAffineX().toByteArray(), out, 0);
    copyUnsigned(key.getW().getAffineY().toByteArray(), out, 32);
    return out;
  }

  private static void copyUnsigned(byte[] v, byte[] out, int off) {
    int start = v.length > 32 ? v.length - 32 : 0;
    int len = v.length - start;
    System.arraycopy(v, start, out, off + 32 - len, len);
  }

  /** Raw 64-byte {@code r || s} ECDSA-P256-SHA256 signature (quotes and collateral). */
  static byte[] signP1363(PrivateKey key, byte[] data, SecureRandom rng)
      throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(key, rng);
    s.update(data);
    return s.sign();
  }

  private static byte[] sha256(byte[] data) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }
}
