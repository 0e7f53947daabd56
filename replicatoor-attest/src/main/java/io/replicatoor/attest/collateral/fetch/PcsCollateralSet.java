package io.replicatoor.attest.collateral.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.attest.collateral.CollateralJson;
import io.replicatoor.attest.collateral.SignedJson;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.attest.quote.PemChain;
import io.replicatoor.attest.quote.SignedDer;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The seven files of the PCS folder form, kept as the exact bytes served, plus the facts the cache
 * needs (evaluation data numbers, earliest nextUpdate). Structural checks only: every signature is
 * checked later by the verifier, which is the only place trust is decided.
 */
final class PcsCollateralSet {
  // File names of the PCS folder form (vectors/tdx/README.md, "Files in each full vector
  // directory").
  static final String TCB_INFO = "tcb_info_response.json";
  static final String QE_IDENTITY = "qe_identity_response.json";
  static final String TCB_INFO_CHAIN = "tcb_info_issuer_chain.pem";
  static final String QE_IDENTITY_CHAIN = "qe_identity_issuer_chain.pem";
  static final String PCK_CRL_CHAIN = "pck_crl_issuer_chain.pem";
  static final String PCK_CRL = "pck_crl.der";
  static final String ROOT_CA_CRL = "root_ca_crl.der";
  static final List<String> FILE_NAMES =
      List.of(
          TCB_INFO,
          QE_IDENTITY,
          TCB_INFO_CHAIN,
          QE_IDENTITY_CHAIN,
          PCK_CRL_CHAIN,
          PCK_CRL,
          ROOT_CA_CRL);

  /** An issuer chain is the signing CA then the Root CA (tdx-quote-verification.md 3.1). */
  static final int ISSUER_CHAIN_CERTIFICATES = 2;

  /** DER SEQUENCE tag: first byte of a DER CRL. */
  private static final int DER_SEQUENCE = 0x30;

  final byte[] tcbInfo;
  final byte[] qeIdentity;
  final byte[] tcbInfoChain;
  final byte[] qeIdentityChain;
  final byte[] pckCrlChain;
  final byte[] pckCrl;
  final byte[] rootCaCrl;
  final long tcbInfoNumber;
  final long qeIdentityNumber;
  final Instant earliestNextUpdate;

