package io.replicatoor.attest.quote;

/**
 * Every offset, size and constant of the DCAP quote format, as in {@code tdx-quote-verification.md}
 * section 1 (Intel {@code sgx_quote_3.h}, {@code sgx_quote_4.h}, {@code sgx_quote_5.h}).
 *
 * <p>Public so that quote writers (the simulator) use exactly the same numbers as the parser. "abs"
 * offsets count from byte 0 of the quote, "rel" offsets from the start of the structure.
 */
public final class QuoteLayout {
  private QuoteLayout() {}

  // ---- limits (section 1.4 rule 5) ------------------------------------------------------------
  /** Upper bound on a whole quote including trailing buffer bytes (real ones are 5-8 KB). */
  public static final int MAX_QUOTE_SIZE = 64 * 1024;

  // ---- header, 48 bytes at 0 (section 1.1) ----------------------------------------------------
  public static final int HEADER_OFFSET = 0;
  public static final int HEADER_SIZE = 48;

  /** abs 0, u16: quote version. */
  public static final int HEADER_VERSION_OFFSET = 0;

  /** abs 2, u16: attestation key type. */
  public static final int HEADER_ATT_KEY_TYPE_OFFSET = 2;

  /** abs 4, u32: TEE type. */
  public static final int HEADER_TEE_TYPE_OFFSET = 4;

  /** abs 8, 4 bytes: reserved in v4/v5 (QE SVN / PCE SVN in v3). */
  public static final int HEADER_RESERVED_OFFSET = 8;

  public static final int HEADER_RESERVED_SIZE = 4;

  /** abs 12, 16 bytes: QE vendor id. */
  public static final int HEADER_QE_VENDOR_ID_OFFSET = 12;

  public static final int HEADER_QE_VENDOR_ID_SIZE = 16;

  /** abs 28, 20 bytes: user data (first 16 = QE id). */
  public static final int HEADER_USER_DATA_OFFSET = 28;

  public static final int HEADER_USER_DATA_SIZE = 20;

  public static final int VERSION_3 = 3;
  public static final int VERSION_4 = 4;
  public static final int VERSION_5 = 5;

  /** ECDSA-256 with P-256 (the only supported attestation key type). */
  public static final int ATT_KEY_TYPE_ECDSA_P256 = 2;

  public static final long TEE_TYPE_SGX = 0x00000000L;
  public static final long TEE_TYPE_TDX = 0x00000081L;

  /** Intel's QE vendor id {@code 939A7233F79C4CA9940A0DB3957F0607}. */
  public static final String INTEL_QE_VENDOR_ID_HEX = "939a7233f79c4ca9940a0db3957f0607";

  // ---- v5 body descriptor (section 1.2) -------------------------------------------------------
  /** abs 48, u16: v5 body type. */
  public static final int V5_BODY_TYPE_OFFSET = 48;

  /** abs 50, u32: v5 body size. */
  public static final int V5_BODY_SIZE_OFFSET = 50;

  /** Size of the v5 descriptor (type u16 + size u32); it is inside the signed region. */
  public static final int V5_DESCRIPTOR_SIZE = 6;

  /** abs 54: first body byte in v5. */
  public static final int V5_BODY_OFFSET = 54;

  /** abs 48: first body byte in v3 and v4. */
  public static final int V3_V4_BODY_OFFSET = 48;

  public static final int BODY_TYPE_SGX = 1;
  public static final int BODY_TYPE_TD10 = 2;
  public static final int BODY_TYPE_TD15 = 3;

  // ---- SGX enclave report / QE report, 384 bytes (section 1.6) ---------------------------------
  public static final int SGX_REPORT_SIZE = 384;
  public static final int SGX_CPUSVN_REL = 0;
  public static final int SGX_CPUSVN_SIZE = 16;
  public static final int SGX_MISCSELECT_REL = 16;
  public static final int SGX_ATTRIBUTES_REL = 48;
  public static final int SGX_ATTRIBUTES_SIZE = 16;
  public static final int SGX_MRENCLAVE_REL = 64;
  public static final int SGX_MRSIGNER_REL = 128;
  public static final int SGX_HASH_SIZE = 32;
  public static final int SGX_ISVPRODID_REL = 256;
  public static final int SGX_ISVSVN_REL = 258;
  public static final int SGX_REPORTDATA_REL = 320;

