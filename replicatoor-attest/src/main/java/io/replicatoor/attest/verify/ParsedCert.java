package io.replicatoor.attest.verify;

import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.attest.quote.PckExtensions;
import io.replicatoor.attest.quote.SignedDer;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Arrays;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** A decoded certificate with its P-256 key, CN and memoised verification results. */
final class ParsedCert {
  static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";

  final Bytes der;
  final X509Certificate cert;
  final ECPublicKey key;
  final String subjectCn;
  final Instant notBefore;
  final Instant notAfter;

  /** The issuer whose key verified this certificate (identity), once verified. */
  volatile ParsedCert verifiedBy;

  volatile PckExtensions pckExtensions;

  private ParsedCert(Bytes der, X509Certificate cert, ECPublicKey key, String cn) {
    this.der = der;
    this.cert = cert;
    this.key = key;
    this.subjectCn = cn;
    this.notBefore = cert.getNotBefore().toInstant();
    this.notAfter = cert.getNotAfter().toInstant();
  }

  /** Decodes DER; structural rules (v3, ecdsa-with-SHA256, P-256) are checked here. */
  static ParsedCert decode(Bytes der, ErrorCode code, String what) throws ReplicatoorException {
    byte[] bytes = der.toByteArray();
    try {
      // The JDK skips data after the object and clears a signature's padding bits: check the DER
      // framing first, so each certificate has exactly one accepted encoding (issue 12).
      SignedDer.check(bytes);
    } catch (IllegalArgumentException e) {
      throw new ReplicatoorException(
          code, what + " is not one strict DER certificate: " + e.getMessage());
    }
    X509Certificate c;
    try {
      // generateCertificates (plural) always parses the bytes; the singular form returns the JDK's
      // cached instance for a known encoding, whose verify() result is cached too (spec 9.11).
      var all =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes));
      if (all.size() != 1
          || !(all.iterator().next() instanceof X509Certificate x)
          || !Arrays.equals(x.getEncoded(), bytes)) {
        throw new ReplicatoorException(code, what + " is not exactly one X.509 certificate");
      }
      c = x;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new ReplicatoorException(code, what + " is not a valid X.509 certificate");
    }
    if (c.getVersion() != 3) {
      throw new ReplicatoorException(code, what + " is not an X.509 v3 certificate");
    }
    if (!ECDSA_WITH_SHA256.equals(c.getSigAlgOID())) {
      throw new ReplicatoorException(code, what + " is not signed with ecdsa-with-SHA256");
    }
    if (!Ecdsa.isP256(c.getPublicKey())) {
      throw new ReplicatoorException(code, what + " does not have a P-256 key");
    }
    return new ParsedCert(der, c, (ECPublicKey) c.getPublicKey(), cn(c.getSubjectX500Principal()));
  }

  static String cn(X500Principal p) {
    try {
      for (Rdn r : new LdapName(p.getName(X500Principal.RFC2253)).getRdns()) {
        if (r.getType().equalsIgnoreCase("CN")) {
          return String.valueOf(r.getValue());
        }
      }
    } catch (InvalidNameException e) {
      return "";
    }
    return "";
  }

  boolean isCa() {
    boolean[] ku = cert.getKeyUsage();
    return cert.getBasicConstraints() >= 0 && ku != null && ku.length > 5 && ku[5];
  }

  /** Checks that {@code issuer} issued and signed this certificate; memoised per issuer object. */
  void verifyIssuedBy(ParsedCert issuer, ErrorCode code, String what) throws ReplicatoorException {
    if (verifiedBy == issuer) {
      return;
    }
    if (!cert.getIssuerX500Principal().equals(issuer.cert.getSubjectX500Principal())) {
      throw new ReplicatoorException(
          code, what + " issuer does not match the subject of its issuer certificate");
    }
    if (!issuer.isCa()) {
      throw new ReplicatoorException(
          code, what + " is issued by a certificate that is not a CA with keyCertSign");
    }
    // An explicit ECDSA check over the TBS bytes (the algorithm was pinned in decode): unlike
    // X509Certificate.verify it is computed every time, never answered from the JDK's per-instance
    // result cache, so a fresh verifier really re-verifies (spec 9.11).
    byte[] tbs;
    try {
      tbs = cert.getTBSCertificate();
    } catch (CertificateEncodingException e) {
      throw new ReplicatoorException(code, what + " has no encodable to-be-signed part");
    }
    if (!Ecdsa.verifyDer(issuer.key, tbs, cert.getSignature())) {
      throw new ReplicatoorException(
          code, what + " signature does not verify with its issuer's key");
    }
    verifiedBy = issuer;
  }
}
