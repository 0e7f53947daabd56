package io.replicatoor.attest.measure;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * An immutable byte sequence of any length (event payloads, app ids, key-provider documents); value
 * equality and a lowercase-hex {@code toString}.
 */
public final class ByteString {
  /** The empty sequence. */
  public static final ByteString EMPTY = new ByteString(new byte[0]);

  private final byte[] bytes;

  private ByteString(byte[] owned) {
    this.bytes = owned;
  }

  /** Copies {@code bytes}. */
  public static ByteString copyOf(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new ByteString(bytes.clone());
  }

  /** Parses hex (optional {@code 0x}; odd length and non-hex characters are rejected). */
  public static ByteString fromHex(String hex) {
    return new ByteString(Hex.decode(hex));
  }

  /** Number of bytes. */
  public int size() {
    return bytes.length;
  }

  /** True when empty. */
  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** Lowercase hex, no prefix. */
  public String hex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteString other && MessageDigest.isEqual(bytes, other.bytes);
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
