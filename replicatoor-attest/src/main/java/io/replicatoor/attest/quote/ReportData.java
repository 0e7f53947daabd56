package io.replicatoor.attest.quote;

import io.replicatoor.core.bytes.ImmutableBytes;

/** The 64-byte REPORTDATA field of a TD or enclave report. */
public final class ReportData extends ImmutableBytes {
  /** Size in bytes. */
  public static final int SIZE = 64;

  private ReportData(byte[] value) {
    super(value, SIZE, "ReportData");
  }

  /** Copies {@code value}, which must be {@value #SIZE} bytes. */
  public static ReportData of(byte[] value) {
    return new ReportData(value);
  }

  /** Parses hex (either case, optional 0x) of exactly {@value #SIZE} bytes. */
  public static ReportData fromHex(String hex) {
    return new ReportData(parseHex(hex, "ReportData"));
  }

  /** All-zero value. */
  public static ReportData zero() {
    return new ReportData(new byte[SIZE]);
  }
}
