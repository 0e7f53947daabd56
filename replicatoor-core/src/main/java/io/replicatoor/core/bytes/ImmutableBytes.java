package io.replicatoor.core.bytes;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Base of the immutable byte value types: defensive copies, constant-time value equality between
 * instances of the same class, lowercase hex.
 */
public abstract class ImmutableBytes {
  private final byte[] value;

  /**
   * Copies {@code value}.
   *
   * @param expectedLength the required length, or -1 for any length
   * @param what the type name used in error messages
   * @throws IllegalArgumentException when {@code value} is null or has the wrong length
   */
  protected ImmutableBytes(byte[] value, int expectedLength, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (expectedLength >= 0 && value.length != expectedLength) {
      throw new IllegalArgumentException(
          what + " must be " + expectedLength + " bytes, got " + value.length);
    }
    this.value = value.clone();
  }

  /**
   * Decodes hex with the {@link Hex#decode} rule (optional {@code 0x}, odd length and non-hex
   * characters rejected); the message names {@code what} and the offset, never the content.
   */
  protected static byte[] parseHex(String hex, String what) {
    try {
      return Hex.decode(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  /** Number of bytes. */
  public final int length() {
    return value.length;
  }

  /** True when there are no bytes. */
  public final boolean isEmpty() {
    return value.length == 0;
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

  /** Lowercase hex without prefix; also what {@link #toString()} returns unless a type says so. */
  public final String toHex() {
    return Hex.encode(value);
  }

  /** Lowercase hex with the {@code 0x} prefix (Ethereum JSON-RPC and Solidity form). */
  public final String toPrefixedHex() {
    return "0x" + Hex.encode(value);
  }

  /** Constant-time comparison of the content with {@code other}. */
  public final boolean contentEquals(byte[] other) {
    return MessageDigest.isEqual(value, other);
  }

  /** The internal array without copying; subclasses must not modify or leak it. */
  protected final byte[] unsafeArray() {
    return value;
  }

  @Override
  public final boolean equals(Object o) {
    return o != null
        && o.getClass() == getClass()
        && MessageDigest.isEqual(value, ((ImmutableBytes) o).value);
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
