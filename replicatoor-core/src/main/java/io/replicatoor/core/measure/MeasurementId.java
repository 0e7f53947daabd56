package io.replicatoor.core.measure;

import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.ImmutableBytes;
import io.replicatoor.core.crypto.Keccak256;

/**
 * The 32-byte key under which the UpgradeOperator contract records an approval: {@code
 * keccak256(0x01 || MRTD || RTMR0 || RTMR1 || RTMR2 || composeHash || osImageHash)} for a {@link
 * Measurement}, or {@code keccak256(0x02 || deviceId)} for a device (upgrade-governance.md 3.1).
 * The kind byte keeps the two preimage spaces apart. Equality is constant-time.
 */
public final class MeasurementId extends ImmutableBytes {
  /** Size in bytes. */
  public static final int SIZE = Bytes32.SIZE;

  /** Kind byte of a measurement id preimage. */
  public static final byte KIND_MEASUREMENT = 0x01;

  /** Kind byte of a device key preimage. */
  public static final byte KIND_DEVICE = 0x02;

  private MeasurementId(byte[] value) {
    super(value, SIZE, "measurement id");
  }

  /** The id of {@code measurement}: {@code keccak256(measurement.idPreimage())}. */
  public static MeasurementId of(Measurement measurement) {
    return new MeasurementId(Keccak256.digest(measurement.idPreimage()));
  }

  /** The device key {@code keccak256(0x02 || deviceId)}. */
  public static MeasurementId ofDevice(Bytes32 deviceId) {
    return new MeasurementId(Keccak256.digest(new byte[] {KIND_DEVICE}, deviceId.toByteArray()));
  }

  /** An id read back from the chain or given by a user (no preimage known). */
  public static MeasurementId of(Bytes32 id) {
    return new MeasurementId(id.toByteArray());
  }

  /** Copies {@code value}, which must be {@value #SIZE} bytes. */
  public static MeasurementId of(byte[] value) {
    return new MeasurementId(value);
  }

  /** Parses hex (either case, optional 0x) of exactly {@value #SIZE} bytes. */
  public static MeasurementId fromHex(String hex) {
    return new MeasurementId(parseHex(hex, "measurement id"));
  }

  /** The same 32 bytes as a plain word (storage-slot arithmetic, ABI encoding). */
  public Bytes32 toBytes32() {
    return Bytes32.of(unsafeArray());
  }
}
