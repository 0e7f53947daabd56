package io.replicatoor.attest.quote;

/** An immutable byte string of any length (signatures, keys, auth data, DER). */
public final class Bytes extends ImmutableBytes {
  private Bytes(byte[] value) {
    super(value, -1, "Bytes");
  }

  /** Copies {@code value}. */
  public static Bytes of(byte[] value) {
    return new Bytes(value);
  }

  /** Copies {@code value[from, to)}. */
  public static Bytes of(byte[] value, int from, int to) {
    return new Bytes(java.util.Arrays.copyOfRange(value, from, to));
  }

  /** Parses hex (either case, optional 0x). */
  public static Bytes fromHex(String hex) {
    return new Bytes(hex(hex, "Bytes"));
  }
}
