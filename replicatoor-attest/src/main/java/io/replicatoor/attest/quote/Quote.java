package io.replicatoor.attest.quote;

import static io.replicatoor.attest.quote.QuoteLayout.*;

import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.crypto.RequiredAlgorithms;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A parsed, structurally checked DCAP quote (v3 SGX, v4 TDX, v5 TDX 1.0/1.5). Parsing checks the
 * layout only; signatures are checked by {@code io.replicatoor.attest.verify.QuoteVerifier}.
 *
 * <p><b>Canonical identity.</b> Bytes after the declared signature data are accepted and ignored
 * (real dstack quotes carry such padding), so they are not part of the quote: its identity is
 * {@link #canonicalBytes()}, the bytes up to the declared end, and {@link #canonicalSha256()}.
 * {@link #equals}, {@link #hashCode} and {@link #toString} use that form, and everything that
 * hashes, caches, logs or binds a quote must too; a relay that appends bytes then cannot change
 * what was bound.
 *
 * <p>Immutable: the raw bytes are copied in and every accessor returns immutable values.
 */
public final class Quote {
  private static final byte[] INTEL_QE_VENDOR_ID = HexFormat.of().parseHex(INTEL_QE_VENDOR_ID_HEX);

  private final byte[] raw;
  private final QuoteHeader header;
  private final int bodyType;
  private final QuoteBody body;
  private final QuoteSignatureData signatureData;
  private final QuoteOffsets offsets;
  private final Bytes canonical;
  private final Bytes32 canonicalSha256;

  private Quote(
      byte[] raw,
      QuoteHeader header,
      int bodyType,
      QuoteBody body,
      QuoteSignatureData sig,
      QuoteOffsets offsets) {
    this.raw = raw;
    this.header = header;
    this.bodyType = bodyType;
    this.body = body;
    this.signatureData = sig;
    this.offsets = offsets;
    this.canonical = Bytes.of(raw, 0, offsets.signatureDataEnd());
    this.canonicalSha256 =
        Bytes32.of(RequiredAlgorithms.digest("SHA-256", canonical.toByteArray()));
  }

  /**
   * Parses {@code quote} (copied). Trailing bytes after the signature data are allowed and ignored.
   *
   * @throws QuoteFormatException {@code QUOTE_MALFORMED} for truncated or inconsistent input (the
   *     message names the field and offset), {@code QUOTE_UNSUPPORTED} for an unknown version, key
   *     type, TEE type, body type, QE vendor or certification data type
   */
  public static Quote parse(byte[] quote) throws QuoteFormatException {
    if (quote == null) {
      throw QuoteFormatException.malformed("quote is null");
    }
    if (quote.length > MAX_QUOTE_SIZE) {
      throw QuoteFormatException.malformed(
          "quote is " + quote.length + " bytes, more than the limit of " + MAX_QUOTE_SIZE);
    }
    byte[] raw = quote.clone();
    ByteCursor c = new ByteCursor(raw, 0, raw.length);

    // Section 1.1: header.
    int version = c.u16("header.version (offset 0)");
    int attKeyType = c.u16("header.att_key_type (offset 2)");
    long teeType = c.u32("header.tee_type (offset 4)");
    byte[] reserved = c.bytes(HEADER_RESERVED_SIZE, "header.reserved (offset 8)");
    byte[] vendor = c.bytes(HEADER_QE_VENDOR_ID_SIZE, "header.qe_vendor_id (offset 12)");
    byte[] userData = c.bytes(HEADER_USER_DATA_SIZE, "header.user_data (offset 28)");
    if (version != VERSION_3 && version != VERSION_4 && version != VERSION_5) {
      throw QuoteFormatException.unsupported(
          "header.version at offset 0 is " + version + "; supported: 3, 4, 5");
    }
    if (attKeyType != ATT_KEY_TYPE_ECDSA_P256) {
      throw QuoteFormatException.unsupported(
          "header.att_key_type at offset 2 is "
              + attKeyType
              + "; only 2 (ECDSA P-256) is supported");
    }
    if (teeType != TEE_TYPE_SGX && teeType != TEE_TYPE_TDX) {
      throw QuoteFormatException.unsupported(
          "header.tee_type at offset 4 is 0x"
              + Long.toHexString(teeType)
              + "; supported: 0x0 (SGX), 0x81 (TDX)");
    }
    if (version == VERSION_3 && teeType != TEE_TYPE_SGX) {
      throw QuoteFormatException.unsupported("header.tee_type at offset 4: v3 quotes must be SGX");
    }
    if (!Arrays.equals(vendor, INTEL_QE_VENDOR_ID)) {
      throw QuoteFormatException.unsupported(
          "header.qe_vendor_id at offset 12 is "
              + HexFormat.of().formatHex(vendor)
              + ", not Intel's "
              + INTEL_QE_VENDOR_ID_HEX);
    }
    QuoteHeader header =
        new QuoteHeader(
            version,
            attKeyType,
            teeType,
            Bytes.of(reserved),
            Bytes16.of(vendor),
            Bytes.of(userData));

    // Section 1.2: where the body starts and how long it is.
    int bodyType;
    int bodySize;
    if (version == VERSION_5) {
      bodyType = c.u16("v5 body_type (offset 48)");
      long declared = c.u32("v5 body_size (offset 50)");
      int implied = bodySizeForType(bodyType);
      if (implied < 0) {
        throw QuoteFormatException.unsupported(
            "v5 body_type at offset 48 is "
                + bodyType
                + "; supported: 1 (SGX), 2 (TD 1.0), 3 (TD 1.5)");
      }
      if (declared != implied) {
        throw QuoteFormatException.malformed(
            "v5 body_size at offset 50 is "
                + declared
                + " but body_type "
                + bodyType
                + " implies "
                + implied);
      }
      bodySize = implied;
    } else if (teeType == TEE_TYPE_TDX) {
      bodyType = BODY_TYPE_TD10;
      bodySize = TD_REPORT10_SIZE;
    } else {
      bodyType = BODY_TYPE_SGX;
      bodySize = SGX_REPORT_SIZE;
    }
    if ((teeType == TEE_TYPE_SGX) != (bodyType == BODY_TYPE_SGX)) {
      throw QuoteFormatException.unsupported(
          "tee_type 0x" + Long.toHexString(teeType) + " does not match body type " + bodyType);
    }
    int bodyOffset = c.position();
    c.slice(bodySize, "body (" + bodySize + " bytes)");
    QuoteBody body =
        switch (bodyType) {
          case BODY_TYPE_TD10 -> TdReport10.read(raw, bodyOffset);
          case BODY_TYPE_TD15 -> TdReport15.read(raw, bodyOffset);
          default -> SgxReport.read(raw, bodyOffset);
        };
    int signedLength = c.position();

    // Section 1.4 / 1.7: signature data; its declared length must fit, trailing bytes are allowed.
    long sigLen = c.u32("signature_data_len (offset " + signedLength + ")");
    int sigDataLen = c.length(sigLen, "signature_data_len");
    int s = c.position();
    ByteCursor sig = c.slice(sigDataLen, "signature data");
    int sigEnd = c.position();

    byte[] quoteSignature = sig.bytes(ECDSA_SIGNATURE_SIZE, "quote signature");
    byte[] attestationKey = sig.bytes(ECDSA_PUBLIC_KEY_SIZE, "attestation key");
    ByteCursor qe;
    if (version == VERSION_3) {
      qe = sig;
    } else {
      int outerType = sig.u16("outer certification data type");
      if (outerType != CERT_TYPE_QE_REPORT) {
        throw QuoteFormatException.unsupported(
            "outer certification data type at offset "
                + (s + SIG_OUTER_CERT_TYPE_REL)
                + " is "
                + outerType
                + "; expected 6 (QE report certification data)");
      }
      long outerSize = sig.u32("outer certification data size");
      qe =
          sig.slice(
              sig.length(outerSize, "outer certification data size"), "outer certification data");
      sig.expectEnd("signature data");
    }
    int qeReportOffset = qe.position();
    byte[] qeReportBytes = qe.bytes(SGX_REPORT_SIZE, "QE report");
    int qeReportSigOffset = qe.position();
    byte[] qeReportSig = qe.bytes(ECDSA_SIGNATURE_SIZE, "QE report signature");
    int authSize = qe.u16("QE authentication data size");
    int authOffset = qe.position();
    byte[] auth =
        qe.bytes(qe.length(authSize, "QE authentication data size"), "QE authentication data");
    int certTypeOffset = qe.position();
    int certType = qe.u16("certification data type");
    if (certType != CERT_TYPE_PCK_CHAIN) {
      throw QuoteFormatException.unsupported(
          "certification data type at offset "
              + certTypeOffset
              + " is "
              + certType
              + "; only 5 (PCK certificate chain) is supported");
    }
    long certSize = qe.u32("certification data size");
    int certOffset = qe.position();
    byte[] certData =
        qe.bytes(qe.length(certSize, "certification data size"), "certification data");
    qe.expectEnd(version == VERSION_3 ? "signature data" : "QE report certification data");

    List<Bytes> ders;
    try {
      ders = PemChain.split(certData, true);
    } catch (IllegalArgumentException e) {
      throw QuoteFormatException.malformed(
          "PCK certificate chain at offset " + certOffset + ": " + e.getMessage());
    }
    if (ders.size() != PCK_CHAIN_LENGTH) {
      throw QuoteFormatException.malformed(
          "PCK certificate chain at offset "
              + certOffset
              + " has "
              + ders.size()
              + " certificates; exactly 3 are required");
    }

    QuoteSignatureData sd =
        new QuoteSignatureData(
            Bytes.of(quoteSignature),
            Bytes.of(attestationKey),
            SgxReport.read(qeReportBytes, 0),
            Bytes.of(qeReportBytes),
            Bytes.of(qeReportSig),
            Bytes.of(auth),
            certType,
            Bytes.of(certData),
            ders);
    QuoteOffsets offsets =
        new QuoteOffsets(
            bodyOffset,
            bodySize,
            signedLength,
            s,
            sigEnd,
            qeReportOffset,
            qeReportSigOffset,
            authOffset,
            authSize,
            certOffset,
            certData.length,
            raw.length - sigEnd);
    return new Quote(raw, header, bodyType, body, sd, offsets);
  }

  /** The header. */
  public QuoteHeader header() {
    return header;
  }

  /** Quote version (3, 4 or 5). */
  public int version() {
    return header.version();
  }

  /** True for TDX quotes. */
  public boolean isTdx() {
    return header.isTdx();
  }

  /** Body type: the v5 descriptor value, or the implied one for v3/v4 (1 SGX, 2 TD 1.0). */
  public int bodyType() {
    return bodyType;
  }

  /** The body as the sealed union (TD 1.0, TD 1.5 or SGX). */
  public QuoteBody reportBody() {
    return body;
  }

  /**
   * The TD report of a TDX quote.
   *
   * @throws IllegalStateException for an SGX quote (check {@link #isTdx()} first)
   */
  public TdReport body() {
    if (body instanceof TdReport td) {
      return td;
    }
    throw new IllegalStateException(
        "not a TDX quote (tee type 0x" + Long.toHexString(header.teeType()) + ")");
  }

  /** The signature data (signatures, attestation key, QE report, auth data, PCK chain). */
  public QuoteSignatureData signatureData() {
    return signatureData;
  }

  /** Absolute offsets of this quote's parts. */
  public QuoteOffsets offsets() {
    return offsets;
  }

  /** Length of the signed region (632 v4 TDX, 432 v3, 54 + body size for v5). */
  public int signedLength() {
    return offsets.signedLength();
  }

  /** A copy of the exact bytes the attestation key signs, {@code [0, signedLength)}. */
  public Bytes signedRegion() {
    return Bytes.of(raw, 0, offsets.signedLength());
  }

  /** Package and verifier use: the raw array (never modified). */
  byte[] rawUnsafe() {
    return raw;
  }

  /**
   * A copy of the quote bytes as given, including ignored trailing bytes. Not an identity: two
   * inputs that differ only after the declared end are the same quote (see {@link
   * #canonicalBytes()}).
   */
  public byte[] toByteArray() {
    return raw.clone();
  }

  /**
   * The quote's canonical bytes: {@code [0, signatureDataEnd)}, from the header to the end of the
   * declared signature data, without the trailing bytes that parsing ignores. The quote's identity.
   */
  public Bytes canonicalBytes() {
    return canonical;
  }

  /**
   * SHA-256 of {@link #canonicalBytes()}: the quote hash that caches, logs, device records and
   * protocol transcripts use.
   */
  public Bytes32 canonicalSha256() {
    return canonicalSha256;
  }

  /** How many bytes after the declared signature data were ignored (0 for a canonical input). */
  public int trailingByteCount() {
    return offsets.trailingBytes();
  }

  /** Equal when the canonical bytes are equal (trailing bytes are not part of a quote). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Quote q && canonical.equals(q.canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  @Override
  public String toString() {
    return "Quote[v"
        + header.version()
        + ", tee 0x"
        + Long.toHexString(header.teeType())
        + ", body type "
        + bodyType
        + ", "
        + canonical.length()
        + " bytes, sha256 "
        + canonicalSha256.toHex()
        + ", "
        + offsets.trailingBytes()
        + " trailing bytes ignored]";
  }
}
