package io.replicatoor.sim;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.attest.quote.QuoteLayout;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.core.bytes.ByteArrays;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A throw-away DCAP PKI for verifier tests: root, PCK CA, PCK leaf with the SGX extension, TCB
 * Signing, CRLs (all made with {@link DevPki}'s builders), a TDX v4/v5 quote written with {@link
 * QuoteLayout} and signed collateral. Options select the negative cases (revocations, statuses,
 * attributes) the development PKI never produces.
 */
final class TestPki {
  static final Instant NOW = Instant.parse("2026-01-15T00:00:00Z");
  static final String FMSPC = "00906ed50000";
  private static final SecureRandom RNG = new SecureRandom();
  static final byte[] QE_MRSIGNER =
      HexFormat.of().parseHex("dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5");

  /** Knobs for one PKI + quote + collateral. */
  static final class Options {
    boolean revokeLeaf;
    boolean revokePckCa;
    boolean revokeTcbSigner;
    boolean crlWithoutNumber;
    String platformStatus = "UpToDate";
    int qeIdentityVersion = 2;
    long tdAttributes = 1L << 28;
    Instant leafNotAfter = NOW.plusSeconds(365L * 86400);
    int pckComponent0 = 5;

    /** Write a v5 quote with a TD 1.5 body (type 3) instead of v4. */
    boolean td15;

    byte[] teeTcbSvn = {4, 1, 3};
    byte[] teeTcbSvn2 = {4, 1, 3};
    String tcbInfoPceId = "0000";
    byte mrSignerSeam0;

    /**
     * TDX component index 2 required by the one platform level; a second, OutOfDate level needs 2.
     */
    int levelTdxSvn2 = 3;
  }

  final KeyPair root;
  final KeyPair pckCa;
  final KeyPair leaf;
  final KeyPair tcbSigner;
  final KeyPair attestation;
  final X509Certificate rootCert;
  final X509Certificate pckCaCert;
  final X509Certificate leafCert;
  final X509Certificate tcbSignerCert;
  final byte[] quote;
  final Collateral collateral;

  TestPki(Options o) throws Exception {
    SecureRandom rng = RNG;
    root = DevPki.newKey(rng);
    pckCa = DevPki.newKey(rng);
    leaf = DevPki.newKey(rng);
    tcbSigner = DevPki.newKey(rng);
    attestation = DevPki.newKey(rng);
    Instant from = NOW.minusSeconds(30L * 86400);
    Instant to = NOW.plusSeconds(3650L * 86400);
    X500Name rootName = new X500Name("CN=Test SGX Root CA");
    rootCert =
        DevPki.caCert(
            rootName,
            rootName,
            root.getPublic(),
            root.getPublic(),
            root.getPrivate(),
            from,
            to,
            1,
            rng);
    pckCaCert =
        DevPki.caCert(
            new X500Name("CN=Test SGX PCK Platform CA"),
            rootName,
            pckCa.getPublic(),
            root.getPublic(),
            root.getPrivate(),
            from,
            to,
            0,
            rng);
    leafCert =
        DevPki.pckLeaf(
            new X500Name("CN=Test SGX PCK Certificate"),
            pckCaCert,
            pckCa,
            leaf.getPublic(),
            DevPki.sgxExtension(sgxValues(o)),
            from,
            o.leafNotAfter,
            rng);
    tcbSignerCert =
        DevPki.signingLeaf(
            new X500Name("CN=Test SGX TCB Signing"),
            rootName,
            tcbSigner.getPublic(),
            root,
            from,
            to,
            rng);
    quote = quote(o);
    String rootPem = DevPki.pem(rootCert);
    Instant thisUpdate = NOW.minusSeconds(86400);
    Instant nextUpdate = NOW.plusSeconds(29L * 86400);
    Instant revokedAt = NOW.minusSeconds(3600);
    List<BigInteger> rootRevoked =
        o.revokePckCa
            ? List.of(pckCaCert.getSerialNumber())
            : o.revokeTcbSigner ? List.of(tcbSignerCert.getSerialNumber()) : List.of();
    X509CRL rootCrl =
        DevPki.crl(
            rootCert,
            root.getPrivate(),
            thisUpdate,
            nextUpdate,
            OptionalLong.of(1),
            rootRevoked,
            revokedAt);
    X509CRL pckCrl =
        DevPki.crl(
            pckCaCert,
            pckCa.getPrivate(),
            thisUpdate,
            nextUpdate,
            o.crlWithoutNumber ? OptionalLong.empty() : OptionalLong.of(1),
            List.of(o.revokeLeaf ? leafCert.getSerialNumber() : BigInteger.valueOf(999)),
            revokedAt);
    byte[] tcbInfo = tcbInfo(o).getBytes(StandardCharsets.UTF_8);
    byte[] qeId = qeIdentity(o).getBytes(StandardCharsets.UTF_8);
    String signerChain = DevPki.pem(tcbSignerCert) + rootPem;
    collateral =
        new Collateral(
            Bytes.of((DevPki.pem(pckCaCert) + rootPem).getBytes(StandardCharsets.US_ASCII)),
            Bytes.of(rootCrl.getEncoded()),
            Bytes.of(pckCrl.getEncoded()),
            Bytes.of(signerChain.getBytes(StandardCharsets.US_ASCII)),
            Bytes.of(tcbInfo),
            Bytes.of(QuoteSigner.signP1363(tcbSigner.getPrivate(), tcbInfo, rng)),
            Bytes.of(signerChain.getBytes(StandardCharsets.US_ASCII)),
            Bytes.of(qeId),
            Bytes.of(QuoteSigner.signP1363(tcbSigner.getPrivate(), qeId, rng)),
            Optional.empty());
  }

