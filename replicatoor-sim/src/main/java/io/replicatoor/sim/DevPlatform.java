package io.replicatoor.sim;

import java.util.HexFormat;

/**
 * Fixed TCB values of the simulated platform, chosen so that the collateral written by {@link
 * CollateralWriter} rates it UpToDate (tdx-quote-verification.md sections 2, 3.3, 3.4, 4.J-4.L).
 */
final class DevPlatform {
  private DevPlatform() {}

  private static final HexFormat HEX = HexFormat.of();

  /** FMSPC of the simulated platform (6 bytes); "DE7" marks it as a development value. */
  static final byte[] FMSPC = HEX.parseHex("de7de7000000");

  /** PCE-ID (2 bytes), as on every real TDX sample. */
  static final byte[] PCE_ID = HEX.parseHex("0000");

  /** PCK SGX TCB components 1-16 (the values of the real v01 vector's PCK certificate). */
  static final int[] SGX_TCB_COMPONENTS = {3, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0};

  /** PCK PCESVN. */
  static final int PCESVN = 11;

  /** SGX type in the PCK extension: 1 (Scalable), as on every Platform-CA TDX certificate. */
  static final int SGX_TYPE = 1;

  /** CPUSVN octets = the 16 components as bytes (equal in every real sample, section 2 rule 3). */
  static byte[] cpuSvn() {
    byte[] b = new byte[16];
    for (int i = 0; i < 16; i++) {
      b[i] = (byte) SGX_TCB_COMPONENTS[i];
    }
    return b;
  }

  /**
   * TEE_TCB_SVN of the TD report: module SVN 6, module major version 1 (module identity {@code
   * TDX_01}), late microcode SVN 3.
   */
  static final byte[] TEE_TCB_SVN = HEX.parseHex("06010300000000000000000000000000");

  /** Intel's TD quoting enclave MRSIGNER (section 1.6). */
  static final byte[] QE_MRSIGNER =
      HEX.parseHex("dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5");

  /** TD QE ISVPRODID. */
  static final int QE_ISVPRODID = 2;

  /** TD QE ISVSVN. */
  static final int QE_ISVSVN = 4;

  /** QE ATTRIBUTES as observed on real TD quoting enclaves (flags 0x15, XFRM 0xe7; no DEBUG). */
  static final byte[] QE_ATTRIBUTES = HEX.parseHex("1500000000000000e700000000000000");

  /** QE MRENCLAVE (development value). */
  static final byte[] QE_MRENCLAVE =
      HEX.parseHex("de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7d");

  /** MRSEAM of the simulated TDX module (the value in the real v01 vector). */
  static final byte[] MRSEAM =
      HEX.parseHex(
          "5b38e33a6487958b72c3c12a938eaa5e3fd4510c51aeeab58c7d5ecee41d7c43"
              + "6489d6c8e4f92f160b7cad34207b00c1");

  /** TDATTRIBUTES: SEPT_VE_DISABLE only (section 7.1). */
  static final byte[] TD_ATTRIBUTES = HEX.parseHex("0000001000000000");

  /** XFAM as observed on real quotes. */
  static final byte[] XFAM = HEX.parseHex("e702060000000000");

  /** Intel QE vendor id (section 1.1). */
  static final byte[] QE_VENDOR_ID = HEX.parseHex("939a7233f79c4ca9940a0db3957f0607");
}
