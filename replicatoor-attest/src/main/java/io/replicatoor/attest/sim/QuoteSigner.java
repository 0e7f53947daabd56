package io.replicatoor.attest.sim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * Signs TDX DCAP v4 quotes (TD report 1.0) with the development PKI: the TD report is signed by the
 * QE attestation key, whose binding is the QE report signed by the PCK leaf
 * (tdx-quote-verification.md sections 1.1-1.6).
 *
 * <p>Security guarantees: REPORTDATA is exactly the 64 bytes asked for; the QE report's REPORTDATA is
 * {@code SHA-256(attestation key || QE auth data) || 0^32}; the certification data is outer type 6
 * wrapping inner type 5 with the three-certificate PEM chain (leaf, PCK Platform CA, dev root) and one
 * trailing NUL, like real quotes.
 */
public final class QuoteSigner {
  // ---- Header (section 1.1) --------------------------------------------------------------------
  static final int HEADER_SIZE = 48;
  static final int QUOTE_VERSION_4 = 4;
  static final int ATT_KEY_TYPE_ECDSA_P256 = 2;
  static final int TEE_TYPE_TDX = 0x81;
  static final int OFF_VERSION = 0;
  static final int OFF_ATT_KEY_TYPE = 2;
  static final int OFF_TEE_TYPE = 4;
  static final int OFF_QE_VENDOR_ID = 12;
  static final int OFF_USER_DATA = 28;
  static final int QE_ID_SIZE = 16;

  // ---- TD report 1.0 body, absolute v4 offsets (section 1.3) -----------------------------------
  static final int OFF_TEE_TCB_SVN = 48;
  static final int OFF_MRSEAM = 64;
  static final int OFF_TD_ATTRIBUTES = 168;
  static final int OFF_XFAM = 176;
  static final int OFF_MRTD = 184;
  static final int OFF_MRCONFIGID = 232;
  static final int OFF_MROWNER = 280;
  static final int OFF_MROWNERCONFIG = 328;
  static final int OFF_RTMR0 = 376;
  static final int OFF_REPORTDATA = 568;
  static final int RTMR_STRIDE = 48;
  static final int REPORT_DATA_SIZE = 64;

  /** End of the TD 1.0 body = signed length of a v4 TDX quote (section 1.2). */
  static final int SIGNED_LEN_V4 = 632;

  // ---- Signature data (section 1.4) ------------------------------------------------------------
  static final int SIG_SIZE = 64;
  static final int ATT_KEY_SIZE = 64;
  static final int CERT_TYPE_QE_REPORT = 6;
  static final int CERT_TYPE_PCK_CHAIN = 5;
  static final int QE_AUTH_DATA_SIZE = 32;

  // ---- QE report / SGX report body (section 1.6) -----------------------------------------------
  static final int QE_REPORT_SIZE = 384;
  static final int QE_OFF_CPUSVN = 0;
  static final int QE_OFF_MISCSELECT = 16;
  static final int QE_OFF_ATTRIBUTES = 48;
  static final int QE_OFF_MRENCLAVE = 64;
  static final int QE_OFF_MRSIGNER = 128;
  static final int QE_OFF_ISVPRODID = 256;
  static final int QE_OFF_ISVSVN = 258;
  static final int QE_OFF_REPORTDATA = 320;

  private final PrivateKey attestationKey;
  private final byte[] qeId;
  private final byte[] signatureTail;

  /** Prepares the QE report, its PCK signature and the certification data once. */
  public QuoteSigner(DevPki pki) throws GeneralSecurityException {
    this.attestationKey = pki.attestationKey().getPrivate();
    byte[] attPub = rawPublicKey((ECPublicKey) pki.attestationKey().getPublic());
    this.qeId = Arrays.copyOf(sha256(attPub), QE_ID_SIZE);
    byte[] authData = new byte[QE_AUTH_DATA_SIZE];
    for (int i = 0; i < authData.length; i++) {
      authData[i] = (byte) i; // the value seen in real quotes
    }
    byte[] qeReport = qeReport(attPub, authData);
    byte[] qeReportSig = signP1363(pki.pckKey(), qeReport);
    byte[] pem = (DevPki.pem(pki.pckCertificate(), pki.pckPlatformCaCertificate(),
        pki.rootCertificate()) + "\0").getBytes(StandardCharsets.US_ASCII);
    int innerSize = pem.length;
    int outerSize = QE_REPORT_SIZE + SIG_SIZE + 2 + authData.length + 2 + 4 + innerSize;
    ByteBuffer b = ByteBuffer.allocate(ATT_KEY_SIZE + 2 + 4 + outerSize).order(ByteOrder.LITTLE_ENDIAN);
    b.put(attPub);
    b.putShort((short) CERT_TYPE_QE_REPORT);
    b.putInt(outerSize);
    b.put(qeReport);
    b.put(qeReportSig);
    b.putShort((short) authData.length);
    b.put(authData);
    b.putShort((short) CERT_TYPE_PCK_CHAIN);
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
        ByteBuffer.allocate(SIGNED_LEN_V4 + 4 + sigDataLen).order(ByteOrder.LITTLE_ENDIAN);
    q.putShort(OFF_VERSION, (short) QUOTE_VERSION_4);
    q.putShort(OFF_ATT_KEY_TYPE, (short) ATT_KEY_TYPE_ECDSA_P256);
    q.putInt(OFF_TEE_TYPE, TEE_TYPE_TDX);
    q.put(OFF_QE_VENDOR_ID, DevPlatform.QE_VENDOR_ID);
    q.put(OFF_USER_DATA, qeId);
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
    byte[] sig = signP1363(attestationKey, Arrays.copyOf(quote, SIGNED_LEN_V4));
    q.position(SIGNED_LEN_V4);
    q.putInt(sigDataLen);
    q.put(sig);
    q.put(signatureTail);
    return quote;
  }

  private static byte[] qeReport(byte[] attPub, byte[] authData) throws GeneralSecurityException {
    ByteBuffer r = ByteBuffer.allocate(QE_REPORT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    r.put(QE_OFF_CPUSVN, DevPlatform.cpuSvn());
    r.putInt(QE_OFF_MISCSELECT, 0);
    r.put(QE_OFF_ATTRIBUTES, DevPlatform.QE_ATTRIBUTES);
    r.put(QE_OFF_MRENCLAVE, DevPlatform.QE_MRENCLAVE);
    r.put(QE_OFF_MRSIGNER, DevPlatform.QE_MRSIGNER);
    r.putShort(QE_OFF_ISVPRODID, (short) DevPlatform.QE_ISVPRODID);
    r.putShort(QE_OFF_ISVSVN, (short) DevPlatform.QE_ISVSVN);
    // REPORTDATA = SHA-256(attestation key || auth data) || 0^32 (section 4.I).
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    d.update(attPub);
    d.update(authData);
    r.put(QE_OFF_REPORTDATA, d.digest());
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

  private static byte[] signP1363(PrivateKey key, byte[] data) throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(key);
    s.update(data);
    return s.sign();
  }

  private static byte[] sha256(byte[] data) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }
}
