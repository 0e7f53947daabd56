package io.replicatoor.chain;

import io.replicatoor.chain.internal.Keccak;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The preimage of a measurement id: MRTD, RTMR0–2 (48 bytes each), compose hash and OS image hash
 * (32 bytes each, the latter zero when not bound), as in upgrade-governance.md 3.1.
 */
public final class MeasurementParts {
  /** Size of MRTD and each RTMR. */
  public static final int REGISTER_LENGTH = 48;
  /** Kind byte of a measurement id. */
  public static final byte KIND_MEASUREMENT = 0x01;
  /** Kind byte of a device key. */
  public static final byte KIND_DEVICE = 0x02;

  private final byte[] mrtd;
  private final byte[] rtmr0;
  private final byte[] rtmr1;
  private final byte[] rtmr2;
  private final Bytes32 composeHash;
  private final Bytes32 osImageHash;

  private MeasurementParts(byte[] mrtd, byte[] rtmr0, byte[] rtmr1, byte[] rtmr2,
      Bytes32 composeHash, Bytes32 osImageHash) {
    this.mrtd = check(mrtd, "mrtd");
    this.rtmr0 = check(rtmr0, "rtmr0");
    this.rtmr1 = check(rtmr1, "rtmr1");
    this.rtmr2 = check(rtmr2, "rtmr2");
    this.composeHash = Objects.requireNonNull(composeHash, "composeHash");
    this.osImageHash = Objects.requireNonNull(osImageHash, "osImageHash");
  }

  /** Copies the parts; each register must be 48 bytes. */
  public static MeasurementParts of(byte[] mrtd, byte[] rtmr0, byte[] rtmr1, byte[] rtmr2,
      Bytes32 composeHash, Bytes32 osImageHash) {
    return new MeasurementParts(mrtd, rtmr0, rtmr1, rtmr2, composeHash, osImageHash);
  }

  /** Parses hex parts ({@code 0x} optional); {@code osImageHash} may be null for zero. */
  public static MeasurementParts fromHex(String mrtd, String rtmr0, String rtmr1, String rtmr2,
      String composeHash, String osImageHash) {
    return new MeasurementParts(
        FixedBytes.parseHex(mrtd, REGISTER_LENGTH, "mrtd"),
        FixedBytes.parseHex(rtmr0, REGISTER_LENGTH, "rtmr0"),
        FixedBytes.parseHex(rtmr1, REGISTER_LENGTH, "rtmr1"),
        FixedBytes.parseHex(rtmr2, REGISTER_LENGTH, "rtmr2"),
        Bytes32.fromHex(composeHash),
        osImageHash == null ? Bytes32.ZERO : Bytes32.fromHex(osImageHash));
  }

  private static byte[] check(byte[] b, String name) {
    if (b == null || b.length != REGISTER_LENGTH) {
      throw new IllegalArgumentException(name + " must be " + REGISTER_LENGTH + " bytes, got "
          + (b == null ? "null" : b.length));
    }
    return b.clone();
  }

  /** {@code keccak256(0x01 ‖ MRTD ‖ RTMR0 ‖ RTMR1 ‖ RTMR2 ‖ composeHash ‖ osImageHash)}. */
  public Bytes32 id() {
    return Bytes32.of(Keccak.hash(new byte[] {KIND_MEASUREMENT}, mrtd, rtmr0, rtmr1, rtmr2,
        composeHash.bytes(), osImageHash.bytes()));
  }

  /** {@code keccak256(0x02 ‖ deviceId)}. */
  public static Bytes32 deviceKey(Bytes32 deviceId) {
    return Bytes32.of(Keccak.hash(new byte[] {KIND_DEVICE}, deviceId.bytes()));
  }

  public byte[] mrtd() {
    return mrtd.clone();
  }

  public byte[] rtmr0() {
    return rtmr0.clone();
  }

  public byte[] rtmr1() {
    return rtmr1.clone();
  }

  public byte[] rtmr2() {
    return rtmr2.clone();
  }

  public Bytes32 composeHash() {
    return composeHash;
  }

  public Bytes32 osImageHash() {
    return osImageHash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MeasurementParts m && Arrays.equals(mrtd, m.mrtd)
        && Arrays.equals(rtmr0, m.rtmr0) && Arrays.equals(rtmr1, m.rtmr1)
        && Arrays.equals(rtmr2, m.rtmr2) && composeHash.equals(m.composeHash)
        && osImageHash.equals(m.osImageHash);
  }

  @Override
  public int hashCode() {
    return id().hashCode();
  }

  @Override
  public String toString() {
    HexFormat h = HexFormat.of();
    return "MeasurementParts[mrtd=" + h.formatHex(mrtd) + ", rtmr0=" + h.formatHex(rtmr0)
        + ", rtmr1=" + h.formatHex(rtmr1) + ", rtmr2=" + h.formatHex(rtmr2)
        + ", composeHash=" + composeHash + ", osImageHash=" + osImageHash + "]";
  }
}
