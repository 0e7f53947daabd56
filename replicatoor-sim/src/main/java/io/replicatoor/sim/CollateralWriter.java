package io.replicatoor.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Writes collateral for the simulated platform, signed by the development PKI, in the file layout
 * and formats of Intel's PCS responses and of dcap-qvl's {@code collateral.json}
 * (tdx-quote-verification.md sections 3.3-3.6, 11.1).
 *
 * <p>Files: {@code tcb_info_response.json}, {@code qe_identity_response.json}, {@code
 * tcb_info_issuer_chain.pem}, {@code qe_identity_issuer_chain.pem}, {@code
 * pck_crl_issuer_chain.pem}, {@code pck_crl.der}, {@code root_ca_crl.der}, {@code collateral.json}.
 * The TCB info rates the simulated platform, QE and TDX module UpToDate.
 */
public final class CollateralWriter {
  /** Validity of TCB info, QE identity and PCK CRL, as Intel's (30 days, section 3.1). */
  public static final Duration VALIDITY = Duration.ofDays(30);

  /** Validity of the Root CA CRL (about one year, section 3.5). */
  public static final Duration ROOT_CRL_VALIDITY = Duration.ofDays(365);

  /** Issue dates are back-dated by this much so that a verifier's clock slightly behind passes. */
  public static final Duration BACKDATE = Duration.ofHours(1);

  /** tcbEvaluationDataNumber written into both documents. */
  static final int TCB_EVALUATION_DATA_NUMBER = 17;

  /** TCB date of the UpToDate levels. */
  static final String TCB_DATE = "2024-03-13T00:00:00Z";

  static final String TCB_INFO_RESPONSE = "tcb_info_response.json";
  static final String QE_IDENTITY_RESPONSE = "qe_identity_response.json";
  static final String TCB_INFO_ISSUER_CHAIN = "tcb_info_issuer_chain.pem";
  static final String QE_IDENTITY_ISSUER_CHAIN = "qe_identity_issuer_chain.pem";
  static final String PCK_CRL_ISSUER_CHAIN = "pck_crl_issuer_chain.pem";
  static final String PCK_CRL = "pck_crl.der";
  static final String ROOT_CA_CRL = "root_ca_crl.der";
  static final String COLLATERAL_JSON = "collateral.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();
  private static final HexFormat HEX_UPPER = HexFormat.of().withUpperCase();

  private CollateralWriter() {}

  /** What was written: the folder and the window in which every item is valid. */
  public record Written(Path directory, Instant validFrom, Instant validUntil) {}

