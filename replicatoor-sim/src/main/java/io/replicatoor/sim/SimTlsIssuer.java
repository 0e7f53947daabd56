package io.replicatoor.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Issues the certificates of {@code Tappd.DeriveKey} (a deterministic P-256 key for the path) and
 * {@code GetTlsKey} (a random P-256 key) (dstack-guest-interface.md sections 2, 3): a leaf signed
 * by a simulated app CA whose key is derived from the app key. The certificates carry no
 * attestation extension (a documented difference from dstack's RA-TLS certificates).
 */
final class SimTlsIssuer {
  /** Validity of issued certificates. */
  static final Duration VALIDITY = Duration.ofDays(365);

  static final String APP_CA_CONTEXT = "replicatoor-sim:app-ca";

  private final SimKeyDerivation keys;
  private final SecureRandom rng;

  SimTlsIssuer(SimKeyDerivation keys, SecureRandom rng) {
    this.keys = keys;
    this.rng = rng;
  }

  /** Result: PKCS#8 PEM key and the chain (leaf, app CA) as PEM strings. */
  record Issued(String keyPem, List<String> chainPem) {
    Issued {
      chainPem = List.copyOf(chainPem);
    }

    @Override
    public String toString() {
      return "Issued[key=REDACTED, chain=" + chainPem.size() + " certificates]";
    }
  }

  /** What a certificate request asks for: subject CN, DNS names and extended key usages. */
  record CertRequest(
      String subject, List<String> altNames, boolean serverAuth, boolean clientAuth) {
    CertRequest {
      altNames = List.copyOf(altNames);
    }
  }

  /** {@code DeriveKey}: the key derived from {@code path}; an empty subject becomes the path. */
  Issued deriveKey(String path, CertRequest req, Instant now) throws GeneralSecurityException {
    CertRequest named =
        req.subject().isEmpty()
            ? new CertRequest(path, req.altNames(), req.serverAuth(), req.clientAuth())
            : req;
    return issue(keys.p256KeyPair(path.getBytes(StandardCharsets.UTF_8)), named, now);
  }

  /** {@code GetTlsKey}: like dstack, a fresh random P-256 key for every call (section 3). */
  Issued tlsKey(CertRequest req, Instant now) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), rng);
    return issue(g.generateKeyPair(), req, now);
  }

  private Issued issue(KeyPair leaf, CertRequest req, Instant now) throws GeneralSecurityException {
    String subject = req.subject();
    List<String> altNames = req.altNames();
    try {
      KeyPair ca = keys.p256KeyPair(APP_CA_CONTEXT.getBytes(StandardCharsets.US_ASCII));
      X500Name caName =
          new X500Name(
              "CN=replicatoor simulator app CA, O=replicatoor development PKI " + "(NOT Intel)");
      Instant nb = now.minus(Duration.ofHours(1));
      X509Certificate caCert =
          DevPki.caCert(
              caName,
              caName,
              ca.getPublic(),
              ca.getPublic(),
              ca.getPrivate(),
              nb,
              nb.plus(VALIDITY),
              0,
              rng);
      X500NameBuilder nameB = new X500NameBuilder(BCStyle.INSTANCE);
      nameB.addRDN(BCStyle.CN, subject);
      X509v3CertificateBuilder b =
          new X509v3CertificateBuilder(
              caName,
              DevPki.serial(rng),
              Date.from(nb),
              Date.from(nb.plus(VALIDITY)),
              nameB.build(),
              SubjectPublicKeyInfo.getInstance(leaf.getPublic().getEncoded()));
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          ext.createAuthorityKeyIdentifier(ca.getPublic()));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      List<KeyPurposeId> usages = new ArrayList<>();
      if (req.serverAuth()) {
        usages.add(KeyPurposeId.id_kp_serverAuth);
      }
      if (req.clientAuth()) {
        usages.add(KeyPurposeId.id_kp_clientAuth);
      }
      if (!usages.isEmpty()) {
        b.addExtension(
            Extension.extendedKeyUsage,
            false,
            new ExtendedKeyUsage(usages.toArray(new KeyPurposeId[0])));
      }
      if (!altNames.isEmpty()) {
        GeneralName[] names = new GeneralName[altNames.size()];
        for (int i = 0; i < names.length; i++) {
          names[i] = new GeneralName(GeneralName.dNSName, altNames.get(i));
        }
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      }
      X509Certificate leafCert = DevPki.toJdk(b.build(DevPki.signer(ca.getPrivate())));
      return new Issued(pkcs8Pem(leaf), List.of(DevPki.pem(leafCert), DevPki.pem(caCert)));
    } catch (IOException | OperatorCreationException e) {
      throw new GeneralSecurityException("cannot issue the DeriveKey certificate", e);
    }
  }

  /**
   * DER prefix of the 138-byte PKCS#8 P-256 key with public key (dstack-guest-interface.md 9.2).
   */
  static final String PKCS8_P256_PREFIX =
      "308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420";

  /** DER between the scalar and the uncompressed public point. */
  static final String PKCS8_P256_MIDDLE = "a14403420004";

  /**
   * The key as PEM {@code PRIVATE KEY} in the 138-byte form ring/rcgen (hence dstack) produce,
   * which carries the public key; {@code PrivateKey.getEncoded()} would omit it.
   */
  static String pkcs8Pem(KeyPair kp) {
    var priv = (ECPrivateKey) kp.getPrivate();
    var pub = (ECPublicKey) kp.getPublic();
    HexFormat hex = HexFormat.of();
    ByteArrayOutputStream der = new ByteArrayOutputStream();
    der.writeBytes(hex.parseHex(PKCS8_P256_PREFIX));
    der.writeBytes(fixed32(priv.getS()));
    der.writeBytes(hex.parseHex(PKCS8_P256_MIDDLE));
    der.writeBytes(fixed32(pub.getW().getAffineX()));
    der.writeBytes(fixed32(pub.getW().getAffineY()));
    byte[] b = der.toByteArray();
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(b);
    Arrays.fill(b, (byte) 0);
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }

  private static byte[] fixed32(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int start = Math.max(0, raw.length - 32);
    System.arraycopy(raw, start, out, 32 - (raw.length - start), raw.length - start);
    return out;
  }
}
