package io.replicatoor.attest.quote;

import io.replicatoor.core.bytes.ImmutableBytes;

/** An immutable 16-byte value (CPUSVN, attributes, PPID, QE vendor id). */
public final class Bytes16 extends ImmutableBytes {
  /** Size in bytes. */
  public static final int SIZE = 16;

  private Bytes16(byte[] value) {
    super(value, SIZE, "Bytes16");
  }

  /** Copies {@code value}, which must be {@value #SIZE} bytes. */
  public static Bytes16 of(byte[] value) {
    return new Bytes16(value);
  }

  /** Parses hex (either case, optional 0x) of exactly {@value #SIZE} bytes. */
  public static Bytes16 fromHex(String hex) {
    return new Bytes16(parseHex(hex, "Bytes16"));
  }

  /** All-zero value. */
  public static Bytes16 zero() {
    return new Bytes16(new byte[SIZE]);
  }
}
