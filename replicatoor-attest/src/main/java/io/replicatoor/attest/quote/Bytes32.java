package io.replicatoor.attest.quote;

import io.replicatoor.attest.bytes.ImmutableBytes;

/**
 * An immutable 32-byte value: MRENCLAVE, MRSIGNER, or a SHA-256 / Keccak-256 digest (compose hash,
 * OS image hash, measurement id).
 */
public final class Bytes32 extends ImmutableBytes {
  /** Size in bytes. */
  public static final int SIZE = 32;

  private Bytes32(byte[] value) {
    super(value, SIZE, "Bytes32");
  }

  /** Copies {@code value}, which must be {@value #SIZE} bytes. */
  public static Bytes32 of(byte[] value) {
    return new Bytes32(value);
  }

  /** Parses hex (either case, optional 0x) of exactly {@value #SIZE} bytes. */
  public static Bytes32 fromHex(String hex) {
    return new Bytes32(parseHex(hex, "Bytes32"));
  }

  /** All-zero value. */
  public static Bytes32 zero() {
    return new Bytes32(new byte[SIZE]);
  }

}