  /**
   * Writes (or overwrites) the collateral files in {@code dir}, valid from {@code now - 1 h} for 30
   * days (the Root CA CRL for a year; certificates as generated); {@code rng} gives the ECDSA
   * nonces of the TCB info and QE identity signatures.
   */
  public static Written write(DevPki pki, Path dir, Instant now, SecureRandom rng)
      throws IOException, GeneralSecurityException {
    Instant issue = now.truncatedTo(ChronoUnit.SECONDS).minus(BACKDATE);
    Instant next = issue.plus(VALIDITY);
    long crlNumber = issue.getEpochSecond();
    Files.createDirectories(dir);

    String tcbInfo = tcbInfoJson(issue, next);
    String tcbSig = HEX.formatHex(sign(pki.tcbSigningKey(), tcbInfo, rng));
    String qeIdentity = qeIdentityJson(issue, next);
    String qeSig = HEX.formatHex(sign(pki.tcbSigningKey(), qeIdentity, rng));
    String signingChain = DevPki.pem(pki.tcbSigningCertificate(), pki.rootCertificate());
    String pckCrlChain = DevPki.pem(pki.pckPlatformCaCertificate(), pki.rootCertificate());
    X509CRL pckCrl = pki.pckCrl(issue, next, crlNumber);
    X509CRL rootCrl = pki.rootCrl(issue, issue.plus(ROOT_CRL_VALIDITY), crlNumber);

    // PCS response bodies: the signed value bytes are embedded unchanged (section 3.8).
    write(
        dir.resolve(TCB_INFO_RESPONSE),
        ("{\"tcbInfo\":" + tcbInfo + ",\"signature\":\"" + tcbSig + "\"}")
            .getBytes(StandardCharsets.UTF_8));
    write(
        dir.resolve(QE_IDENTITY_RESPONSE),
        ("{\"enclaveIdentity\":" + qeIdentity + ",\"signature\":\"" + qeSig + "\"}")
            .getBytes(StandardCharsets.UTF_8));
    write(dir.resolve(TCB_INFO_ISSUER_CHAIN), signingChain.getBytes(StandardCharsets.US_ASCII));
    write(dir.resolve(QE_IDENTITY_ISSUER_CHAIN), signingChain.getBytes(StandardCharsets.US_ASCII));
    write(dir.resolve(PCK_CRL_ISSUER_CHAIN), pckCrlChain.getBytes(StandardCharsets.US_ASCII));
    write(dir.resolve(PCK_CRL), pckCrl.getEncoded());
    write(dir.resolve(ROOT_CA_CRL), rootCrl.getEncoded());

    // dcap-qvl QuoteCollateralV3 JSON (section 3.6): byte fields as lowercase hex.
    ObjectNode c = JSON.createObjectNode();
    c.put("pck_crl_issuer_chain", pckCrlChain);
    c.put("root_ca_crl", HEX.formatHex(rootCrl.getEncoded()));
    c.put("pck_crl", HEX.formatHex(pckCrl.getEncoded()));
    c.put("tcb_info_issuer_chain", signingChain);
    c.put("tcb_info", tcbInfo);
    c.put("tcb_info_signature", tcbSig);
    c.put("qe_identity_issuer_chain", signingChain);
    c.put("qe_identity", qeIdentity);
    c.put("qe_identity_signature", qeSig);
    write(dir.resolve(COLLATERAL_JSON), JSON.writeValueAsBytes(c));

    Instant validUntil = next;
    for (var cert :
        new X509Certificate[] {
          pki.pckCertificate(),
          pki.pckPlatformCaCertificate(),
          pki.rootCertificate(),
          pki.tcbSigningCertificate()
        }) {
      Instant na = cert.getNotAfter().toInstant();
      if (na.isBefore(validUntil)) {
        validUntil = na;
      }
    }
    return new Written(dir, issue, validUntil);
  }

  /** The {@code tcbInfo} value (compact JSON, Intel member order). */
  static String tcbInfoJson(Instant issue, Instant next) throws JsonProcessingException {
    ObjectNode t = signedDocument("TDX", 3, issue, next);
    t.put("fmspc", HEX_UPPER.formatHex(DevPlatform.FMSPC));
    t.put("pceId", HEX_UPPER.formatHex(DevPlatform.PCE_ID));
    t.put("tcbType", 0);
    t.put("tcbEvaluationDataNumber", TCB_EVALUATION_DATA_NUMBER);
    String zeroSigner = "0".repeat(96);
    ObjectNode module = t.putObject("tdxModule");
    module.put("mrsigner", zeroSigner);
    module.put("attributes", "0000000000000000");
    module.put("attributesMask", "FFFFFFFFFFFFFFFF");
    ArrayNode ids = t.putArray("tdxModuleIdentities");
    int moduleVersion = Byte.toUnsignedInt(DevPlatform.TEE_TCB_SVN[1]);
    int moduleSvn = Byte.toUnsignedInt(DevPlatform.TEE_TCB_SVN[0]);
    ObjectNode id = ids.addObject();
    id.put("id", String.format(Locale.ROOT, "TDX_%02X", moduleVersion));
    id.put("mrsigner", zeroSigner);
    id.put("attributes", "0000000000000000");
    id.put("attributesMask", "FFFFFFFFFFFFFFFF");
    ArrayNode moduleLevels = id.putArray("tcbLevels");
    moduleLevel(moduleLevels, moduleSvn, TCB_DATE, "UpToDate");
    moduleLevel(moduleLevels, Math.max(0, moduleSvn - 2), "2023-08-09T00:00:00Z", "OutOfDate");

    ArrayNode levels = t.putArray("tcbLevels");
    // Level 1: exactly the simulated platform -> UpToDate.
    int[] tdx = new int[16];
    for (int i = 0; i < 16; i++) {
      tdx[i] = Byte.toUnsignedInt(DevPlatform.TEE_TCB_SVN[i]);
    }
    platformLevel(
        levels,
        DevPlatform.SGX_TCB_COMPONENTS,
        DevPlatform.PCESVN,
        tdx,
        TCB_DATE,
        "UpToDate",
        null);
    // Level 2: an older platform (lower PCESVN) -> OutOfDate, for realism.
    platformLevel(
        levels,
        DevPlatform.SGX_TCB_COMPONENTS,
        Math.max(0, DevPlatform.PCESVN - 6),
        tdx,
        "2018-01-04T00:00:00Z",
        "OutOfDate",
        "DEV-SA-00001");
    return JSON.writeValueAsString(t);
  }

