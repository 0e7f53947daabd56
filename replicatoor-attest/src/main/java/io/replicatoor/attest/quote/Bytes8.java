package io.replicatoor.attest.quote;

import io.replicatoor.core.bytes.ImmutableBytes;

/** An immutable 8-byte value such as TDATTRIBUTES, XFAM or SEAMATTRIBUTES (u64 little-endian). */
public final class Bytes8 extends ImmutableBytes {
  /** Size in bytes. */
  public static final int SIZE = 8;

  private Bytes8(byte[] value) {
    super(value, SIZE, "Bytes8");
  }

  /** Copies {@code value}, which must be {@value #SIZE} bytes. */
  public static Bytes8 of(byte[] value) {
    return new Bytes8(value);
  }

  /** Parses hex (either case, optional 0x) of exactly {@value #SIZE} bytes. */
  public static Bytes8 fromHex(String hex) {
    return new Bytes8(parseHex(hex, "Bytes8"));
  }

  /** All-zero value. */
  public static Bytes8 zero() {
    return new Bytes8(new byte[SIZE]);
  }

  /**
   * The value read as an unsigned little-endian u64 (bit i of the result is bit i of the field).
   */
  public long asLongLe() {
    byte[] v = unsafeArray();
    long r = 0;
    for (int i = SIZE - 1; i >= 0; i--) {
      r = (r << 8) | (v[i] & 0xFFL);
    }
    return r;
  }
}
