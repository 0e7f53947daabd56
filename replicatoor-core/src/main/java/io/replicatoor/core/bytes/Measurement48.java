package io.replicatoor.core.bytes;

/**
 * A 48-byte SHA-384 value: a TDX measurement register (MRTD, RTMRn, MRSEAM, MRCONFIGID, ...; TDX
 * module ABI SHA384_HASH_SIZE) or a SHA-384 digest.
 */
public final class Measurement48 extends ImmutableBytes {
  /** Size in bytes. */
  public static final int SIZE = 48;

  /** All zeros (a register that was never extended). */
  public static final Measurement48 ZERO = new Measurement48(new byte[SIZE]);

  private Measurement48(byte[] value) {
    super(value, SIZE, "Measurement48");
  }

  /** Copies {@code value}, which must be {@value #SIZE} bytes. */
  public static Measurement48 of(byte[] value) {
    return new Measurement48(value);
  }

  /** Parses hex (either case, optional 0x) of exactly {@value #SIZE} bytes. */
  public static Measurement48 fromHex(String hex) {
    return new Measurement48(parseHex(hex, "Measurement48"));
  }
}
