package io.replicatoor.attest.measure;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * An immutable 32-byte value: a SHA-256 or Keccak-256 digest (compose hash, OS image hash,
 * measurement id); value equality and a lowercase-hex {@code toString}.
 */
public final class Bytes32 {
  /** Width in bytes (SHA-256 and Keccak-256 output). */
  public static final int SIZE = 32;

  /** 32 zero bytes, used for an absent OS image hash. */
  public static final Bytes32 ZERO = new Bytes32(new byte[SIZE]);

  private final byte[] bytes;

  private Bytes32(byte[] owned) {
    this.bytes = owned;
  }

  /** Copies exactly 32 bytes. */
  public static Bytes32 copyOf(byte[] bytes) {
    if (bytes == null || bytes.length != SIZE) {
      throw new IllegalArgumentException(
          "expected " + SIZE + " bytes, got " + (bytes == null ? "null" : bytes.length));
    }
    return new Bytes32(bytes.clone());
  }

  /** Copies 32 bytes of {@code source} starting at {@code offset}. */
  public static Bytes32 copyOf(byte[] source, int offset) {
    if (offset < 0 || Math.addExact(offset, SIZE) > source.length) {
      throw new IllegalArgumentException("32 bytes at offset " + offset + " exceed " + source.length);
    }
    return new Bytes32(Arrays.copyOfRange(source, offset, offset + SIZE));
  }

  /** Parses 64 hex digits (optional {@code 0x}). */
  public static Bytes32 fromHex(String hex) {
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

  /** True when all 32 bytes are zero. */
  public boolean isZero() {
    return equals(ZERO);
  }

  /** Lowercase hex, no prefix. */
  public String hex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes32 other && MessageDigest.isEqual(bytes, other.bytes);
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
