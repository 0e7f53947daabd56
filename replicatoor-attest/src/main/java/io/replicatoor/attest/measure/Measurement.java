package io.replicatoor.attest.measure;

import io.replicatoor.attest.quote.Bytes32;
import io.replicatoor.attest.quote.Measurement48;
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

  /** The kind byte of a measurement id (upgrade-governance.md 3.1; a device id uses 0x02). */
  public static final byte KIND_MEASUREMENT = 0x01;

  /** Number of bytes hashed for a measurement id: 1 + 4 x 48 + 2 x 32 (upgrade-governance.md 3.1). */
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
    out[0] = KIND_MEASUREMENT;
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
  public Bytes32 measurementId() {
    return Digests.keccak256(idPreimage());
  }
}
