package io.replicatoor.attest.verify;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.attest.quote.QuoteLayout;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away DCAP PKI for tests: root, PCK CA, PCK leaf with the SGX extension, TCB Signing,
 * CRLs, a TDX v4 quote written with {@link QuoteLayout} and signed collateral. Options select the
 * negative cases (revocations, statuses, attributes).
 */
final class TestPki {
  static final Instant NOW = Instant.parse("2026-01-15T00:00:00Z");
  static final String FMSPC = "00906ed50000";
  static final byte[] QE_MRSIGNER = HexFormat.of().parseHex("dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5");

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
    /** TDX component index 2 required by the one platform level; a second, OutOfDate level needs 2. */
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
    root = keys();
    pckCa = keys();
    leaf = keys();
    tcbSigner = keys();
    attestation = keys();
    Instant from = NOW.minusSeconds(30L * 86400);
    Instant to = NOW.plusSeconds(3650L * 86400);
    rootCert = cert("CN=Test SGX Root CA", root, "CN=Test SGX Root CA", root.getPrivate(), 1, from, to, true, null);
    pckCaCert = cert("CN=Test SGX PCK Platform CA", pckCa, "CN=Test SGX Root CA", root.getPrivate(), 2, from, to, true, null);
    leafCert = cert("CN=Test SGX PCK Certificate", leaf, "CN=Test SGX PCK Platform CA", pckCa.getPrivate(), 3, from,
        o.leafNotAfter, false, sgxExtension(o));
    tcbSignerCert = cert("CN=Test SGX TCB Signing", tcbSigner, "CN=Test SGX Root CA", root.getPrivate(), 4, from, to, false, null);
    quote = quote(o);
    String rootPem = pem(rootCert);
    X509CRL rootCrl = crl(rootCert, root.getPrivate(),
        o.revokePckCa ? pckCaCert.getSerialNumber() : o.revokeTcbSigner ? tcbSignerCert.getSerialNumber() : null, false);
    X509CRL pckCrl = crl(pckCaCert, pckCa.getPrivate(), o.revokeLeaf ? leafCert.getSerialNumber() : BigInteger.valueOf(999),
        o.crlWithoutNumber);
    byte[] tcbInfo = tcbInfo(o).getBytes(StandardCharsets.UTF_8);
    byte[] qeId = qeIdentity(o).getBytes(StandardCharsets.UTF_8);
    String signerChain = pem(tcbSignerCert) + rootPem;
    collateral = Collateral.of(
        Bytes.of((pem(pckCaCert) + rootPem).getBytes(StandardCharsets.US_ASCII)),
        Bytes.of(rootCrl.getEncoded()),
        Bytes.of(pckCrl.getEncoded()),
        Bytes.of(signerChain.getBytes(StandardCharsets.US_ASCII)),
        Bytes.of(tcbInfo),
        Bytes.of(sign(tcbSigner.getPrivate(), tcbInfo)),
        Bytes.of(signerChain.getBytes(StandardCharsets.US_ASCII)),
        Bytes.of(qeId),
        Bytes.of(sign(tcbSigner.getPrivate(), qeId)),
        Optional.empty());
  }

  QuoteVerifier verifier() {
    return QuoteVerifier.insecureWithCustomTrustRoot(rootCert);
  }

  static KeyPair keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  static X509Certificate cert(String subject, KeyPair kp, String issuer, PrivateKey signer, long serial,
      Instant from, Instant to, boolean ca, DERSequence sgx) throws Exception {
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(serial),
        Date.from(from), Date.from(to), new X500Name(subject), kp.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    b.addExtension(Extension.keyUsage, true,
        new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
    if (sgx != null) {
      b.addExtension(new ASN1ObjectIdentifier("1.2.840.113741.1.13.1"), false, sgx);
    }
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
  }

  static DERSequence sgxExtension(Options o) throws Exception {
    String base = "1.2.840.113741.1.13.1";
    ASN1EncodableVector top = new ASN1EncodableVector();
    top.add(entry(base + ".1", new DEROctetString(new byte[16])));
    ASN1EncodableVector tcb = new ASN1EncodableVector();
    int[] comps = {o.pckComponent0, 5, 2, 2, 3, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 16; i++) {
      tcb.add(entry(base + ".2." + (i + 1), new ASN1Integer(comps[i])));
    }
    tcb.add(entry(base + ".2.17", new ASN1Integer(11)));
    byte[] cpusvn = new byte[16];
    for (int i = 0; i < 16; i++) {
      cpusvn[i] = (byte) comps[i];
    }
    tcb.add(entry(base + ".2.18", new DEROctetString(cpusvn)));
    top.add(entry(base + ".2", new DERSequence(tcb)));
    top.add(entry(base + ".3", new DEROctetString(new byte[2])));
    top.add(entry(base + ".4", new DEROctetString(HexFormat.of().parseHex(FMSPC))));
    top.add(entry(base + ".5", new ASN1Enumerated(1)));
    top.add(entry(base + ".6", new DEROctetString(new byte[16])));
    ASN1EncodableVector cfg = new ASN1EncodableVector();
    cfg.add(entry(base + ".7.1", ASN1Boolean.TRUE));
    cfg.add(entry(base + ".7.2", ASN1Boolean.FALSE));
    cfg.add(entry(base + ".7.3", ASN1Boolean.TRUE));
    top.add(entry(base + ".7", new DERSequence(cfg)));
    return new DERSequence(top);
  }

  static DERSequence entry(String oid, org.bouncycastle.asn1.ASN1Encodable value) {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1ObjectIdentifier(oid));
    v.add(value);
    return new DERSequence(v);
  }

  static X509CRL crl(X509Certificate issuer, PrivateKey key, BigInteger revoked, boolean withoutNumber) throws Exception {
    X509v2CRLBuilder b = new X509v2CRLBuilder(
        new X500Name(issuer.getSubjectX500Principal().getName()), Date.from(NOW.minusSeconds(86400)));
    b.setNextUpdate(Date.from(NOW.plusSeconds(29L * 86400)));
    if (!withoutNumber) {
      b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
    }
    b.addExtension(Extension.authorityKeyIdentifier, false,
        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer));
    if (revoked != null) {
      b.addCRLEntry(revoked, Date.from(NOW.minusSeconds(3600)), CRLReason.keyCompromise);
    }
    return new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }

  static String pem(X509Certificate c) throws Exception {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(c);
    }
    return w.toString();
  }

  static byte[] sign(PrivateKey k, byte[] data) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(k);
    s.update(data);
    return s.sign();
  }

  static byte[] raw(ECPublicKey k) {
    byte[] out = new byte[64];
    byte[] x = k.getW().getAffineX().toByteArray();
    byte[] y = k.getW().getAffineY().toByteArray();
    System.arraycopy(x, Math.max(0, x.length - 32), out, 32 - Math.min(32, x.length), Math.min(32, x.length));
    System.arraycopy(y, Math.max(0, y.length - 32), out, 64 - Math.min(32, y.length), Math.min(32, y.length));
    return out;
  }

  /** A v4 TDX quote laid out with {@link QuoteLayout}. */
  byte[] quote(Options o) throws Exception {
    int signedSize = o.td15 ? QuoteLayout.V5_BODY_OFFSET + QuoteLayout.TD_REPORT15_SIZE : QuoteLayout.V4_TDX_SIGNED_SIZE;
    ByteBuffer h = ByteBuffer.allocate(signedSize).order(ByteOrder.LITTLE_ENDIAN);
    h.putShort(QuoteLayout.HEADER_VERSION_OFFSET, (short) (o.td15 ? QuoteLayout.VERSION_5 : QuoteLayout.VERSION_4));
    h.putShort(QuoteLayout.HEADER_ATT_KEY_TYPE_OFFSET, (short) QuoteLayout.ATT_KEY_TYPE_ECDSA_P256);
    h.putInt(QuoteLayout.HEADER_TEE_TYPE_OFFSET, (int) QuoteLayout.TEE_TYPE_TDX);
    h.put(QuoteLayout.HEADER_QE_VENDOR_ID_OFFSET, HexFormat.of().parseHex(QuoteLayout.INTEL_QE_VENDOR_ID_HEX));
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
    h.put(b + QuoteLayout.TD_REPORTDATA_REL, "replicatoor test".getBytes(StandardCharsets.US_ASCII));
    byte[] signed = h.array();

    byte[] attKey = raw((ECPublicKey) attestation.getPublic());
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
    byte[] pemChain = (pem(leafCert) + pem(pckCaCert) + pem(rootCert) + "\0").getBytes(StandardCharsets.US_ASCII);

    ByteArrayOutputStream inner = new ByteArrayOutputStream();
    inner.write(qeReport);
    inner.write(sign(leaf.getPrivate(), qeReport));
    inner.write(le16(auth.length));
    inner.write(auth);
    inner.write(le16(QuoteLayout.CERT_TYPE_PCK_CHAIN));
    inner.write(le32(pemChain.length));
    inner.write(pemChain);
    byte[] outer = inner.toByteArray();

    ByteArrayOutputStream sig = new ByteArrayOutputStream();
    sig.write(sign(attestation.getPrivate(), signed));
    sig.write(attKey);
    sig.write(le16(QuoteLayout.CERT_TYPE_QE_REPORT));
    sig.write(le32(outer.length));
    sig.write(outer);
    byte[] sd = sig.toByteArray();

    ByteArrayOutputStream q = new ByteArrayOutputStream();
    q.write(signed);
    q.write(le32(sd.length));
    q.write(sd);
    return q.toByteArray();
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
    return "{\"id\":\"TDX\",\"version\":3,\"issueDate\":\"" + NOW.minusSeconds(86400) + "\",\"nextUpdate\":\""
        + NOW.plusSeconds(29L * 86400) + "\",\"fmspc\":\"" + FMSPC.toUpperCase() + "\",\"pceId\":\"" + o.tcbInfoPceId + "\",\"tcbType\":0,"
        + "\"tcbEvaluationDataNumber\":19,\"tdxModule\":{\"mrsigner\":\"" + zero48
        + "\",\"attributes\":\"0000000000000000\",\"attributesMask\":\"FFFFFFFFFFFFFFFF\"},"
        + "\"tdxModuleIdentities\":[{\"id\":\"TDX_01\",\"mrsigner\":\"" + zero48
        + "\",\"attributes\":\"0000000000000000\",\"attributesMask\":\"FFFFFFFFFFFFFFFF\",\"tcbLevels\":["
        + "{\"tcb\":{\"isvsvn\":4},\"tcbDate\":\"2025-01-01T00:00:00Z\",\"tcbStatus\":\"UpToDate\"}]}],"
        + "\"tcbLevels\":[{\"tcb\":{\"sgxtcbcomponents\":" + comps(5, 5, 2, 2, 3, 1, 0, 3) + ",\"pcesvn\":11,"
        + "\"tdxtcbcomponents\":" + comps(9, 9, o.levelTdxSvn2) + "},\"tcbDate\":\"2025-01-01T00:00:00Z\",\"tcbStatus\":\""
        + o.platformStatus + "\"" + (o.platformStatus.equals("UpToDate") ? "" : ",\"advisoryIDs\":[\"INTEL-SA-TEST\"]")
        + "},{\"tcb\":{\"sgxtcbcomponents\":" + comps(5, 5, 2, 2, 3, 1, 0, 3) + ",\"pcesvn\":11,"
        + "\"tdxtcbcomponents\":" + comps(0, 0, 2) + "},\"tcbDate\":\"2024-01-01T00:00:00Z\",\"tcbStatus\":\"OutOfDate\","
        + "\"advisoryIDs\":[\"INTEL-SA-OLD\"]}]}";
  }

  static String qeIdentity(Options o) {
    return "{\"id\":\"TD_QE\",\"version\":" + o.qeIdentityVersion + ",\"issueDate\":\"" + NOW.minusSeconds(86400)
        + "\",\"nextUpdate\":\"" + NOW.plusSeconds(29L * 86400) + "\",\"tcbEvaluationDataNumber\":19,"
        + "\"miscselect\":\"00000000\",\"miscselectMask\":\"FFFFFFFF\",\"attributes\":\"11000000000000000000000000000000\","
        + "\"attributesMask\":\"FBFFFFFFFFFFFFFF0000000000000000\",\"mrsigner\":\""
        + HexFormat.of().formatHex(QE_MRSIGNER).toUpperCase() + "\",\"isvprodid\":2,\"tcbLevels\":["
        + "{\"tcb\":{\"isvsvn\":4},\"tcbDate\":\"2024-03-13T00:00:00Z\",\"tcbStatus\":\"UpToDate\"}]}";
  }
}
