package io.replicatoor.attest.quote;

import java.util.Arrays;
import java.util.HexFormat;

/** Base of the immutable byte value types: defensive copies, value equality, lower-case hex. */
public abstract class ImmutableBytes {
  private static final HexFormat HEX = HexFormat.of();
  private final byte[] value;

  ImmutableBytes(byte[] value, int expectedLength, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (expectedLength >= 0 && value.length != expectedLength) {
      throw new IllegalArgumentException(
          what + " must be " + expectedLength + " bytes, got " + value.length);
    }
    this.value = value.clone();
  }

  static byte[] hex(String hex, String what) {
    if (hex == null) {
      throw new IllegalArgumentException(what + " hex must not be null");
    }
    String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    try {
      return HexFormat.of().parseHex(h);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not valid hex", e);
    }
  }

  /** Number of bytes. */
  public final int length() {
    return value.length;
  }

  /** A fresh copy of the bytes. */
  public final byte[] toByteArray() {
    return value.clone();
  }

  /** Byte {@code i} as an unsigned value 0..255. */
  public final int unsignedByte(int i) {
    return Byte.toUnsignedInt(value[i]);
  }

  /** True when every byte is zero. */
  public final boolean isZero() {
    for (byte b : value) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Lower-case hex without prefix. */
  public final String toHex() {
    return HEX.formatHex(value);
  }

  /** Constant-time comparison of the content with {@code other}. */
  public final boolean contentEquals(byte[] other) {
    return java.security.MessageDigest.isEqual(value, other);
  }

  /** Reads without copying; package use only. */
  final byte[] unsafeArray() {
    return value;
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && Arrays.equals(value, ((ImmutableBytes) o).value);
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(value) * 31 + getClass().hashCode();
  }

  @Override
  public String toString() {
    return toHex();
  }
}
