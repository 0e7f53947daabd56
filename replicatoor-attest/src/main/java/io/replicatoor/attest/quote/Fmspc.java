package io.replicatoor.attest.quote;

import io.replicatoor.core.bytes.ImmutableBytes;

/** The 6-byte FMSPC (family-model-stepping-platform-custom SKU) of a PCK certificate. */
public final class Fmspc extends ImmutableBytes {
  /** Size in bytes. */
  public static final int SIZE = 6;

  private Fmspc(byte[] value) {
    super(value, SIZE, "Fmspc");
  }

  /** Copies {@code value}, which must be {@value #SIZE} bytes. */
  public static Fmspc of(byte[] value) {
    return new Fmspc(value);
  }

  /** Parses hex (either case, optional 0x) of exactly {@value #SIZE} bytes. */
  public static Fmspc fromHex(String hex) {
    return new Fmspc(parseHex(hex, "Fmspc"));
  }

  /** All-zero value. */
  public static Fmspc zero() {
    return new Fmspc(new byte[SIZE]);
  }
}
