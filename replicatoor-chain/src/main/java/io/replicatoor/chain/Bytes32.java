package io.replicatoor.chain;

import java.math.BigInteger;

/** An immutable 32-byte value (hash, storage slot, storage word, measurement id). */
public final class Bytes32 extends FixedBytes {
  /** Size in bytes. */
  public static final int LENGTH = 32;
  /** All zeros. */
  public static final Bytes32 ZERO = new Bytes32(new byte[LENGTH]);

  private Bytes32(byte[] value) {
    super(value, LENGTH, "bytes32");
  }

  /** Copies exactly 32 bytes. */
  public static Bytes32 of(byte[] value) {
    return new Bytes32(value);
  }

  /** Parses 64 hex digits, with or without {@code 0x}. */
  public static Bytes32 fromHex(String hex) {
    return new Bytes32(parseHex(hex, LENGTH, "bytes32"));
  }

  /** The 32-byte big-endian encoding of a non-negative integer below 2^256. */
  public static Bytes32 ofUnsigned(BigInteger v) {
    if (v.signum() < 0 || v.bitLength() > 256) {
      throw new IllegalArgumentException("value does not fit in 256 unsigned bits");
    }
    byte[] b = v.toByteArray();
    byte[] out = new byte[LENGTH];
    int n = Math.min(b.length, LENGTH);
    System.arraycopy(b, b.length - n, out, LENGTH - n, n);
    return new Bytes32(out);
  }

  /** The value as an unsigned big-endian integer. */
  public BigInteger toUnsigned() {
    return new BigInteger(1, raw());
  }

  /** True for the all-zero word. */
  public boolean isZero() {
    return equals(ZERO);
  }
}
