package io.replicatoor.attest.measure;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * An immutable 48-byte value: a TDX measurement register (MRTD, RTMR0-3, MRCONFIGID) or a SHA-384
 * digest; value equality and a lowercase-hex {@code toString}.
 */
public final class Bytes48 {
  /** Width in bytes (TDX module ABI: SHA384_HASH_SIZE). */
  public static final int SIZE = 48;

  /** 48 zero bytes, the initial value of every RTMR. */
  public static final Bytes48 ZERO = new Bytes48(new byte[SIZE]);

  private final byte[] bytes;

  private Bytes48(byte[] owned) {
    this.bytes = owned;
  }

  /** Copies exactly 48 bytes. */
  public static Bytes48 copyOf(byte[] bytes) {
    if (bytes == null || bytes.length != SIZE) {
      throw new IllegalArgumentException(
          "expected " + SIZE + " bytes, got " + (bytes == null ? "null" : bytes.length));
    }
    return new Bytes48(bytes.clone());
  }

  /** Copies 48 bytes of {@code source} starting at {@code offset}. */
  public static Bytes48 copyOf(byte[] source, int offset) {
    if (offset < 0 || Math.addExact(offset, SIZE) > source.length) {
      throw new IllegalArgumentException("48 bytes at offset " + offset + " exceed " + source.length);
    }
    return new Bytes48(Arrays.copyOfRange(source, offset, offset + SIZE));
  }

  /** Parses 96 hex digits (optional {@code 0x}). */
  public static Bytes48 fromHex(String hex) {
    return copyOf(Hex.decode(hex));
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** The byte at {@code index}. */
  public byte get(int index) {
    return bytes[index];
  }

  /** True when all 48 bytes are zero. */
  public boolean isZero() {
    return equals(ZERO);
  }

  /** Lowercase hex, no prefix. */
  public String hex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes48 other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
