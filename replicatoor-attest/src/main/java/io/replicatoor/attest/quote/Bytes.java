package io.replicatoor.attest.quote;

import io.replicatoor.core.bytes.ImmutableBytes;
import java.util.Arrays;

/**
 * An immutable byte string of any length (signatures, keys, auth data, DER, event payloads, app
 * ids, key-provider documents).
 */
public final class Bytes extends ImmutableBytes {
  private static final Bytes EMPTY = new Bytes(new byte[0]);

  private Bytes(byte[] value) {
    super(value, -1, "Bytes");
  }

  /** The empty byte string. */
  public static Bytes empty() {
    return EMPTY;
  }

  /** Copies {@code value}. */
  public static Bytes of(byte[] value) {
    return new Bytes(value);
  }

  /** Copies {@code value[from, to)}. */
  public static Bytes of(byte[] value, int from, int to) {
    return new Bytes(Arrays.copyOfRange(value, from, to));
  }

  /** Parses hex (either case, optional 0x). */
  public static Bytes fromHex(String hex) {
    return new Bytes(parseHex(hex, "Bytes"));
  }
}
