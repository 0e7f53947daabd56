package io.replicatoor.core.port;

import io.replicatoor.core.bytes.ImmutableBytes;

/**
 * The 64 bytes a TDX quote commits to (TDREPORT {@code REPORTDATA}). In replicatoor it is always
 * the SHA-512 of a labelled, length-prefixed transcript ({@code docs/protocol.md} section 3), so
 * nothing is padded or hashed by the agent.
 */
public final class ReportData extends ImmutableBytes {
  /** Size in bytes. */
  public static final int SIZE = 64;

  private ReportData(byte[] value) {
    super(value, SIZE, "report data");
  }

  /** Copies {@code value}, which must be {@value #SIZE} bytes. */
  public static ReportData of(byte[] value) {
    return new ReportData(value);
  }

  /** Parses hex of exactly {@value #SIZE} bytes. */
  public static ReportData fromHex(String hex) {
    return new ReportData(parseHex(hex, "report data"));
  }
}