  QuoteVerifier verifier() {
    return QuoteVerifier.insecureWithCustomTrustRoot(rootCert);
  }

  /** The PCK leaf's SGX extension: FMSPC, TCB components and configuration of the options. */
  static DevPki.SgxExtensionValues sgxValues(Options o) {
    return new DevPki.SgxExtensionValues(
        new byte[16],
        new int[] {o.pckComponent0, 5, 2, 2, 3, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0},
        11,
        new byte[2],
        HexFormat.of().parseHex(FMSPC),
        1,
        new byte[16],
        true,
        false,
        true);
  }

  /** A v4 TDX quote laid out with {@link QuoteLayout}. */
  byte[] quote(Options o) throws Exception {
    int signedSize =
        o.td15
            ? QuoteLayout.V5_BODY_OFFSET + QuoteLayout.TD_REPORT15_SIZE
            : QuoteLayout.V4_TDX_SIGNED_SIZE;
    ByteBuffer h = ByteBuffer.allocate(signedSize).order(ByteOrder.LITTLE_ENDIAN);
    h.putShort(
        QuoteLayout.HEADER_VERSION_OFFSET,
        (short) (o.td15 ? QuoteLayout.VERSION_5 : QuoteLayout.VERSION_4));
    h.putShort(QuoteLayout.HEADER_ATT_KEY_TYPE_OFFSET, (short) QuoteLayout.ATT_KEY_TYPE_ECDSA_P256);
    h.putInt(QuoteLayout.HEADER_TEE_TYPE_OFFSET, (int) QuoteLayout.TEE_TYPE_TDX);
    h.put(
        QuoteLayout.HEADER_QE_VENDOR_ID_OFFSET,
        HexFormat.of().parseHex(QuoteLayout.INTEL_QE_VENDOR_ID_HEX));
    int b = QuoteLayout.V3_V4_BODY_OFFSET;
    if (o.td15) {
      h.putShort(QuoteLayout.V5_BODY_TYPE_OFFSET, (short) QuoteLayout.BODY_TYPE_TD15);
      h.putInt(QuoteLayout.V5_BODY_SIZE_OFFSET, QuoteLayout.TD_REPORT15_SIZE);
      b = QuoteLayout.V5_BODY_OFFSET;
      h.put(b + QuoteLayout.TD15_TEE_TCB_SVN2_REL, o.teeTcbSvn2);
    }
    h.put(b + QuoteLayout.TD_TEE_TCB_SVN_REL, o.teeTcbSvn);
    h.put(b + QuoteLayout.TD_MRSIGNERSEAM_REL, o.mrSignerSeam0);
    h.putLong(b + QuoteLayout.TD_TDATTRIBUTES_REL, o.tdAttributes);
    h.putLong(b + QuoteLayout.TD_XFAM_REL, 0x602e7L);
    h.put(b + QuoteLayout.TD_MRTD_REL, new byte[] {(byte) 0xAA, (byte) 0xBB});
    h.put(
        b + QuoteLayout.TD_REPORTDATA_REL, "replicatoor test".getBytes(StandardCharsets.US_ASCII));
    byte[] signed = h.array();

    byte[] attKey = QuoteSigner.rawPublicKey((ECPublicKey) attestation.getPublic());
    byte[] auth = new byte[32];
    auth[0] = 7;
    ByteBuffer qe = ByteBuffer.allocate(QuoteLayout.SGX_REPORT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    qe.put(QuoteLayout.SGX_ATTRIBUTES_REL, (byte) 0x11);
    qe.put(QuoteLayout.SGX_MRSIGNER_REL, QE_MRSIGNER);
    qe.putShort(QuoteLayout.SGX_ISVPRODID_REL, (short) 2);
    qe.putShort(QuoteLayout.SGX_ISVSVN_REL, (short) 4);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(attKey);
    md.update(auth);
    qe.put(QuoteLayout.SGX_REPORTDATA_REL, md.digest());
    byte[] qeReport = qe.array();
    byte[] pemChain =
        (DevPki.pem(leafCert, pckCaCert, rootCert) + "\0").getBytes(StandardCharsets.US_ASCII);

    byte[] outer =
        ByteArrays.concat(
            qeReport,
            QuoteSigner.signP1363(leaf.getPrivate(), qeReport, RNG),
            le16(auth.length),
            auth,
            certificationData(QuoteLayout.CERT_TYPE_PCK_CHAIN, pemChain));
    byte[] sd =
        ByteArrays.concat(
            QuoteSigner.signP1363(attestation.getPrivate(), signed, RNG),
            attKey,
            certificationData(QuoteLayout.CERT_TYPE_QE_REPORT, outer));
    return ByteArrays.concat(signed, le32(sd.length), sd);
  }

  /** Certification data as a quote carries it: type (u16), size (u32), then the data. */
  static byte[] certificationData(int type, byte[] data) {
    return ByteArrays.concat(le16(type), le32(data.length), data);
  }

  static byte[] le16(int v) {
    return new byte[] {(byte) v, (byte) (v >> 8)};
  }

  static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  static String comps(int... v) {
    List<String> s = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      s.add("{\"svn\":" + (i < v.length ? v[i] : 0) + "}");
    }
    return "[" + String.join(",", s) + "]";
  }

