package io.replicatoor.attest.collateral;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.crypto.RequiredAlgorithms;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Intel DCAP collateral for one quote (section 3.1), immutable and unverified: issuer chains as
 * PEM, CRLs as DER, and the TCB info and QE identity as the <b>exact signed bytes</b> with their
 * 64-byte signatures. Verification is {@code QuoteVerifier}'s job.
 */
public final class Collateral {
  /** PCS folder file names (the format the collateral fetcher writes). */
  public static final String FILE_TCB_INFO = "tcb_info_response.json";

  public static final String FILE_QE_IDENTITY = "qe_identity_response.json";
  public static final String FILE_TCB_INFO_CHAIN = "tcb_info_issuer_chain.pem";
  public static final String FILE_QE_IDENTITY_CHAIN = "qe_identity_issuer_chain.pem";
  public static final String FILE_PCK_CRL_CHAIN = "pck_crl_issuer_chain.pem";
  public static final String FILE_PCK_CRL = "pck_crl.der";
  public static final String FILE_ROOT_CA_CRL = "root_ca_crl.der";

  /** Optional: a PCK chain to use instead of the quote's (certification data types 2/3). */
  public static final String FILE_PCK_CHAIN = "pck_certificate_chain.pem";

  private static final Set<String> DCAP_QVL_FIELDS =
      Set.of(
          "pck_crl_issuer_chain",
          "root_ca_crl",
          "pck_crl",
          "tcb_info_issuer_chain",
          "tcb_info",
          "tcb_info_signature",
          "qe_identity_issuer_chain",
          "qe_identity",
          "qe_identity_signature",
          "pck_certificate_chain");

  private final Bytes pckCrlIssuerChain;
  private final Bytes rootCaCrl;
  private final Bytes pckCrl;
  private final Bytes tcbInfoIssuerChain;
  private final Bytes tcbInfo;
  private final Bytes tcbInfoSignature;
  private final Bytes qeIdentityIssuerChain;
  private final Bytes qeIdentity;
  private final Bytes qeIdentitySignature;
  private final Optional<Bytes> pckCertificateChain;
  private final Bytes contentHash;

  /**
   * Builds collateral from its parts.
   *
   * @param tcbInfo the exact signed bytes of the {@code tcbInfo} value
   * @param qeIdentity the exact signed bytes of the {@code enclaveIdentity} value
   * @throws ReplicatoorException {@code COLLATERAL_MISSING} for an empty part, {@code
   *     COLLATERAL_MALFORMED} for a signature that is not 64 bytes
   */
  public Collateral(
      Bytes pckCrlIssuerChain,
      Bytes rootCaCrl,
      Bytes pckCrl,
      Bytes tcbInfoIssuerChain,
      Bytes tcbInfo,
      Bytes tcbInfoSignature,
      Bytes qeIdentityIssuerChain,
      Bytes qeIdentity,
      Bytes qeIdentitySignature,
      Optional<Bytes> pckCertificateChain)
      throws ReplicatoorException {
    required(pckCrlIssuerChain, "pck_crl_issuer_chain");
    required(rootCaCrl, "root_ca_crl");
    required(pckCrl, "pck_crl");
    required(tcbInfoIssuerChain, "tcb_info_issuer_chain");
    required(tcbInfo, "tcb_info");
    required(qeIdentityIssuerChain, "qe_identity_issuer_chain");
    required(qeIdentity, "qe_identity");
    sig64(tcbInfoSignature, "tcb_info_signature");
    sig64(qeIdentitySignature, "qe_identity_signature");
    this.pckCrlIssuerChain = pckCrlIssuerChain;
    this.rootCaCrl = rootCaCrl;
    this.pckCrl = pckCrl;
    this.tcbInfoIssuerChain = tcbInfoIssuerChain;
    this.tcbInfo = tcbInfo;
    this.tcbInfoSignature = tcbInfoSignature;
    this.qeIdentityIssuerChain = qeIdentityIssuerChain;
    this.qeIdentity = qeIdentity;
    this.qeIdentitySignature = qeIdentitySignature;
    this.pckCertificateChain = pckCertificateChain;
    this.contentHash = hash();
  }

  /**
   * Loads a dcap-qvl {@code collateral.json} file, or a directory of PCS responses.
   *
   * @throws IOException if the path cannot be read
   * @throws ReplicatoorException {@code COLLATERAL_MISSING} / {@code COLLATERAL_MALFORMED}
   */
  public static Collateral load(Path path) throws IOException, ReplicatoorException {
    if (Files.isDirectory(path)) {
      return fromPcsDirectory(path);
    }
    long size = Files.size(path);
    if (size > CollateralJson.MAX_DOCUMENT_BYTES) {
      throw malformed(path + " is larger than " + CollateralJson.MAX_DOCUMENT_BYTES + " bytes");
    }
    return fromDcapQvlJson(Files.readAllBytes(path));
  }

