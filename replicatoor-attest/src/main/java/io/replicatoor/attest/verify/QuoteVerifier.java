package io.replicatoor.attest.verify;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.attest.quote.PckExtensions;
import io.replicatoor.attest.quote.PemChain;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.attest.quote.QuoteSignatureData;
import io.replicatoor.attest.quote.SgxReport;
import io.replicatoor.attest.quote.SignedDer;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.ImmutableBytes;
import io.replicatoor.core.crypto.RequiredAlgorithms;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies DCAP quotes against Intel collateral with Intel QVL semantics ({@code
 * tdx-quote-verification.md} section 4, steps A-N), offline, at an explicit instant.
 *
 * <p><b>Security guarantees.</b> A returned {@link VerifiedQuote} means: the quote parsed; its PCK
 * chain ends in the pinned root (byte-identical) with valid signatures, names, CA flags and dates;
 * the attestation key is bound by the QE report, which the PCK leaf signed; the quote signature
 * covers the exact signed region; and (with collateral) both CRLs, the TCB info and the QE identity
 * are signed under the pinned root, valid at {@code T}, match the platform, and a TCB level matched
 * with a status other than Revoked. Everything else is a {@link ReplicatoorException} with a
 * specific {@link ErrorCode}. The relying-party policy is a separate step.
 *
 * <p>Thread-safe. Verified collateral, decoded certificates, checked attestation keys and verified
 * (QE report, signature, PCK leaf) triples are cached per instance (bounded LRU, keyed by full
 * content, never by a truncated hash), so a warm verification of a known platform costs one ECDSA
 * verification (the quote signature) plus hashing and lookups; time rules are re-checked per call.
 */
public final class QuoteVerifier {
  /** SHA-256 of the DER of the Intel SGX Root CA (section 4.B step 5). */
  public static final String INTEL_ROOT_SHA256 =
      "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

  /** Classpath resource holding the pinned Intel SGX Root CA. */
  public static final String INTEL_ROOT_RESOURCE = "intel_sgx_root_ca.der";

  /** Largest lower-bound skew section 5 rule 3 allows. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);

  static final String OID_CRL_NUMBER = "2.5.29.20";
  static final String OID_AUTHORITY_KEY_ID = "2.5.29.35";
  static final String CN_PCK_PLATFORM_CA = "Intel SGX PCK Platform CA";
  static final String CN_PCK_PROCESSOR_CA = "Intel SGX PCK Processor CA";
  static final String CN_PCK_LEAF_PART = "SGX PCK Certificate";
  static final String CN_TCB_SIGNING = "Intel SGX TCB Signing";
  static final int CERT_CACHE_SIZE = 256;
  static final int COLLATERAL_CACHE_SIZE = 64;
  static final int QE_CACHE_SIZE = 1024;

  private static volatile Bytes intelRootDer;

  /**
   * The bundled Intel root, decoded and self-signature-checked once per JVM: it is a constant
   * pinned by SHA-256, so every {@link #intelProduction()} instance can share it (it holds no
   * per-input state; certificates from quotes and collateral stay per instance).
   */
  private static volatile ParsedCert intelRoot;

  private final ParsedCert root;
  private final TrustRootKind kind;
  private final Set<Integer> qeIdentityVersions;
  private final Duration skew;
  private final Map<Bytes, ParsedCert> certs = lru(CERT_CACHE_SIZE);
  private final Map<Bytes, VerifiedCollateral> collateralCache = lru(COLLATERAL_CACHE_SIZE);

  /** Attestation keys that passed the curve check, by their 64 raw bytes. */
  private final Map<Bytes, ECPublicKey> attestationKeys = lru(QE_CACHE_SIZE);

  /** (QE report, its signature, PCK leaf DER) triples whose signature verified. */
  private final Map<List<Bytes>, Boolean> verifiedQeReports = lru(QE_CACHE_SIZE);