  private static void moduleLevel(ArrayNode levels, int isvsvn, String date, String status) {
    ObjectNode l = levels.addObject();
    l.putObject("tcb").put("isvsvn", isvsvn);
    l.put("tcbDate", date);
    l.put("tcbStatus", status);
  }

  private static void platformLevel(
      ArrayNode levels,
      int[] sgx,
      int pcesvn,
      int[] tdx,
      String date,
      String status,
      String advisory) {
    ObjectNode l = levels.addObject();
    ObjectNode tcb = l.putObject("tcb");
    ArrayNode s = tcb.putArray("sgxtcbcomponents");
    for (int v : sgx) {
      s.addObject().put("svn", v);
    }
    tcb.put("pcesvn", pcesvn);
    ArrayNode t = tcb.putArray("tdxtcbcomponents");
    for (int v : tdx) {
      t.addObject().put("svn", v);
    }
    l.put("tcbDate", date);
    l.put("tcbStatus", status);
    if (advisory != null) {
      l.putArray("advisoryIDs").add(advisory);
    }
  }

  /** The {@code enclaveIdentity} value: TD_QE version 2 (section 3.4). */
  static String qeIdentityJson(Instant issue, Instant next) throws JsonProcessingException {
    ObjectNode q = signedDocument("TD_QE", 2, issue, next);
    q.put("tcbEvaluationDataNumber", TCB_EVALUATION_DATA_NUMBER);
    q.put("miscselect", "00000000");
    q.put("miscselectMask", "FFFFFFFF");
    q.put("attributes", "11000000000000000000000000000000");
    q.put("attributesMask", "FBFFFFFFFFFFFFFF0000000000000000");
    q.put("mrsigner", HEX_UPPER.formatHex(DevPlatform.QE_MRSIGNER));
    q.put("isvprodid", DevPlatform.QE_ISVPRODID);
    ObjectNode l = q.putArray("tcbLevels").addObject();
    l.putObject("tcb").put("isvsvn", DevPlatform.QE_ISVSVN);
    l.put("tcbDate", TCB_DATE);
    l.put("tcbStatus", "UpToDate");
    return JSON.writeValueAsString(q);
  }

  /** The members a signed collateral document starts with: id, version, issue and next update. */
  private static ObjectNode signedDocument(String id, int version, Instant issue, Instant next) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    o.put("version", version);
    o.put("issueDate", issue.toString());
    o.put("nextUpdate", next.toString());
    return o;
  }

  /** Raw 64-byte {@code r || s} ECDSA-P256-SHA256 signature over the UTF-8 text. */
  private static byte[] sign(PrivateKey key, String text, SecureRandom rng)
      throws GeneralSecurityException {
    return QuoteSigner.signP1363(key, text.getBytes(StandardCharsets.UTF_8), rng);
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