  static String tcbInfo(Options o) {
    String zero48 = "00".repeat(48);
    return "{\"id\":\"TDX\",\"version\":3,\"issueDate\":\""
        + NOW.minusSeconds(86400)
        + "\",\"nextUpdate\":\""
        + NOW.plusSeconds(29L * 86400)
        + "\",\"fmspc\":\""
        + FMSPC.toUpperCase()
        + "\",\"pceId\":\""
        + o.tcbInfoPceId
        + "\",\"tcbType\":0,"
        + "\"tcbEvaluationDataNumber\":19,\"tdxModule\":{\"mrsigner\":\""
        + zero48
        + "\",\"attributes\":\"0000000000000000\",\"attributesMask\":\"FFFFFFFFFFFFFFFF\"},"
        + "\"tdxModuleIdentities\":[{\"id\":\"TDX_01\",\"mrsigner\":\""
        + zero48
        + "\",\"attributes\":\"0000000000000000\",\"attributesMask\":\"FFFFFFFFFFFFFFFF\",\"tcbLevels\":["
        + "{\"tcb\":{\"isvsvn\":4},\"tcbDate\":\"2025-01-01T00:00:00Z\",\"tcbStatus\":\"UpToDate\"}]}],"
        + "\"tcbLevels\":[{\"tcb\":{\"sgxtcbcomponents\":"
        + comps(5, 5, 2, 2, 3, 1, 0, 3)
        + ",\"pcesvn\":11,"
        + "\"tdxtcbcomponents\":"
        + comps(9, 9, o.levelTdxSvn2)
        + "},\"tcbDate\":\"2025-01-01T00:00:00Z\",\"tcbStatus\":\""
        + o.platformStatus
        + "\""
        + (o.platformStatus.equals("UpToDate") ? "" : ",\"advisoryIDs\":[\"INTEL-SA-TEST\"]")
        + "},{\"tcb\":{\"sgxtcbcomponents\":"
        + comps(5, 5, 2, 2, 3, 1, 0, 3)
        + ",\"pcesvn\":11,"
        + "\"tdxtcbcomponents\":"
        + comps(0, 0, 2)
        + "},\"tcbDate\":\"2024-01-01T00:00:00Z\",\"tcbStatus\":\"OutOfDate\","
        + "\"advisoryIDs\":[\"INTEL-SA-OLD\"]}]}";
  }

  static String qeIdentity(Options o) {
    return "{\"id\":\"TD_QE\",\"version\":"
        + o.qeIdentityVersion
        + ",\"issueDate\":\""
        + NOW.minusSeconds(86400)
        + "\",\"nextUpdate\":\""
        + NOW.plusSeconds(29L * 86400)
        + "\",\"tcbEvaluationDataNumber\":19,"
        + "\"miscselect\":\"00000000\",\"miscselectMask\":\"FFFFFFFF\",\"attributes\":\"11000000000000000000000000000000\","
        + "\"attributesMask\":\"FBFFFFFFFFFFFFFF0000000000000000\",\"mrsigner\":\""
        + HexFormat.of().formatHex(QE_MRSIGNER).toUpperCase()
        + "\",\"isvprodid\":2,\"tcbLevels\":["
        + "{\"tcb\":{\"isvsvn\":4},\"tcbDate\":\"2024-03-13T00:00:00Z\",\"tcbStatus\":\"UpToDate\"}]}";
  }
}