  /**
   * Checks that the bytes are what {@code key} asked for and extracts the cache facts.
   *
   * @throws CollateralFetchException if a document is malformed or not the one {@code key} names
   */
  PcsCollateralSet(
      CollateralKey key,
      byte[] tcbInfo,
      byte[] qeIdentity,
      byte[] tcbInfoChain,
      byte[] qeIdentityChain,
      byte[] pckCrlChain,
      byte[] pckCrl,
      byte[] rootCaCrl)
      throws CollateralFetchException {
    // TCB info (3.3): the wrapper and the fields the cache relies on; the signature is the
    // verifier's.
    JsonNode tcb = signedBody(tcbInfo, "tcbInfo", TCB_INFO);
    String tcbId = text(tcb, "id", TCB_INFO);
    requireEqual(TCB_INFO + ": tcbInfo.id", tcbId, key.tee().tcbInfoId());
    String fmspc = text(tcb, "fmspc", TCB_INFO);
    // Compare decoded bytes: FMSPC hex comes in both cases (3.3).
    if (!fmspc.equalsIgnoreCase(key.fmspc())) {
      throw mismatch(TCB_INFO + ": tcbInfo.fmspc is " + fmspc + ", requested " + key.fmspc());
    }
    long tcbNumber = number(tcb, "tcbEvaluationDataNumber", TCB_INFO);
    Instant tcbNext = instant(tcb, "nextUpdate", TCB_INFO);

    // QE identity (3.4).
    JsonNode qe = signedBody(qeIdentity, "enclaveIdentity", QE_IDENTITY);
    String qeId = text(qe, "id", QE_IDENTITY);
    requireEqual(QE_IDENTITY + ": enclaveIdentity.id", qeId, key.tee().qeIdentityId());
    long qeNumber = number(qe, "tcbEvaluationDataNumber", QE_IDENTITY);
    Instant qeNext = instant(qe, "nextUpdate", QE_IDENTITY);

    // Issuer chains: exactly two certificates each.
    chain(tcbInfoChain, TCB_INFO_CHAIN);
    chain(qeIdentityChain, QE_IDENTITY_CHAIN);
    List<X509Certificate> pckChain = chain(pckCrlChain, PCK_CRL_CHAIN);
    String chainCn = commonName(pckChain.get(0).getSubjectX500Principal().getName(), PCK_CRL_CHAIN);
    requireEqual(PCK_CRL_CHAIN + ": first certificate", chainCn, key.ca().issuerCommonName());

    // CRLs (3.5): DER, with a nextUpdate.
    X509CRL pck = crl(pckCrl, PCK_CRL);
    String crlCn = commonName(pck.getIssuerX500Principal().getName(), PCK_CRL);
    requireEqual(PCK_CRL + ": issuer", crlCn, key.ca().issuerCommonName());
    X509CRL root = crl(rootCaCrl, ROOT_CA_CRL);

    Instant earliest = tcbNext;
    for (Instant i :
        List.of(qeNext, pck.getNextUpdate().toInstant(), root.getNextUpdate().toInstant())) {
      if (i.isBefore(earliest)) {
        earliest = i;
      }
    }
    this.tcbInfo = tcbInfo;
    this.qeIdentity = qeIdentity;
    this.tcbInfoChain = tcbInfoChain;
    this.qeIdentityChain = qeIdentityChain;
    this.pckCrlChain = pckCrlChain;
    this.pckCrl = pckCrl;
    this.rootCaCrl = rootCaCrl;
    this.tcbInfoNumber = tcbNumber;
    this.qeIdentityNumber = qeNumber;
    this.earliestNextUpdate = earliest;
  }

  /** Reads and re-checks a folder written by {@link #writeTo}; a missing file is malformed. */
  static PcsCollateralSet read(CollateralKey key, Path dir) throws CollateralFetchException {
    byte[][] b = new byte[FILE_NAMES.size()][];
    for (int i = 0; i < b.length; i++) {
      Path f = dir.resolve(FILE_NAMES.get(i));
      try {
        b[i] = Files.readAllBytes(f);
      } catch (NoSuchFileException e) {
        throw malformed("cached collateral " + dir + " lacks " + FILE_NAMES.get(i));
      } catch (IOException e) {
        throw CollateralFetchException.unavailable("cannot read cached " + f + ": " + e, e);
      }
    }
    return new PcsCollateralSet(key, b[0], b[1], b[2], b[3], b[4], b[5], b[6]);
  }

  /** Writes the seven files into {@code dir} (which must exist and be empty). */
  void writeTo(Path dir) throws IOException {
    byte[][] b = {
      tcbInfo, qeIdentity, tcbInfoChain, qeIdentityChain, pckCrlChain, pckCrl, rootCaCrl
    };
    for (int i = 0; i < b.length; i++) {
      Files.write(dir.resolve(FILE_NAMES.get(i)), b[i]);
    }
  }

  /**
   * Parses {@code {"<bodyKey>":{...},"signature":"..."}} with the verifier's raw-byte scanner
   * ({@link SignedJson}) and returns the signed body, read by the shared bounded mapper ({@link
   * CollateralJson}); the signature itself is the verifier's to check.
   */
  private static JsonNode signedBody(byte[] doc, String bodyKey, String file)
      throws CollateralFetchException {
    try {
      SignedJson signed = SignedJson.extract(doc, bodyKey);
      return CollateralJson.parser().read(signed.body().toByteArray());
    } catch (ReplicatoorException | IOException e) {
      throw malformed(file + ": not valid JSON (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  /** Throws a mismatch naming {@code what} unless {@code actual} equals {@code expected}. */
  private static void requireEqual(String what, String actual, String expected)
      throws CollateralFetchException {
    if (!expected.equals(actual)) {
      throw mismatch(what + " is \"" + actual + "\", expected \"" + expected + "\"");
    }
  }

  private static String text(JsonNode n, String field, String file)
      throws CollateralFetchException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw malformed(file + ": field \"" + field + "\" missing or not a string");
    }
    return v.asText();
  }

  private static long number(JsonNode n, String field, String file)
      throws CollateralFetchException {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw malformed(file + ": field \"" + field + "\" missing or not a non-negative integer");
    }
    return v.asLong();
  }

