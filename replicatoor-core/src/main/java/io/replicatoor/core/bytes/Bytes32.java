package io.replicatoor.core.bytes;

import java.math.BigInteger;

/**
 * An immutable 32-byte value: a SHA-256 or Keccak-256 digest (compose hash, OS image hash, block
 * hash), MRENCLAVE, MRSIGNER, an EVM storage slot or storage word. Equality is constant-time.
 */
public final class Bytes32 extends ImmutableBytes {
  /** Size in bytes. */
  public static final int SIZE = 32;

  /** All zeros (an unbound OS image hash, an empty storage word). */
  public static final Bytes32 ZERO = new Bytes32(new byte[SIZE]);

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

  /** The 32-byte big-endian encoding of a non-negative integer below 2^256 (an EVM word). */
  public static Bytes32 ofUnsigned(BigInteger v) {
    if (v.signum() < 0 || v.bitLength() > 8 * SIZE) {
      throw new IllegalArgumentException("value does not fit in 256 unsigned bits");
    }
    byte[] b = v.toByteArray();
    byte[] out = new byte[SIZE];
    int n = Math.min(b.length, SIZE);
    System.arraycopy(b, b.length - n, out, SIZE - n, n);
    return new Bytes32(out);
  }

  /** The value read as an unsigned big-endian integer (an EVM word). */
  public BigInteger toUnsigned() {
    return new BigInteger(1, unsafeArray());
  }
}