  /**
   * Parses dcap-qvl's {@code QuoteCollateralV3} JSON (section 3.6): byte fields are hex strings,
   * {@code tcb_info}/{@code qe_identity} are the signed JSON texts (their UTF-8 bytes are signed).
   */
  public static Collateral fromDcapQvlJson(byte[] json) throws ReplicatoorException {
    JsonNode root;
    try {
      root = CollateralJson.parser().read(json);
    } catch (IOException e) {
      throw malformed(
          "collateral JSON does not parse: "
              + (e instanceof JsonProcessingException j
                  ? j.getOriginalMessage()
                  : e.getClass().getSimpleName()));
    }
    if (!(root instanceof ObjectNode obj)) {
      throw malformed("collateral JSON is not an object");
    }
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!DCAP_QVL_FIELDS.contains(f)) {
        throw malformed("collateral JSON has unknown field \"" + f + "\"");
      }
    }
    Optional<Bytes> pckChain = Optional.empty();
    if (obj.has("pck_certificate_chain") && !obj.get("pck_certificate_chain").isNull()) {
      pckChain = Optional.of(utf8(text(obj, "pck_certificate_chain")));
    }
    return new Collateral(
        utf8(text(obj, "pck_crl_issuer_chain")),
        crlBytes(hexField(obj, "root_ca_crl"), "root_ca_crl"),
        crlBytes(hexField(obj, "pck_crl"), "pck_crl"),
        utf8(text(obj, "tcb_info_issuer_chain")),
        utf8(text(obj, "tcb_info")),
        hexField(obj, "tcb_info_signature"),
        utf8(text(obj, "qe_identity_issuer_chain")),
        utf8(text(obj, "qe_identity")),
        hexField(obj, "qe_identity_signature"),
        pckChain);
  }

  /**
   * Reads a folder of Intel PCS/PCCS responses using the file names above. The signed JSON bytes
   * are taken from the raw responses (section 3.8); CRLs may be DER, PEM or hex text (PCCS serves
   * the root CA CRL as hex); issuer chains may be PEM or URL-encoded PEM (the raw header value).
   */
  public static Collateral fromPcsDirectory(Path dir) throws IOException, ReplicatoorException {
    SignedJson tcb = SignedJson.extract(read(dir, FILE_TCB_INFO), "tcbInfo");
    SignedJson qe = SignedJson.extract(read(dir, FILE_QE_IDENTITY), "enclaveIdentity");
    Optional<Bytes> pckChain = Optional.empty();
    if (Files.exists(dir.resolve(FILE_PCK_CHAIN))) {
      pckChain = Optional.of(pem(read(dir, FILE_PCK_CHAIN)));
    }
    return new Collateral(
        pem(read(dir, FILE_PCK_CRL_CHAIN)),
        crlBytes(Bytes.of(read(dir, FILE_ROOT_CA_CRL)), FILE_ROOT_CA_CRL),
        crlBytes(Bytes.of(read(dir, FILE_PCK_CRL)), FILE_PCK_CRL),
        pem(read(dir, FILE_TCB_INFO_CHAIN)),
        tcb.body(),
        tcb.signature(),
        pem(read(dir, FILE_QE_IDENTITY_CHAIN)),
        qe.body(),
        qe.signature(),
        pckChain);
  }

  /** Writes this collateral as a dcap-qvl {@code collateral.json} document (UTF-8). */
  public byte[] toDcapQvlJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    HexFormat h = HexFormat.of();
    n.put("pck_crl_issuer_chain", str(pckCrlIssuerChain));
    n.put("root_ca_crl", h.formatHex(rootCaCrl.toByteArray()));
    n.put("pck_crl", h.formatHex(pckCrl.toByteArray()));
    n.put("tcb_info_issuer_chain", str(tcbInfoIssuerChain));
    n.put("tcb_info", str(tcbInfo));
    n.put("tcb_info_signature", h.formatHex(tcbInfoSignature.toByteArray()));
    n.put("qe_identity_issuer_chain", str(qeIdentityIssuerChain));
    n.put("qe_identity", str(qeIdentity));
    n.put("qe_identity_signature", h.formatHex(qeIdentitySignature.toByteArray()));
    pckCertificateChain.ifPresent(c -> n.put("pck_certificate_chain", str(c)));
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String str(Bytes b) {
    return new String(b.toByteArray(), StandardCharsets.UTF_8);
  }

  public Bytes pckCrlIssuerChain() {
    return pckCrlIssuerChain;
  }

  /** Root CA CRL (DER). */
  public Bytes rootCaCrl() {
    return rootCaCrl;
  }

  /** PCK CRL (DER). */
  public Bytes pckCrl() {
    return pckCrl;
  }

  public Bytes tcbInfoIssuerChain() {
    return tcbInfoIssuerChain;
  }

  /** The exact signed bytes of the {@code tcbInfo} value. */
  public Bytes tcbInfo() {
    return tcbInfo;
  }

  public Bytes tcbInfoSignature() {
    return tcbInfoSignature;
  }

  public Bytes qeIdentityIssuerChain() {
    return qeIdentityIssuerChain;
  }

  /** The exact signed bytes of the {@code enclaveIdentity} value. */
  public Bytes qeIdentity() {
    return qeIdentity;
  }

  public Bytes qeIdentitySignature() {
    return qeIdentitySignature;
  }

  public Optional<Bytes> pckCertificateChain() {
    return pckCertificateChain;
  }

  /** SHA-256 over every part (length-prefixed), the key of verified-collateral caches. */
  public Bytes contentHash() {
    return contentHash;
  }

  private Bytes hash() {
    MessageDigest md = RequiredAlgorithms.messageDigest("SHA-256");
    for (Bytes b :
        new Bytes[] {
          pckCrlIssuerChain,
          rootCaCrl,
          pckCrl,
          tcbInfoIssuerChain,
          tcbInfo,
          tcbInfoSignature,
          qeIdentityIssuerChain,
          qeIdentity,
          qeIdentitySignature,
          pckCertificateChain.orElse(Bytes.of(new byte[0]))
        }) {
      md.update(ByteBuffer.allocate(4).putInt(b.length()).array());
      md.update(b.toByteArray());
    }
    md.update((byte) (pckCertificateChain.isPresent() ? 1 : 0));
    return Bytes.of(md.digest());
  }

  @Override
  public String toString() {
    return "Collateral[sha256=" + contentHash.toHex() + "]";
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static void required(Bytes b, String name) throws ReplicatoorException {
    if (b == null || b.length() == 0) {
      throw new ReplicatoorException(
          ErrorCode.COLLATERAL_MISSING, "collateral item " + name + " is missing");
    }
  }

  private static void sig64(Bytes b, String name) throws ReplicatoorException {
    required(b, name);
    if (b.length() != 64) {
      throw malformed(name + " must be 64 bytes (r || s), got " + b.length());
    }
  }

  static ReplicatoorException malformed(String msg) {
    return new ReplicatoorException(ErrorCode.COLLATERAL_MALFORMED, msg);
  }

  private static byte[] read(Path dir, String name) throws IOException, ReplicatoorException {
    Path p = dir.resolve(name);
    try {
      if (Files.size(p) > CollateralJson.MAX_DOCUMENT_BYTES) {
        throw malformed(name + " is larger than " + CollateralJson.MAX_DOCUMENT_BYTES + " bytes");
      }
      return Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw new ReplicatoorException(
          ErrorCode.COLLATERAL_MISSING, "collateral file " + name + " is missing in " + dir);
    }
  }

  private static JsonNode field(ObjectNode o, String name) throws ReplicatoorException {
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) {
      throw new ReplicatoorException(
          ErrorCode.COLLATERAL_MISSING, "collateral field " + name + " is missing");
    }
    if (!n.isTextual()) {
      throw malformed("collateral field " + name + " is not a string");
    }
    return n;
  }

  private static String text(ObjectNode o, String name) throws ReplicatoorException {
    return field(o, name).textValue();
  }

  private static Bytes hexField(ObjectNode o, String name) throws ReplicatoorException {
    String t = text(o, name);
    try {
      return Bytes.of(HexFormat.of().parseHex(t));
    } catch (IllegalArgumentException e) {
      throw malformed("collateral field " + name + " is not hex");
    }
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Issuer chains: PEM as is, or the URL-encoded header value (Intel leaves the dashes alone:
   * {@code -----BEGIN%20CERTIFICATE-----%0A...}); PEM itself never contains {@code %}.
   */
  private static Bytes pem(byte[] raw) throws ReplicatoorException {
    String s = new String(raw, StandardCharsets.US_ASCII).strip();
    if (s.indexOf('%') >= 0) {
      String decoded;
      try {
        decoded = URLDecoder.decode(s, StandardCharsets.US_ASCII);
      } catch (IllegalArgumentException e) {
        throw malformed("issuer chain is not valid URL-encoded PEM");
      }
      if (!decoded.startsWith("-----BEGIN")) {
        throw malformed("issuer chain is neither PEM nor URL-encoded PEM");
      }
      return Bytes.of(decoded.getBytes(StandardCharsets.US_ASCII));
    }
    if (s.startsWith("-----BEGIN")) {
      return Bytes.of(raw);
    }
    throw malformed("issuer chain is neither PEM nor URL-encoded PEM");
  }

  /** CRLs: DER as is; PEM or hex text decoded to DER. */
  static Bytes crlBytes(Bytes raw, String name) throws ReplicatoorException {
    byte[] b = raw.toByteArray();
    if (b.length == 0 || b[0] == 0x30) {
      return raw;
    }
    String s = new String(b, StandardCharsets.US_ASCII).strip();
    try {
      if (s.startsWith("-----BEGIN X509 CRL-----") && s.endsWith("-----END X509 CRL-----")) {
        String body = s.substring(24, s.length() - 22).replaceAll("\\s", "");
        return Bytes.of(Base64.getDecoder().decode(body));
      }
      byte[] der = HexFormat.of().parseHex(s);
      if (der.length > 0 && der[0] == 0x30) {
        return Bytes.of(der);
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw malformed(name + " is not a DER, PEM or hex CRL");
  }
}