  private static Instant instant(JsonNode n, String field, String file)
      throws CollateralFetchException {
    String s = text(n, field, file);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw malformed(file + ": field \"" + field + "\" is not an RFC 3339 instant", e);
    }
  }

  /**
   * Exactly two certificates, split by the verifier's strict PEM reader; each must be one strict
   * DER certificate ({@link SignedDer}: the JDK alone skips bytes after the DER).
   */
  private static List<X509Certificate> chain(byte[] pem, String file)
      throws CollateralFetchException {
    List<Bytes> ders;
    try {
      ders = PemChain.split(pem, true);
    } catch (IllegalArgumentException e) {
      throw malformed(file + ": not a PEM certificate chain (" + e.getMessage() + ")", e);
    }
    if (ders.size() != ISSUER_CHAIN_CERTIFICATES) {
      throw malformed(
          file + ": expected " + ISSUER_CHAIN_CERTIFICATES + " certificates, found " + ders.size());
    }
    List<X509Certificate> out = new ArrayList<>();
    for (int i = 0; i < ders.size(); i++) {
      byte[] der = ders.get(i).toByteArray();
      String what = file + ": certificate " + (i + 1);
      try {
        SignedDer.check(der);
      } catch (IllegalArgumentException e) {
        throw malformed(what + " is not one strict DER certificate (" + e.getMessage() + ")", e);
      }
      try {
        out.add(
            (X509Certificate)
                CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der)));
      } catch (CertificateException | RuntimeException e) {
        throw malformed(
            what + " is not a parseable certificate (" + firstLine(e.getMessage()) + ")", e);
      }
    }
    return out;
  }

  private static X509CRL crl(byte[] der, String file) throws CollateralFetchException {
    if (der.length == 0 || Byte.toUnsignedInt(der[0]) != DER_SEQUENCE) {
      throw malformed(file + ": not a DER CRL (first byte is not SEQUENCE 0x30)");
    }
    X509CRL crl;
    try {
      crl =
          (X509CRL)
              CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    } catch (CRLException | CertificateException | RuntimeException e) {
      throw malformed(file + ": not a parseable DER CRL (" + firstLine(e.getMessage()) + ")", e);
    }
    try {
      // The JDK skips bytes after the CRL and clears signature padding bits (issue 12).
      SignedDer.check(der);
    } catch (IllegalArgumentException e) {
      throw malformed(file + ": not one strict DER CRL (" + e.getMessage() + ")", e);
    }
    if (crl == null || crl.getNextUpdate() == null) {
      throw malformed(file + ": CRL has no nextUpdate");
    }
    return crl;
  }

  private static String commonName(String dn, String file) throws CollateralFetchException {
    try {
      for (Rdn rdn : new LdapName(dn).getRdns()) {
        if ("CN".equalsIgnoreCase(rdn.getType())) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      throw malformed(file + ": unparseable distinguished name", e);
    }
    throw malformed(file + ": distinguished name has no CN");
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static CollateralFetchException malformed(String m) {
    return CollateralFetchException.malformed(m);
  }

  private static CollateralFetchException malformed(String m, Throwable cause) {
    return CollateralFetchException.malformed(m, cause);
  }

  private static CollateralFetchException mismatch(String m) {
    return new CollateralFetchException(ErrorCode.COLLATERAL_MISMATCH, m);
  }
}