  /** Bit 1 of the ATTRIBUTES flags: the enclave is in debug mode. */
  public static final long SGX_ATTRIBUTE_DEBUG = 1L << 1;

  // ---- TD report 1.0, 584 bytes, and 1.5, 648 bytes (section 1.3) ------------------------------
  public static final int TD_REPORT10_SIZE = 584;
  public static final int TD_REPORT15_SIZE = 648;
  public static final int TD_TEE_TCB_SVN_REL = 0;
  public static final int TD_TEE_TCB_SVN_SIZE = 16;
  public static final int TD_MRSEAM_REL = 16;
  public static final int TD_MRSIGNERSEAM_REL = 64;
  public static final int TD_SEAMATTRIBUTES_REL = 112;
  public static final int TD_TDATTRIBUTES_REL = 120;
  public static final int TD_XFAM_REL = 128;
  public static final int TD_U64_SIZE = 8;
  public static final int TD_MRTD_REL = 136;
  public static final int TD_MRCONFIGID_REL = 184;
  public static final int TD_MROWNER_REL = 232;
  public static final int TD_MROWNERCONFIG_REL = 280;

  /** RTMR{@code i} is at {@code TD_RTMR0_REL + i * MEASUREMENT_SIZE}. */
  public static final int TD_RTMR0_REL = 328;

  public static final int RTMR_COUNT = 4;
  public static final int TD_REPORTDATA_REL = 520;
  public static final int MEASUREMENT_SIZE = 48;
  public static final int REPORTDATA_SIZE = 64;

  /** TD 1.5 only. */
  public static final int TD15_TEE_TCB_SVN2_REL = 584;

  public static final int TD15_MRSERVICETD_REL = 600;

  // ---- signature data (sections 1.4 and 1.7), rel to s = end of body + 4 -----------------------
  /** u32 {@code signature_data_len} right after the body. */
  public static final int SIG_DATA_LEN_SIZE = 4;

  public static final int ECDSA_SIGNATURE_SIZE = 64;
  public static final int ECDSA_PUBLIC_KEY_SIZE = 64;
  public static final int SIG_QUOTE_SIGNATURE_REL = 0;
  public static final int SIG_ATTESTATION_KEY_REL = 64;

  /** v4/v5: outer certification data type (u16) at s+128, size (u32) at s+130. */
  public static final int SIG_OUTER_CERT_TYPE_REL = 128;

  public static final int SIG_OUTER_CERT_SIZE_REL = 130;

  /** v4/v5: QE report at s+134. */
  public static final int SIG_V4_QE_REPORT_REL = 134;

  /** v3: QE report directly at s+128 (no type-6 wrapper). */
  public static final int SIG_V3_QE_REPORT_REL = 128;

  public static final int CERT_TYPE_SIZE = 2;
  public static final int CERT_SIZE_SIZE = 4;
  public static final int QE_AUTH_SIZE_SIZE = 2;

  /** Certification data type 5: PCK certificate chain (PEM, leaf first). */
  public static final int CERT_TYPE_PCK_CHAIN = 5;

  /** Certification data type 6: QE report certification data. */
  public static final int CERT_TYPE_QE_REPORT = 6;

  /** Exactly three certificates: PCK leaf, PCK Platform/Processor CA, Intel SGX Root CA. */
  public static final int PCK_CHAIN_LENGTH = 3;

  /** Size of the signed region for v3 SGX quotes: header + enclave report. */
  public static final int V3_SIGNED_SIZE = HEADER_SIZE + SGX_REPORT_SIZE;

  /** Size of the signed region for v4 TDX quotes: header + TD report 1.0. */
  public static final int V4_TDX_SIGNED_SIZE = HEADER_SIZE + TD_REPORT10_SIZE;

  /** Body size implied by a v5 body type, or -1 for an unknown type. */
  public static int bodySizeForType(int bodyType) {
    return switch (bodyType) {
      case BODY_TYPE_SGX -> SGX_REPORT_SIZE;
      case BODY_TYPE_TD10 -> TD_REPORT10_SIZE;
      case BODY_TYPE_TD15 -> TD_REPORT15_SIZE;
      default -> -1;
    };
  }
}