  private QuoteVerifier(
      ParsedCert root, TrustRootKind kind, Set<Integer> qeVersions, Duration skew) {
    this.root = root;
    this.kind = kind;
    this.qeIdentityVersions = Set.copyOf(qeVersions);
    this.skew = skew;
  }

  private static <K, V> Map<K, V> lru(int max) {
    return Collections.synchronizedMap(
        new LinkedHashMap<K, V>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> e) {
            return size() > max;
          }
        });
  }

  /**
   * A verifier anchored in the bundled Intel SGX Root CA, whose SHA-256 is checked at load.
   *
   * @throws IllegalStateException if the bundled resource is missing or altered
   */
  public static QuoteVerifier intelProduction() {
    Bytes der = intelRootDer;
    if (der == null) {
      try (InputStream in = QuoteVerifier.class.getResourceAsStream(INTEL_ROOT_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("bundled " + INTEL_ROOT_RESOURCE + " is missing");
        }
        byte[] b = in.readAllBytes();
        String h = HexFormat.of().formatHex(RequiredAlgorithms.digest("SHA-256", b));
        if (!h.equals(INTEL_ROOT_SHA256)) {
          throw new IllegalStateException(
              "bundled Intel root CA has SHA-256 " + h + ", expected " + INTEL_ROOT_SHA256);
        }
        der = Bytes.of(b);
        intelRootDer = der;
      } catch (IOException e) {
        throw new IllegalStateException("cannot load the bundled Intel root CA", e);
      }
    }
    ParsedCert r = intelRoot;
    if (r == null) {
      r = rootCert(der);
      intelRoot = r;
    }
    return new QuoteVerifier(r, TrustRootKind.INTEL, Set.of(2), Duration.ZERO);
  }

  /**
   * A verifier anchored in a caller-supplied self-signed root, for development PKIs such as the
   * simulator's. <b>Insecure for production</b>: results carry {@link TrustRootKind#CUSTOM}, and
   * Intel's certificate name rules are not applied.
   */
  public static QuoteVerifier insecureWithCustomTrustRoot(X509Certificate root) {
    try {
      return new QuoteVerifier(
          rootCert(Bytes.of(root.getEncoded())), TrustRootKind.CUSTOM, Set.of(2), Duration.ZERO);
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot encode the custom root", e);
    }
  }

  private static ParsedCert rootCert(Bytes der) {
    try {
      ParsedCert r = ParsedCert.decode(der, ErrorCode.TRUST_ANCHOR_MISMATCH, "trust root");
      if (!r.isCa()) {
        throw new IllegalArgumentException("trust root is not a CA with keyCertSign");
      }
      r.verifyIssuedBy(r, ErrorCode.TRUST_ANCHOR_MISMATCH, "trust root self-signature");
      return r;
    } catch (ReplicatoorException e) {
      throw new IllegalArgumentException("unusable trust root: " + e.getMessage(), e);
    }
  }

  /** Accepted QE identity versions (default {2}, section 4.F step 23). */
  public QuoteVerifier withAcceptedQeIdentityVersions(Set<Integer> versions) {
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("at least one QE identity version");
    }
    return new QuoteVerifier(root, kind, versions, skew);
  }

  /** Skew granted on lower time bounds only (default zero, at most 5 minutes; section 5 rule 3). */
  public QuoteVerifier withNotBeforeSkew(Duration skew) {
    if (skew.isNegative() || skew.compareTo(MAX_SKEW) > 0) {
      throw new IllegalArgumentException("skew must be within 0..5 minutes");
    }
    return new QuoteVerifier(root, kind, qeIdentityVersions, skew);
  }

  /** Which anchor this verifier uses. */
  public TrustRootKind trustRootKind() {
    return kind;
  }

  /** Number of verified collateral sets currently cached (for diagnostics and tests). */
  public int cachedCollateralCount() {
    return collateralCache.size();
  }

  // ---- full verification ------------------------------------------------------------------------

  /**
   * Full verification with collateral at instant {@code t}.
   *
   * @throws ReplicatoorException with the code of the first failed step
   */
  public VerifiedQuote verify(byte[] quote, Collateral collateral, Instant t)
      throws ReplicatoorException {
    return verify(Quote.parse(quote), collateral, t);
  }

  /** As {@link #verify(byte[], Collateral, Instant)} for an already parsed quote. */
  public VerifiedQuote verify(Quote quote, Collateral collateral, Instant t)
      throws ReplicatoorException {
    if (collateral == null) {
      throw new ReplicatoorException(ErrorCode.COLLATERAL_MISSING, "no collateral supplied");
    }
    if (t == null) {
      throw new IllegalArgumentException("verification instant is required");
    }
    // Step D (11-13): PCK chain to the pinned root (signatures; dates below).
    PckChain chain = pckChain(quote);
    // Steps C, E, F (signatures, names, content parsing): cached per collateral content.
    VerifiedCollateral vc = verifiedCollateral(collateral);
    // Step 16.
    PckExtensions pck = pckExtensions(chain.leaf);
    // Steps 19 and 23: the collateral is for this quote type and platform (checked before the
    // time rules so that foreign collateral is reported as a mismatch, spec 11.3).
    TcbInfo info = vc.tcbInfo();
    boolean tdx = quote.isTdx();
    String wantTcbId = tdx ? "TDX" : "SGX";
    if (!info.id().equals(wantTcbId) || info.version() != 3) {
      throw new ReplicatoorException(
          ErrorCode.COLLATERAL_MISMATCH,
          "TCB info is "
              + info.id()
              + " v"
              + info.version()
              + "; this quote needs "
              + wantTcbId
              + " v3");
    }
    requireSameAsPck("FMSPC", info.fmspc(), pck.fmspc());
    requireSameAsPck("PCE-ID", info.pceId(), pck.pceId());
    EnclaveIdentity qeId = vc.qeIdentity();
    String wantQeId = tdx ? "TD_QE" : "QE";
    if (!qeId.id().equals(wantQeId)) {
      throw new ReplicatoorException(
          ErrorCode.COLLATERAL_MISMATCH,
          "QE identity is " + qeId.id() + "; this quote needs " + wantQeId);
    }
    if (!qeIdentityVersions.contains(qeId.version())) {
      throw new ReplicatoorException(
          ErrorCode.COLLATERAL_MISMATCH,
          "QE identity version "
              + qeId.version()
              + " is not accepted (accepted: "
              + qeIdentityVersions
              + ")");
    }
    // Step 14: the PCK CRL applies to this leaf.
    if (!vc.pckCrl().getIssuerX500Principal().equals(chain.leaf.cert.getIssuerX500Principal())) {
      throw new ReplicatoorException(
          ErrorCode.COLLATERAL_MISMATCH,
          "PCK CRL issuer ("
              + ParsedCert.cn(vc.pckCrl().getIssuerX500Principal())
              + ") is not the PCK leaf issuer ("
              + ParsedCert.cn(chain.leaf.cert.getIssuerX500Principal())
              + ")");
    }
    if (!Arrays.equals(vc.pckCrlIssuer().key.getEncoded(), chain.ca.key.getEncoded())) {
      throw new ReplicatoorException(
          ErrorCode.CRL_INVALID, "PCK CRL issuer key differs from the quote's PCK CA key");
    }
    // Step 15: revocation.
    if (vc.rootCrl().getRevokedCertificate(chain.ca.cert.getSerialNumber()) != null) {
      throw new ReplicatoorException(
          ErrorCode.PCK_REVOKED,
          "PCK CA certificate serial "
              + chain.ca.cert.getSerialNumber().toString(16)
              + " is revoked by the root CA CRL");
    }
    if (vc.pckCrl().getRevokedCertificate(chain.leaf.cert.getSerialNumber()) != null) {
      throw new ReplicatoorException(
          ErrorCode.PCK_REVOKED,
          "PCK leaf certificate serial "
              + chain.leaf.cert.getSerialNumber().toString(16)
              + " is revoked by the PCK CRL");
    }
    // Time rules (section 5): every item at T, with its own code.
    Window w = new Window(skew);
    w.check("PCK leaf certificate", chain.leaf.notBefore, chain.leaf.notAfter, t);
    w.check("PCK CA certificate", chain.ca.notBefore, chain.ca.notAfter, t);
    w.check("root CA certificate", root.notBefore, root.notAfter, t);
    for (TimeItem i : vc.timeItems()) {
      w.check(i.what(), i.from(), i.to(), t);
    }
    // Steps G, H, I.
    quoteSignatures(quote, chain);
    // Step J.
    SgxReport qeReport = quote.signatureData().qeReport();
    TcbEvaluator.Graded qe = TcbEvaluator.qeIdentity(qeReport, qeId);
    // Steps K-N.
    TcbEvaluator.Evaluation eval =
        tdx
            ? TcbEvaluator.evaluateTdx(quote.body(), pck, info, qe)
            : TcbEvaluator.evaluateSgx(pck, info, qe);
    return new VerifiedQuote(
        quote,
        pck,
        kind,
        t,
        w.from,
        w.to,
        eval,
        info,
        qeId,
        vc.pckCrl().getThisUpdate().toInstant());
  }

  /**
   * The collateral-free checks only: parse, PCK chain to the pinned root (signatures, names, dates;
   * no CRLs), QE report signature, QE report data binding and quote signature. The result has no
   * TCB status.
   */
  public VerifiedQuote verifyWithoutCollateral(byte[] quote, Instant t)
      throws ReplicatoorException {
    return verifyWithoutCollateral(Quote.parse(quote), t);
  }

  /** As {@link #verifyWithoutCollateral(byte[], Instant)} for an already parsed quote. */
  public VerifiedQuote verifyWithoutCollateral(Quote quote, Instant t) throws ReplicatoorException {
    if (t == null) {
      throw new IllegalArgumentException("verification instant is required");
    }
    PckChain chain = pckChain(quote);
    Window w = new Window(skew);
    w.check("PCK leaf certificate", chain.leaf.notBefore, chain.leaf.notAfter, t);
    w.check("PCK CA certificate", chain.ca.notBefore, chain.ca.notAfter, t);
    w.check("root CA certificate", root.notBefore, root.notAfter, t);
    PckExtensions pck = pckExtensions(chain.leaf);
    quoteSignatures(quote, chain);
    return new VerifiedQuote(quote, pck, kind, t, w.from, w.to, null, null, null, null);
  }

  // ---- steps ------------------------------------------------------------------------------------

  private record PckChain(ParsedCert leaf, ParsedCert ca) {}

  /** Steps B (6) and D (11-13, signatures and names). */
  private PckChain pckChain(Quote quote) throws ReplicatoorException {
    List<Bytes> ders = quote.signatureData().pckCertificatesDer();
    if (ders.size() != 3) {
      throw new ReplicatoorException(
          ErrorCode.PCK_CHAIN_INVALID, "PCK chain must have 3 certificates");
    }
    if (!ders.get(2).equals(root.der)) {
      throw new ReplicatoorException(
          ErrorCode.TRUST_ANCHOR_MISMATCH,
          "PCK chain root is not byte-identical to the pinned " + kind.jsonName() + " root");
    }
    ParsedCert ca = cert(ders.get(1), ErrorCode.PCK_CHAIN_INVALID, "PCK CA certificate");
    ParsedCert leaf = cert(ders.get(0), ErrorCode.PCK_CHAIN_INVALID, "PCK leaf certificate");
    if (kind == TrustRootKind.INTEL) {
      if (!ca.subjectCn.equals(CN_PCK_PLATFORM_CA) && !ca.subjectCn.equals(CN_PCK_PROCESSOR_CA)) {
        throw new ReplicatoorException(
            ErrorCode.PCK_CHAIN_INVALID,
            "PCK CA certificate CN \""
                + ca.subjectCn
                + "\" is not an Intel PCK Platform/Processor CA");
      }
      if (!leaf.subjectCn.contains(CN_PCK_LEAF_PART)) {
        throw new ReplicatoorException(
            ErrorCode.PCK_CHAIN_INVALID,
            "PCK leaf CN \"" + leaf.subjectCn + "\" does not name an SGX PCK Certificate");
      }
    }
    if (leaf.cert.getBasicConstraints() >= 0) {
      throw new ReplicatoorException(ErrorCode.PCK_CHAIN_INVALID, "PCK leaf certificate is a CA");
    }
    ca.verifyIssuedBy(root, ErrorCode.PCK_CHAIN_INVALID, "PCK CA certificate");
    leaf.verifyIssuedBy(ca, ErrorCode.PCK_CHAIN_INVALID, "PCK leaf certificate");
    return new PckChain(leaf, ca);
  }

  private PckExtensions pckExtensions(ParsedCert leaf) throws ReplicatoorException {
    PckExtensions e = leaf.pckExtensions;
    if (e == null) {
      e = PckExtensions.parse(leaf.cert);
      leaf.pckExtensions = e;
    }
    return e;
  }

  /** Steps G (24-25), H (26), I (27-28). */
  private void quoteSignatures(Quote quote, PckChain chain) throws ReplicatoorException {
    QuoteSignatureData sd = quote.signatureData();
    // Step 24: the attestation key must be a point on P-256.
    byte[] attKey = sd.attestationKey().toByteArray();
    var key = attestationKeys.get(sd.attestationKey());
    if (key == null) {
      key = Ecdsa.rawKey(attKey, "attestation key");
      attestationKeys.put(sd.attestationKey(), key);
    }
    // Step 25: quote signature over exactly [0, signed_len).
    byte[] signed = quote.signedRegion().toByteArray();
    if (!Ecdsa.verify(key, signed, 0, signed.length, sd.quoteSignature().toByteArray())) {
      throw new ReplicatoorException(
          ErrorCode.QUOTE_SIGNATURE_INVALID,
          "quote signature over bytes [0, "
              + signed.length
              + ") does not verify with the attestation key");
    }
    // Step 26: QE report signed by the PCK leaf. The triple (report, signature, leaf) is the same
    // for every quote of one quoting enclave, so a verified triple is remembered (by content).
    List<Bytes> qeKey = List.of(sd.qeReportBytes(), sd.qeReportSignature(), chain.leaf.der);
    if (verifiedQeReports.get(qeKey) == null) {
      byte[] qeReport = sd.qeReportBytes().toByteArray();
      if (!Ecdsa.verify(
          chain.leaf.key, qeReport, 0, qeReport.length, sd.qeReportSignature().toByteArray())) {
        throw new ReplicatoorException(
            ErrorCode.QE_REPORT_SIGNATURE_INVALID,
            "QE report signature does not verify with the PCK leaf key");
      }
      verifiedQeReports.put(qeKey, Boolean.TRUE);
    }
    // Step 27-28: REPORTDATA = SHA-256(attestation key || auth data) || 32 zero bytes.
    byte[] expected = new byte[64];
    byte[] digest = RequiredAlgorithms.digest("SHA-256", attKey, sd.qeAuthData().toByteArray());
    System.arraycopy(digest, 0, expected, 0, 32);
    if (!sd.qeReport().reportData().contentEquals(expected)) {
      throw new ReplicatoorException(
          ErrorCode.QE_REPORT_DATA_MISMATCH,
          "QE report data is not SHA-256(attestation key || QE auth data) || 32 zero bytes");
    }
  }

  private ParsedCert cert(Bytes der, ErrorCode code, String what) throws ReplicatoorException {
    ParsedCert c = certs.get(der);
    if (c == null) {
      c = ParsedCert.decode(der, code, what);
      certs.put(der, c);
    }
    return c;
  }

  // ---- collateral (cached) ----------------------------------------------------------------------

  /** A validity interval of one collateral item. */
  record TimeItem(String what, Instant from, Instant to) {}

  /** Collateral whose signatures, chains and contents verified (time is checked per call). */
  record VerifiedCollateral(
      X509CRL rootCrl,
      X509CRL pckCrl,
      ParsedCert pckCrlIssuer,
      TcbInfo tcbInfo,
      EnclaveIdentity qeIdentity,
      List<TimeItem> timeItems) {
    VerifiedCollateral {
      timeItems = List.copyOf(timeItems);
    }
  }

  private VerifiedCollateral verifiedCollateral(Collateral c) throws ReplicatoorException {
    Bytes key = c.contentHash();
    VerifiedCollateral vc = collateralCache.get(key);
    if (vc == null) {
      vc = verifyCollateral(c);
      collateralCache.put(key, vc);
    }
    return vc;
  }

  private VerifiedCollateral verifyCollateral(Collateral c) throws ReplicatoorException {
    List<TimeItem> times = new ArrayList<>();
    // Step C (7-10): root CA CRL.
    X509CRL rootCrl = crl(c.rootCaCrl(), "root CA CRL");
    checkCrl(rootCrl, root, "root CA CRL");
    times.add(
        new TimeItem(
            "root CA CRL",
            rootCrl.getThisUpdate().toInstant(),
            rootCrl.getNextUpdate().toInstant()));
    if (rootCrl.getRevokedCertificate(root.cert.getSerialNumber()) != null) {
      throw new ReplicatoorException(
          ErrorCode.TRUST_ANCHOR_MISMATCH, "the pinned root is listed in the root CA CRL");
    }
    // Step 14: PCK CRL and its issuer chain.
    ParsedCert pckCa =
        issuerChain(c.pckCrlIssuerChain(), ErrorCode.CRL_INVALID, "PCK CRL issuer chain", true);
    if (rootCrl.getRevokedCertificate(pckCa.cert.getSerialNumber()) != null) {
      throw new ReplicatoorException(
          ErrorCode.PCK_REVOKED, "PCK CRL issuer certificate is revoked by the root CA CRL");
    }
    times.add(new TimeItem("PCK CRL issuer certificate", pckCa.notBefore, pckCa.notAfter));
    X509CRL pckCrl = crl(c.pckCrl(), "PCK CRL");
    checkCrl(pckCrl, pckCa, "PCK CRL");
    times.add(
        new TimeItem(
            "PCK CRL", pckCrl.getThisUpdate().toInstant(), pckCrl.getNextUpdate().toInstant()));
    // Step E (17-18): TCB info chain and raw-byte signature, then parse.
    TcbInfo info =
        CollateralDocuments.parseTcbInfo(
            signedBody(
                c.tcbInfoIssuerChain(),
                c.tcbInfo(),
                c.tcbInfoSignature(),
                TCB_INFO,
                rootCrl,
                times));
    times.add(new TimeItem("TCB info", info.issueDate(), info.nextUpdate()));
    // Step F (22): QE identity.
    EnclaveIdentity qe =
        CollateralDocuments.parseEnclaveIdentity(
            signedBody(
                c.qeIdentityIssuerChain(),
                c.qeIdentity(),
                c.qeIdentitySignature(),
                QE_IDENTITY,
                rootCrl,
                times));
    times.add(new TimeItem("QE identity", qe.issueDate(), qe.nextUpdate()));
    return new VerifiedCollateral(rootCrl, pckCrl, pckCa, info, qe, times);
  }

  /**
   * The names a signed collateral document's checks report.
   *
   * @param document the document, for the issuer chain, signature and time-item messages
   * @param signer its signing certificate, for the revocation message
   * @param member the JSON member whose exact raw bytes are signed
   */
  private record SignedDocument(String document, String signer, String member) {}

  private static final SignedDocument TCB_INFO =
      new SignedDocument("TCB info", "TCB Signing certificate", "tcbInfo");
  private static final SignedDocument QE_IDENTITY =
      new SignedDocument("QE identity", "QE identity signing certificate", "enclaveIdentity");

  /**
   * Steps 17-18 (TCB info) and 22 (QE identity): the document's issuer chain [signer, pinned root],
   * its signer not revoked by the root CA CRL, and its signature over the exact raw bytes {@code
   * body}; returns those bytes, to be parsed. Adds the signer's validity to {@code times}.
   *
   * @throws ReplicatoorException {@code COLLATERAL_SIGNATURE_INVALID} (or {@code
   *     TRUST_ANCHOR_MISMATCH} from the chain) when any check fails
   */
  private byte[] signedBody(
      Bytes issuerChainPem,
      Bytes body,
      Bytes signature,
      SignedDocument names,
      X509CRL rootCrl,
      List<TimeItem> times)
      throws ReplicatoorException {
    ParsedCert signer =
        issuerChain(
            issuerChainPem,
            ErrorCode.COLLATERAL_SIGNATURE_INVALID,
            names.document() + " issuer chain",
            false);
    if (rootCrl.getRevokedCertificate(signer.cert.getSerialNumber()) != null) {
      throw new ReplicatoorException(
          ErrorCode.COLLATERAL_SIGNATURE_INVALID,
          names.signer() + " is revoked by the root CA CRL");
    }
    times.add(
        new TimeItem(names.document() + " signing certificate", signer.notBefore, signer.notAfter));
    byte[] raw = body.toByteArray();
    if (!Ecdsa.verify(signer.key, raw, 0, raw.length, signature.toByteArray())) {
      throw new ReplicatoorException(
          ErrorCode.COLLATERAL_SIGNATURE_INVALID,
          names.document()
              + " signature does not verify over the raw "
              + names.member()
              + " bytes");
    }
    return raw;
  }

  /**
   * Steps 19/23: the TCB info's {@code field} equals the PCK certificate's.
   *
   * @throws ReplicatoorException {@code COLLATERAL_MISMATCH} when it does not
   */
  private static void requireSameAsPck(String field, ImmutableBytes tcbInfo, ImmutableBytes pck)
      throws ReplicatoorException {
    if (!tcbInfo.equals(pck)) {
      throw new ReplicatoorException(
          ErrorCode.COLLATERAL_MISMATCH,
          String.format(
              "TCB info %s %s does not match the PCK %s %s",
              field, tcbInfo.toHex(), field, pck.toHex()));
    }
  }

  /** A two-certificate issuer chain [signer, pinned root]; returns the verified signer. */
  private ParsedCert issuerChain(Bytes pem, ErrorCode code, String what, boolean signerIsPckCa)
      throws ReplicatoorException {
    List<Bytes> ders;
    try {
      ders = PemChain.split(pem.toByteArray(), true);
    } catch (IllegalArgumentException e) {
      throw new ReplicatoorException(code, what + " is not a clean PEM chain: " + e.getMessage());
    }
    if (ders.size() != 2) {
      throw new ReplicatoorException(
          code, what + " has " + ders.size() + " certificates; exactly 2 are required");
    }
    if (!ders.get(1).equals(root.der)) {
      throw new ReplicatoorException(
          ErrorCode.TRUST_ANCHOR_MISMATCH,
          what + " root is not byte-identical to the pinned " + kind.jsonName() + " root");
    }
    ParsedCert signer = cert(ders.get(0), code, what + " signer certificate");
    if (kind == TrustRootKind.INTEL) {
      boolean nameOk =
          signerIsPckCa
              ? signer.subjectCn.equals(CN_PCK_PLATFORM_CA)
                  || signer.subjectCn.equals(CN_PCK_PROCESSOR_CA)
              : signer.subjectCn.equals(CN_TCB_SIGNING);
      if (!nameOk) {
        throw new ReplicatoorException(
            code, what + " signer CN \"" + signer.subjectCn + "\" is not the expected Intel name");
      }
    }
    if (!signerIsPckCa && signer.cert.getBasicConstraints() >= 0) {
      throw new ReplicatoorException(code, what + " signer must not be a CA");
    }
    signer.verifyIssuedBy(root, code, what + " signer certificate");
    return signer;
  }

  private static X509CRL crl(Bytes der, String what) throws ReplicatoorException {
    byte[] bytes = der.toByteArray();
    try {
      // As for certificates: no data after the CRL, no padding bits in its signature (issue 12).
      SignedDer.check(bytes);
    } catch (IllegalArgumentException e) {
      throw new ReplicatoorException(
          ErrorCode.CRL_INVALID, what + " is not one strict DER CRL: " + e.getMessage());
    }
    try {
      // generateCRLs (plural) always parses; the singular form may return the JDK's cached
      // instance for a known encoding, with its verify() result cached (spec 9.11).
      var all =
          CertificateFactory.getInstance("X.509").generateCRLs(new ByteArrayInputStream(bytes));
      if (all.size() != 1
          || !(all.iterator().next() instanceof X509CRL x)
          || !Arrays.equals(x.getEncoded(), bytes)) {
        throw new ReplicatoorException(
            ErrorCode.CRL_INVALID, what + " is not exactly one DER X.509 CRL");
      }
      return x;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new ReplicatoorException(ErrorCode.CRL_INVALID, what + " is not a valid DER X.509 CRL");
    }
  }

  /** Steps 7-8 / 14: issuer, signature, required extensions, nextUpdate present. */
  private static void checkCrl(X509CRL crl, ParsedCert issuer, String what)
      throws ReplicatoorException {
    if (!crl.getIssuerX500Principal().equals(issuer.cert.getSubjectX500Principal())) {
      throw new ReplicatoorException(
          ErrorCode.CRL_INVALID, what + " issuer is not " + issuer.subjectCn);
    }
    if (!ParsedCert.ECDSA_WITH_SHA256.equals(crl.getSigAlgOID())) {
      throw new ReplicatoorException(
          ErrorCode.CRL_INVALID, what + " is not signed with ecdsa-with-SHA256");
    }
    // Explicit ECDSA over the TBS bytes, recomputed every time (X509CRL.verify caches its result).
    byte[] tbs;
    try {
      tbs = crl.getTBSCertList();
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new ReplicatoorException(
          ErrorCode.CRL_INVALID, what + " has no encodable to-be-signed part");
    }
    if (!Ecdsa.verifyDer(issuer.key, tbs, crl.getSignature())) {
      throw new ReplicatoorException(ErrorCode.CRL_INVALID, what + " signature does not verify");
    }
    for (String oid : List.of(OID_CRL_NUMBER, OID_AUTHORITY_KEY_ID)) {
      if (crl.getExtensionValue(oid) == null) {
        throw new ReplicatoorException(
            ErrorCode.CRL_INVALID, what + " lacks required extension " + oid);
      }
    }
    if (crl.getNextUpdate() == null) {
      throw new ReplicatoorException(ErrorCode.CRL_INVALID, what + " has no nextUpdate");
    }
  }

  /** Section 5: per-item time checks and the running validity window. */
  private static final class Window {
    final Duration skew;
    Instant from = Instant.MIN;
    Instant to = Instant.MAX;

    Window(Duration skew) {
      this.skew = skew;
    }

    void check(String what, Instant notBefore, Instant notAfter, Instant t)
        throws ReplicatoorException {
      if (t.isAfter(notAfter)) {
        throw new ReplicatoorException(
            ErrorCode.COLLATERAL_EXPIRED,
            what + " expired at " + notAfter + " (verification time " + t + ")");
      }
      if (t.isBefore(notBefore.minus(skew))) {
        throw new ReplicatoorException(
            ErrorCode.COLLATERAL_NOT_YET_VALID,
            what + " is not valid before " + notBefore + " (verification time " + t + ")");
      }
      if (notBefore.isAfter(from)) {
        from = notBefore;
      }
      if (notAfter.isBefore(to)) {
        to = notAfter;
      }
    }
  }
}
