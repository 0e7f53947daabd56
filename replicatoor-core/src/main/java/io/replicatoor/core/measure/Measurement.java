package io.replicatoor.core.measure;

import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.bytes.Measurement48;
import java.util.Objects;

/**
 * The identity of a deployable version that the chain approves: image registers MRTD and RTMR0-2,
 * the compose hash, and the OS image hash (32 zero bytes when not bound); RTMR3 is excluded because
 * it holds a per-instance id (upgrade-governance.md 3.1).
 *
 * @param mrTd MRTD, the initial TD memory measurement
 * @param rtmr0 RTMR0 (firmware configuration and ACPI tables; depends on CPU count and memory)
 * @param rtmr1 RTMR1 (kernel)
 * @param rtmr2 RTMR2 (kernel command line and initrd)
 * @param composeHash SHA-256 of the exact app-compose.json bytes
 * @param osImageHash the bound dstack OS image hash, or {@link Bytes32#ZERO} when not bound
 */
public record Measurement(
    Measurement48 mrTd,
    Measurement48 rtmr0,
    Measurement48 rtmr1,
    Measurement48 rtmr2,
    Bytes32 composeHash,
    Bytes32 osImageHash) {

  /**
   * Number of bytes hashed for a measurement id: 1 + 4 x 48 + 2 x 32 (upgrade-governance.md 3.1).
   */
  public static final int ID_PREIMAGE_SIZE = 1 + 4 * Measurement48.SIZE + 2 * Bytes32.SIZE;

  /** Rejects null components. */
  public Measurement {
    Objects.requireNonNull(mrTd, "mrTd");
    Objects.requireNonNull(rtmr0, "rtmr0");
    Objects.requireNonNull(rtmr1, "rtmr1");
    Objects.requireNonNull(rtmr2, "rtmr2");
    Objects.requireNonNull(composeHash, "composeHash");
    Objects.requireNonNull(osImageHash, "osImageHash");
  }

  /** True when an OS image hash is bound (non-zero). */
  public boolean bindsOsImageHash() {
    return !osImageHash.isZero();
  }

  /**
   * The 257 bytes {@code 0x01 || MRTD || RTMR0 || RTMR1 || RTMR2 || composeHash || osImageHash};
   * Solidity {@code abi.encodePacked(bytes1(0x01), mrtd, rtmr0, rtmr1, rtmr2, composeHash,
   * osImageHash)}.
   */
  public byte[] idPreimage() {
    byte[] out = new byte[ID_PREIMAGE_SIZE];
    out[0] = MeasurementId.KIND_MEASUREMENT;
    int off = 1;
    for (Measurement48 r : new Measurement48[] {mrTd, rtmr0, rtmr1, rtmr2}) {
      System.arraycopy(r.toByteArray(), 0, out, off, Measurement48.SIZE);
      off += Measurement48.SIZE;
    }
    System.arraycopy(composeHash.toByteArray(), 0, out, off, Bytes32.SIZE);
    off += Bytes32.SIZE;
    System.arraycopy(osImageHash.toByteArray(), 0, out, off, Bytes32.SIZE);
    return out;
  }

  /** {@code keccak256(idPreimage())}: the on-chain key of this measurement. */
  public MeasurementId measurementId() {
    return MeasurementId.of(this);
  }

  /**
   * Parses the six parts from hex ({@code 0x} optional); a null {@code osImageHash} means not bound
   * ({@link Bytes32#ZERO}).
   *
   * @throws IllegalArgumentException naming the part that is malformed
   */
  public static Measurement fromHex(
      String mrTd,
      String rtmr0,
      String rtmr1,
      String rtmr2,
      String composeHash,
      String osImageHash) {
    return new Measurement(
        register(mrTd, "mrtd"),
        register(rtmr0, "rtmr0"),
        register(rtmr1, "rtmr1"),
        register(rtmr2, "rtmr2"),
        word(composeHash, "composeHash"),
        osImageHash == null ? Bytes32.ZERO : word(osImageHash, "osImageHash"));
  }

  private static Measurement48 register(String hex, String name) {
    return Measurement48.of(exact(hex, Measurement48.SIZE, name));
  }

  private static Bytes32 word(String hex, String name) {
    return Bytes32.of(exact(hex, Bytes32.SIZE, name));
  }

  private static byte[] exact(String hex, int size, String name) {
    byte[] b;
    try {
      b = Hex.decode(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
    return Hex.requireSize(b, size, name);
  }
}
