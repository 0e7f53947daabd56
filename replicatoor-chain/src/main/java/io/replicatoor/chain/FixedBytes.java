package io.replicatoor.chain;

import java.util.Arrays;
import java.util.HexFormat;

/** Shared immutable fixed-width byte value with value equality and a 0x-hex {@code toString}. */
abstract class FixedBytes {
  private final byte[] value;

  FixedBytes(byte[] value, int length, String what) {
    if (value == null || value.length != length) {
      throw new IllegalArgumentException(
          what + " must be " + length + " bytes, got " + (value == null ? "null" : value.length));
    }
    this.value = value.clone();
  }

  static byte[] parseHex(String hex, int length, String what) {
    if (hex == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (h.length() != length * 2) {
      throw new IllegalArgumentException(
          what + " must be " + length + " bytes (" + length * 2 + " hex digits), got "
              + h.length() + " hex digits");
    }
    try {
      return HexFormat.of().parseHex(h);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not hex", e);
    }
  }

  /** A copy of the bytes. */
  public final byte[] bytes() {
    return value.clone();
  }

  /** {@code 0x}-prefixed lower-case hex. */
  public final String hex() {
    return "0x" + HexFormat.of().formatHex(value);
  }

  final byte[] raw() {
    return value;
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && Arrays.equals(value, ((FixedBytes) o).value);
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public final String toString() {
    return hex();
  }
}
