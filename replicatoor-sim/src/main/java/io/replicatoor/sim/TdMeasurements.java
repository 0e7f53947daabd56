package io.replicatoor.sim;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The measurement registers a simulated TD reports: MRTD, MRCONFIGID, MROWNER, MROWNERCONFIG and
 * RTMR0-3 (48 bytes each; tdx-quote-verification.md section 1.3).
 */
public final class TdMeasurements {
  /** Size of every TD measurement register. */
  public static final int MR_SIZE = 48;

  private final byte[] mrtd;
  private final byte[] mrConfigId;
  private final byte[] mrOwner;
  private final byte[] mrOwnerConfig;
  private final byte[][] rtmrs;

  /** All arguments are 48 bytes; they are copied. */
  public TdMeasurements(
      byte[] mrtd,
      byte[] mrConfigId,
      byte[] mrOwner,
      byte[] mrOwnerConfig,
      byte[] rtmr0,
      byte[] rtmr1,
      byte[] rtmr2,
      byte[] rtmr3) {
    this.mrtd = check(mrtd, "mrtd");
    this.mrConfigId = check(mrConfigId, "mrconfigid");
    this.mrOwner = check(mrOwner, "mrowner");
    this.mrOwnerConfig = check(mrOwnerConfig, "mrownerconfig");
    this.rtmrs =
        new byte[][] {
          check(rtmr0, "rtmr0"), check(rtmr1, "rtmr1"), check(rtmr2, "rtmr2"), check(rtmr3, "rtmr3")
        };
  }

  private static byte[] check(byte[] v, String name) {
    Objects.requireNonNull(v, name);
    if (v.length != MR_SIZE) {
      throw new IllegalArgumentException(name + " must be 48 bytes, got " + v.length);
    }
    return v.clone();
  }

  public byte[] mrtd() {
    return mrtd.clone();
  }

  public byte[] mrConfigId() {
    return mrConfigId.clone();
  }

  public byte[] mrOwner() {
    return mrOwner.clone();
  }

  public byte[] mrOwnerConfig() {
    return mrOwnerConfig.clone();
  }

  /** RTMR {@code index} (0-3). */
  public byte[] rtmr(int index) {
    return rtmrs[index].clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TdMeasurements m
        && Arrays.equals(mrtd, m.mrtd)
        && Arrays.equals(mrConfigId, m.mrConfigId)
        && Arrays.equals(mrOwner, m.mrOwner)
        && Arrays.equals(mrOwnerConfig, m.mrOwnerConfig)
        && Arrays.deepEquals(rtmrs, m.rtmrs);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(mrtd) * 31 + Arrays.deepHashCode(rtmrs);
  }

  @Override
  public String toString() {
    HexFormat h = HexFormat.of();
    return "TdMeasurements[mrtd=" + h.formatHex(mrtd) + ", rtmr3=" + h.formatHex(rtmrs[3]) + "]";
  }
}
