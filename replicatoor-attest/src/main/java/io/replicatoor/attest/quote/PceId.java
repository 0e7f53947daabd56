package io.replicatoor.attest.quote;

import io.replicatoor.core.bytes.ImmutableBytes;

/** The 2-byte PCE identifier of a PCK certificate. */
public final class PceId extends ImmutableBytes {
  /** Size in bytes. */
  public static final int SIZE = 2;

  private PceId(byte[] value) {
    super(value, SIZE, "PceId");
  }

  /** Copies {@code value}, which must be {@value #SIZE} bytes. */
  public static PceId of(byte[] value) {
    return new PceId(value);
  }

  /** Parses hex (either case, optional 0x) of exactly {@value #SIZE} bytes. */
  public static PceId fromHex(String hex) {
    return new PceId(parseHex(hex, "PceId"));
  }

  /** All-zero value. */
  public static PceId zero() {
    return new PceId(new byte[SIZE]);
  }
}
